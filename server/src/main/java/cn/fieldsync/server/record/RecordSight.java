package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Sql;
import jakarta.persistence.EntityManager;

import java.sql.Connection;

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

    /**
     * Whether the caller sees the record only as evidence of a case they investigate (another county's, through the
     * case's granted reach): they may read it, never change it.
     */
    static boolean seesOnlyAsCaseEvidence(EntityManager em, Scope scope, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        return entity != null && !sees(scope, entity) && !caseEvidence(em, scope, List.of(entity.id())).isEmpty();
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
        var query = em.createNativeQuery(caseEvidenceSql(scope, ids, true));
        int i = 1;
        for (String value : caseEvidenceParameters(scope, ids)) {
            query.setParameter(i++, value);
        }
        Set<String> found = new HashSet<>();
        for (Object id : query.getResultList()) {
            found.add((String) id);
        }
        return found;
    }

    /** {@link #caseEvidence(EntityManager, Scope, List)} on a plain connection (the change feed's). */
    static Set<String> caseEvidence(Connection c, Scope scope, List<String> ids) {
        if (scope.cases().isEmpty() || ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Sql.list(c, caseEvidenceSql(scope, ids, false), row -> row.getString(1),
                caseEvidenceParameters(scope, ids).toArray()));
    }

    /** The query of {@link #caseEvidence}; {@code numbered}: JPA's ?1, ?2 … (EclipseLink), else JDBC's ?. */
    private static String caseEvidenceSql(Scope scope, List<String> ids, boolean numbered) {
        int cases = scope.cases().size();
        return "SELECT l.evidence_id FROM evidence_link l, case_reach g, record e WHERE l.case_id IN ("
                + placeholders(1, cases, numbered) + ") AND l.state = 'CONFIRMED' AND l.evidence_id IN ("
                + placeholders(cases + 1, ids.size(), numbered)
                + ") AND g.case_id = l.case_id AND e.id = l.evidence_id AND e.jurisdiction = g.jurisdiction";
    }

    private static String placeholders(int first, int count, boolean numbered) {
        if (!numbered) {
            return Sql.placeholders(count);
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "?" : ", ?").append(first + i);
        }
        return list.toString();
    }

    private static List<String> caseEvidenceParameters(Scope scope, List<String> ids) {
        List<String> parameters = new java.util.ArrayList<>(scope.cases());
        parameters.addAll(ids);
        return parameters;
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
