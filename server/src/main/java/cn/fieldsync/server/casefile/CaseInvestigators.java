package cn.fieldsync.server.casefile;

import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The investigators named on a case, in the order it names them: rows of {@code case_investigator}
 * (V22; they were a comma-joined column of {@code case_file} before). Who is named decides who
 * sees the case ({@link CaseAccess#canSee}) and whose devices get its confirmed evidence
 * ({@code identity.UserScopes} reads the rows by user name). Runs in the caller's entity manager,
 * inside or outside a transaction.
 */
final class CaseInvestigators {

    private CaseInvestigators() {
    }

    /** The case's investigators, in the case's order; empty when it names none. */
    static List<String> of(EntityManager em, String caseId) {
        return rows(em, caseId).stream().map(r -> r.username).toList();
    }

    /** Every case's investigators by case id (for a list of cases: one query, not one per case). */
    static Map<String, List<String>> all(EntityManager em) {
        Map<String, List<String>> byCase = new LinkedHashMap<>();
        for (CaseInvestigatorEntity r : em.createQuery(
                "SELECT i FROM CaseInvestigatorEntity i ORDER BY i.caseId, i.position", CaseInvestigatorEntity.class).getResultList()) {
            byCase.computeIfAbsent(r.caseId, k -> new ArrayList<>()).add(r.username);
        }
        return byCase;
    }

    /**
     * Makes {@code names} (each once) the case's investigators, in that order, inside the caller's
     * transaction. A name kept only moves; one dropped is removed and one new is added — never a
     * delete and an insert of the same (case, name) key in one flush.
     */
    static void replace(EntityManager em, String caseId, List<String> names) {
        Map<String, CaseInvestigatorEntity> before = new LinkedHashMap<>();
        rows(em, caseId).forEach(r -> before.put(r.username, r));
        for (int i = 0; i < names.size(); i++) {
            CaseInvestigatorEntity kept = before.remove(names.get(i));
            if (kept == null) {
                em.persist(new CaseInvestigatorEntity(caseId, names.get(i), i));
            } else {
                kept.position = i;
            }
        }
        before.values().forEach(em::remove);
        em.flush(); // the reads that follow in this transaction (a scope, the case's view) see the new list
    }

    private static List<CaseInvestigatorEntity> rows(EntityManager em, String caseId) {
        return em.createQuery("SELECT i FROM CaseInvestigatorEntity i WHERE i.caseId = :c ORDER BY i.position",
                CaseInvestigatorEntity.class).setParameter("c", caseId).getResultList();
    }
}
