package cn.fieldsync.server.casefile;

import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;

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

    JsonObject get(Caller caller, String id) {
        return access.database().read(em -> view.view(em, CaseAccess.visible(em, caller, id)));
    }

    /**
     * Cases the caller may see, newest first; {@code overdue} keeps those with a deadline passed.
     */
    JsonObject list(Caller caller, String status, String grade, String jurisdiction, Boolean overdue, int limit) {
        return access.database().read(em -> {
            List<CaseEntity> all = em.createQuery("SELECT c FROM CaseEntity c ORDER BY c.openedAt DESC", CaseEntity.class)
                    .getResultList();
            JsonArray items = new JsonArray();
            int total = 0;
            for (CaseEntity c : all) {
                if (!CaseAccess.canSee(caller, c) || (status != null && !status.equals(c.status)) || (grade != null && !grade.equals(c.grade))
                        || (jurisdiction != null && (c.jurisdiction == null || !c.jurisdiction.startsWith(jurisdiction)))) {
                    continue;
                }
                JsonObject summary = view.summary(c);
                if (overdue != null && overdue != summary.get("overdue").getAsBoolean()) {
                    continue;
                }
                total++;
                if (items.size() < limit) {
                    items.add(summary);
                }
            }
            JsonObject answer = new JsonObject();
            answer.add("items", items);
            answer.addProperty("total", total);
            return answer;
        });
    }
}
