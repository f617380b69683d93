package cn.fieldsync.server.record;

import cn.fieldsync.server.identity.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JPQL condition on {@code RecordEntity r} that keeps what a scope sees (as {@link Scope#sees}). */
final class ScopeClause {

    private ScopeClause() {
    }

    static void append(Scope scope, StringBuilder where, Map<String, Object> params) {
        if (scope.everything()) {
            return;
        }
        List<String> any = new ArrayList<>();
        for (int i = 0; i < scope.jurisdictions().size(); i++) {
            // the prefixes are digits only (checked when the user was saved): no LIKE escaping needed
            any.add("r.jurisdiction LIKE :scopeJurisdiction" + i);
            params.put("scopeJurisdiction" + i, scope.jurisdictions().get(i) + "%");
        }
        if (!scope.cases().isEmpty()) {
            any.add("r.caseId IN :scopeCases");
            // the evidence confirmed for an assigned case (一案双查): its reviewers read it within the
            // case's reach (its own jurisdiction and what an administrator granted it), never beyond
            any.add("r.id IN (SELECT l.evidenceId FROM LinkEntity l, CaseReachEntity g WHERE l.caseId IN :scopeCases "
                    + "AND l.state = 'CONFIRMED' AND g.caseId = l.caseId AND g.jurisdiction = r.jurisdiction)");
            params.put("scopeCases", scope.cases());
        }
        if (!scope.units().isEmpty()) {
            any.add("r.unitId IN :scopeUnits");
            any.add("r.id IN :scopeUnits");
            params.put("scopeUnits", scope.units());
        }
        where.append(" AND (").append(any.isEmpty() ? "r.id IS NULL" : String.join(" OR ", any)).append(')');
    }
}
