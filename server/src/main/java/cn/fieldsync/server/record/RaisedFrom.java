package cn.fieldsync.server.record;

import cn.fieldsync.schemas.Deletions;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RaisedDangers;
import cn.fieldsync.schemas.RecordChecks;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * The stored records that stand on another: the live dangers raised from an inspection, the case
 * links and amendments naming a record. Read here so the shared rules ({@link RaisedDangers},
 * {@link Deletions}) are checked against what the server holds. Works inside the caller's
 * transaction; stateless, thread-safe.
 */
final class RaisedFrom {

    private RaisedFrom() {
    }

    /**
     * The live hazards of {@code unitId} naming {@code inspectionId}. A danger raised from an
     * inspection lies in the inspection's unit (the shared rule), so the unit column bounds the
     * search; the id in the body text narrows it before any body is parsed.
     */
    static List<RaisedDangers.Danger> dangers(EntityManager em, String unitId, String inspectionId) {
        List<RaisedDangers.Danger> dangers = new ArrayList<>();
        if (unitId == null || inspectionId == null || !Uuids.isCanonical(inspectionId)) {
            return dangers;
        }
        RecordHeads.writeChanged(em);
        List<Object[]> rows = em.createQuery("SELECT r.id, r.body FROM RecordEntity r WHERE r.recordType = :type"
                        + " AND r.unitId = :unit AND r.deleted = false AND r.body LIKE :named ORDER BY r.id", Object[].class)
                .setParameter("type", RecordType.HAZARD.wireName()).setParameter("unit", unitId)
                .setParameter("named", "%" + inspectionId + "%").getResultList();
        for (Object[] row : rows) {
            JsonObject body = RecordJson.parseStored((String) row[1]);
            if (inspectionId.equals(text(body, "inspectionId"))) {
                dangers.add(new RaisedDangers.Danger((String) row[0], body));
            }
        }
        return dangers;
    }

    /**
     * A hazard written: never a second one raised from the same checklist item; an inspection
     * written: never an edit that a danger raised from it no longer fits ({@link RaisedDangers}).
     *
     * @param before the record before this write, or null for a new one
     */
    static void check(EntityManager em, RecordType type, String id, JsonObject before, JsonObject after) {
        if (type == RecordType.HAZARD && text(after, "checklistItemCode") != null) {
            refuse(RaisedDangers.secondFromItem(id, before, after, dangers(em, text(after, "unitId"), text(after, "inspectionId"))));
        } else if (type == RecordType.INSPECTION && before != null) {
            refuse(RaisedDangers.inspectionEdit(id, before, after, dangers(em, text(before, "unitId"), id)));
        }
    }

    /** Refuses a device's deletion of a record it may not delete ({@link Deletions}). */
    static void checkDeletion(EntityManager em, RecordType type, String id, JsonObject body) {
        refuse(Deletions.refusal(type, id, body, referencedBy(em, type, id, body)));
    }

    /** What references the record, in Chinese, or null. */
    private static String referencedBy(EntityManager em, RecordType type, String id, JsonObject body) {
        if (type == RecordType.INSPECTION) {
            List<RaisedDangers.Danger> raised = dangers(em, text(body, "unitId"), id);
            if (!raised.isEmpty()) {
                return Labels.name("recordTypes", RecordType.HAZARD.wireName()) + " " + raised.getFirst().id();
            }
        }
        Number links = (Number) em.createNativeQuery("SELECT COUNT(*) FROM evidence_link WHERE evidence_id = ?1")
                .setParameter(1, id).getSingleResult();
        if (links.longValue() > 0) {
            // a case's evidence, even one the engine only proposed: evidence never goes. The inspector who deletes
            // is not told a case exists (found by a tester: "已被引用（案件证据）" told them 纪委 had a case on the unit)
            // said as what it is to the inspector: held as evidence, kept for good (a second tester found "其他记录" vague)
            return "作为证据被其他记录引用，证据一经引用即长期保存；内容有误的请修改更正，确实不需要的请联系管理员";
        }
        // a 文书 issued on it (a 责令限期整改指令书 served on the unit): the danger it orders rectified stays in the ledger
        // (a third tester's finding: it was deleted, and its overdue tracking with it, while the order stood)
        List<?> documents = em.createNativeQuery("SELECT number FROM issued_document WHERE subject_id = ?1 ORDER BY issued_at")
                .setParameter(1, id).setMaxResults(1).getResultList();
        if (!documents.isEmpty()) {
            return "已据此制发文书 " + documents.getFirst();
        }
        if (type != RecordType.INSPECTION && type != RecordType.PLEDGE) {
            return null;
        }
        RecordHeads.writeChanged(em);
        List<String> amending = em.createQuery("SELECT r.id FROM RecordEntity r WHERE r.recordType = :type AND r.deleted = false"
                        + " AND r.body LIKE :named AND r.id <> :id ORDER BY r.id", String.class)
                .setParameter("type", type.wireName()).setParameter("named", "%\"amends\":\"" + id + "\"%")
                .setParameter("id", id).setMaxResults(1).getResultList();
        return amending.isEmpty() ? null : "更正记录 " + amending.getFirst();
    }

    private static void refuse(Optional<RecordChecks.Refusal> refusal) {
        RecordRules.refuseShared(refusal);
    }
}
