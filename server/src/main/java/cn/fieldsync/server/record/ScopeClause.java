package cn.fieldsync.server.record;

import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The condition on a record {@code r} that keeps what a scope sees (as {@link Scope#sees}), in two
 * forms written by one method: JPQL on {@code RecordEntity r} with named parameters, for the
 * entity queries; and SQL on the table {@code record r} with positional parameters, for the change
 * feed, the hot path of every pull, which reads its columns with plain JDBC.
 */
final class ScopeClause {

    private ScopeClause() {
    }

    /** Appends the JPQL condition on {@code RecordEntity r}; its named parameters go into {@code params}. */
    static void append(Scope scope, StringBuilder where, Map<String, Object> params) {
        append(scope, where, new Form() {
            @Override
            public String column(String field, String sqlName) {
                return "r." + field;
            }

            @Override
            public String parameter(Object value) {
                String name = "scope" + params.size();
                params.put(name, value);
                return ":" + name;
            }

            @Override
            public String confirmedEvidenceIn(String cases) {
                return "SELECT l.evidenceId FROM LinkEntity l, CaseReachEntity g WHERE l.caseId IN " + cases
                        + " AND l.state = 'CONFIRMED' AND g.caseId = l.caseId AND g.jurisdiction = r.jurisdiction";
            }
        });
    }

    /**
     * Appends the same condition in SQL on the table {@code record r}; its parameters go into
     * {@code params} in the order of their {@code ?}.
     */
    static void appendSql(Scope scope, StringBuilder where, List<Object> params) {
        append(scope, where, new Form() {
            @Override
            public String column(String field, String sqlName) {
                return "r." + sqlName;
            }

            @Override
            public String parameter(Object value) {
                if (value instanceof List<?> list) {
                    params.addAll(list);
                    return "(" + Sql.placeholders(list.size()) + ")";
                }
                params.add(value);
                return "?";
            }

            @Override
            public String confirmedEvidenceIn(String cases) {
                return "SELECT l.evidence_id FROM evidence_link l, case_reach g WHERE l.case_id IN " + cases
                        + " AND l.state = 'CONFIRMED' AND g.case_id = l.case_id AND g.jurisdiction = r.jurisdiction";
            }
        });
    }

    /** How one query language names a record's columns, binds a value and finds a case's confirmed evidence. */
    private interface Form {
        String column(String field, String sqlName);

        /** The placeholder of a value; a (non-empty) list is bound whole, to be used after IN. */
        String parameter(Object value);

        /** The ids of the evidence confirmed for the cases (a placeholder) within each case's reach over {@code r}. */
        String confirmedEvidenceIn(String cases);
    }

    private static void append(Scope scope, StringBuilder where, Form form) {
        if (scope.everything()) {
            return;
        }
        List<String> any = new ArrayList<>();
        for (String jurisdiction : scope.jurisdictions()) {
            // the prefixes are digits only (checked when the user was saved): no LIKE escaping needed
            any.add(form.column("jurisdiction", "jurisdiction") + " LIKE " + form.parameter(jurisdiction + "%"));
        }
        if (!scope.cases().isEmpty()) {
            any.add(form.column("caseId", "case_id") + " IN " + form.parameter(scope.cases()));
            // the evidence confirmed for an assigned case (一案双查): its reviewers read it within the
            // case's reach (its own jurisdiction and what an administrator granted it), never beyond
            any.add(form.column("id", "id") + " IN (" + form.confirmedEvidenceIn(form.parameter(scope.cases())) + ")");
        }
        if (!scope.units().isEmpty()) {
            any.add(form.column("unitId", "unit_id") + " IN " + form.parameter(scope.units()));
            any.add(form.column("id", "id") + " IN " + form.parameter(scope.units()));
        }
        where.append(" AND (").append(any.isEmpty() ? "r.id IS NULL" : String.join(" OR ", any)).append(')');
    }
}
