package cn.fieldsync.server.record;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.persistence.Sql;
import jakarta.persistence.EntityManager;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the checks of a write read of a record it links to — its type, whether it is deleted, and
 * where it lies (jurisdiction, unit, case) — remembered for the rest of the transaction. A pushed
 * batch of a thousand hazards names the same unit a thousand times, and links to records the same
 * batch created a moment before.
 *
 * <p>A head not yet remembered is read with plain SQL on the transaction's connection: six columns,
 * no entity (EclipseLink would build the whole record, body and all, with a working copy and a
 * backup clone it then compares at commit). The row read is what the database holds for this
 * transaction, which is the transaction's own state for every row but those it changed through an
 * entity (written only at commit): a record's row changes only in {@link RecordStore#update} (the
 * entity, and its unit's members when a unit moves), which tells its new head here
 * ({@link #updated}), and in {@link RecordRows#insertRecord}, whose row is remembered as written
 * ({@link #inserted}). So a head is always what the transaction's own row says. Only for an entity
 * manager inside a transaction; held weakly, as {@code Statements}. Thread-safe.
 */
final class RecordHeads {

    /** The columns of a record's row the link, sight and place checks read. */
    record Head(String id, String recordType, boolean deleted, String jurisdiction, String unitId, String caseId) {

        static Head of(RecordEntity entity) {
            return new Head(entity.id(), entity.recordType(), entity.deleted(), entity.jurisdiction(), entity.unitId(),
                    entity.caseId());
        }
    }

    private static final Map<EntityManager, Map<String, Head>> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    private RecordHeads() {
    }

    /** The record's head as this transaction sees it, or null when there is no such record (or the id is not a UUID). */
    static Head find(EntityManager em, String id) {
        if (id == null || !Uuids.isCanonical(id)) {
            return null;
        }
        Map<String, Head> known = KNOWN.computeIfAbsent(em, k -> new HashMap<>());
        Head head = known.get(id);
        if (head == null) {
            List<Head> rows = Sql.list(Sql.connection(em), "SELECT record_type, deleted, jurisdiction, unit_id, case_id FROM record WHERE id = ?",
                    row -> new Head(id, row.getString(1), row.getBoolean(2), row.getString(3), row.getString(4), row.getString(5)), id);
            if (rows.isEmpty()) {
                // never remembered: the batch may create it next
                return null;
            }
            head = rows.getFirst();
            known.put(id, head);
        }
        return head;
    }

    /** A new record's row, just written in this transaction. */
    static void inserted(EntityManager em, Head head) {
        KNOWN.computeIfAbsent(em, k -> new HashMap<>()).put(head.id(), head);
    }

    /**
     * A record's row changed through its entity in this transaction (written to the database only at
     * commit): its new head, which {@link #find} answers from now on.
     */
    static void updated(EntityManager em, RecordEntity entity) {
        KNOWN.computeIfAbsent(em, k -> new HashMap<>()).put(entity.id(), Head.of(entity));
        UNWRITTEN.put(em, Boolean.TRUE);
    }

    /** Entity managers whose transaction changed a record through its entity since it last wrote them. */
    private static final Map<EntityManager, Boolean> UNWRITTEN = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Writes the records this transaction changed through their entities, if any, so that a query
     * that searches the rows (the dangers raised from an inspection, the records amending one) sees
     * them: entities are written at commit only ({@code FlushModeType.COMMIT}), and a batch that
     * linked a hazard to an inspection and then deleted the inspection was let through — the link
     * was still in memory when the deletion looked for it (found by a tester). Rare (a deletion, a
     * danger raised from a checklist item after an edit in the same batch), and safe for the lock
     * order: a record changes through its entity only after its change number was taken, so the
     * transaction holds the audit head and the change sequence already.
     */
    static void writeChanged(EntityManager em) {
        if (UNWRITTEN.remove(em) != null) {
            em.flush();
        }
    }
}
