package cn.fieldsync.server.record;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Sql;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * One enterprise, one unit: the 统一社会信用代码 (unified social credit code, GB 32100-2015) names one
 * legal entity, so a second unit under the same code would split its inspections, dangers and
 * pledges across two records (a tester's finding: the demo's 鑫源化工 entered again was accepted).
 * Checked against the units the writer sees — one of another county is answered as if it did not
 * exist, as every link to it is — and only when the code is new in the record, so a pair stored
 * before this rule can still be changed elsewhere.
 */
final class UnitIdentity {

    private UnitIdentity() {
    }

    /**
     * @param before the unit as stored, or null for a new one
     * @throws FieldsyncException {@code duplicate_unit} (409) naming the unit that holds the code
     */
    static void check(EntityManager em, Scope scope, RecordType type, String id, JsonObject before, JsonObject after) {
        if (type != RecordType.UNIT) {
            return;
        }
        String code = text(after, "creditCode");
        if (code == null || before != null && code.equals(text(before, "creditCode"))) {
            return;
        }
        // the LIKE finds the candidates (the code is digits and capital letters: no wildcard in it); the body decides
        for (String[] row : Sql.list(Sql.connection(em), "SELECT id, body FROM record WHERE record_type = ? AND id <> ? AND body LIKE ?",
                r -> new String[] {r.getString(1), r.getString(2)}, RecordType.UNIT.wireName(), id, "%" + code + "%")) {
            JsonObject other = RecordJson.parseStored(row[1]);
            RecordHeads.Head head = RecordHeads.find(em, row[0]);
            if (code.equals(text(other, "creditCode")) && head != null && !head.deleted()
                    && (scope.everything() || RecordSight.sees(em, scope, head))) {
                throw new FieldsyncException(ErrorCode.DUPLICATE_UNIT, "/creditCode",
                        Labels.say("creditCodeTaken", code, text(other, "name"), row[0]));
            }
        }
    }
}
