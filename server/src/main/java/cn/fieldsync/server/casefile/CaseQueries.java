package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.identity.Caller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading cases: one case whole, or the list a caller may see with its filters. A case outside
 * the caller's sight is left out of a list and answered as absent when asked for by id
 * ({@link CaseAccess#visible}), so its existence is not told.
 */
final class CaseQueries {

    private final CaseAccess access;
    private final CaseView view;

    CaseQueries(CaseAccess access, CaseView view) {
        this.access = access;
        this.view = view;
    }

    /** The whole case, or {@code not_found}. */
    CaseDtos.Detail get(Caller caller, String id) {
        return access.database().read(em -> view.view(em, CaseAccess.visible(em, caller, id)));
    }

    /**
     * Cases the caller may see, newest first; {@code overdue} keeps those with a deadline passed.
     */
    CaseDtos.CaseList list(Caller caller, String status, String grade, String jurisdiction, Boolean overdue, int limit) {
        return access.database().read(em -> {
            List<CaseEntity> all = em.createQuery("SELECT c FROM CaseEntity c ORDER BY c.openedAt DESC", CaseEntity.class)
                    .getResultList();
            Map<String, List<String>> investigators = CaseInvestigators.all(em);
            List<CaseDtos.Summary> items = new ArrayList<>();
            int total = 0;
            for (CaseEntity c : all) {
                List<String> named = investigators.getOrDefault(c.id, List.of());
                if (!CaseAccess.canSee(caller, c, named) || (status != null && !status.equals(c.status)) || (grade != null && !grade.equals(c.grade))
                        || (jurisdiction != null && (c.jurisdiction == null || !c.jurisdiction.startsWith(jurisdiction)))) {
                    continue;
                }
                CaseDtos.Summary summary = view.summary(c, named);
                if (overdue != null && overdue != summary.overdue()) {
                    continue;
                }
                total++;
                if (items.size() < limit) {
                    items.add(summary);
                }
            }
            return new CaseDtos.CaseList(items, total);
        });
    }
}
