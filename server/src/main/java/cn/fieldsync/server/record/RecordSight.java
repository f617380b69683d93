package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import jakarta.persistence.EntityManager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who sees which record: a record is in sight of a scope when it lies in the scope's
 * jurisdictions or units, or is confirmed evidence of a case the scope is assigned (within that
 * case's reach). Stateless; every method works inside the caller's entity manager.
 */
final class RecordSight {

    private RecordSight() {
    }

    /** Whether the caller may see a stored record (a record out of sight is answered as not found). */
    static boolean sees(EntityManager em, Scope scope, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        return entity != null && sees(em, scope, entity);
    }

    static boolean sees(EntityManager em, Scope scope, RecordEntity entity) {
        return sees(scope, entity) || !caseEvidence(em, scope, List.of(entity.id())).isEmpty();
    }

    static boolean sees(Scope scope, RecordEntity entity) {
        return sees(scope, entity.jurisdiction(), entity.unitId(), entity.id(), entity.caseId());
    }

    /** {@link #sees(EntityManager, Scope, RecordEntity)} of a record's head (RecordHeads). */
    static boolean sees(EntityManager em, Scope scope, RecordHeads.Head head) {
        return sees(scope, head.jurisdiction(), head.unitId(), head.id(), head.caseId())
                || !caseEvidence(em, scope, List.of(head.id())).isEmpty();
    }

    private static boolean sees(Scope scope, String jurisdiction, String unitId, String id, String caseId) {
        return scope.sees(jurisdiction, unitId, id) || (caseId != null && scope.cases().contains(caseId));
    }

    /**
     * Which of these records are confirmed evidence of a case the scope is assigned, and lie
     * within that case's reach (CaseReach: its own jurisdiction and what an administrator granted).
     */
    static Set<String> caseEvidence(EntityManager em, Scope scope, List<String> ids) {
        if (scope.cases().isEmpty() || ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("SELECT l.evidenceId FROM LinkEntity l, CaseReachEntity g, RecordEntity e "
                        + "WHERE l.caseId IN :cases AND l.state = 'CONFIRMED' AND l.evidenceId IN :ids AND g.caseId = l.caseId "
                        + "AND e.id = l.evidenceId AND e.jurisdiction = g.jurisdiction", String.class)
                .setParameter("cases", scope.cases()).setParameter("ids", ids).getResultList());
    }

    /**
     * Refuses (out_of_scope) a record the writer may not place where it goes: outside the
     * writer's jurisdictions and units. Checked after the record's own checks (so that a
     * malformed record is told what is wrong with it) and before anything is written.
     */
    static void checkPlace(Scope scope, RecordType type, String id, RecordIndex index) {
        if (!(index.caseId() != null && scope.cases().contains(index.caseId()))
                && !scope.sees(index.jurisdiction(), index.unitId(), type == RecordType.UNIT ? id : null)) {
            // the message names no place: where a record lies is itself what another county's record must not tell
            throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, null, cn.fieldsync.schemas.Labels.say("placeOutOfScope",
                    cn.fieldsync.schemas.Labels.name("recordTypes", type.wireName())));
        }
    }
}
