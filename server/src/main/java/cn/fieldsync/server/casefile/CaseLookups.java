package cn.fieldsync.server.casefile;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.util.List;

import static cn.fieldsync.server.casefile.CaseJson.json;

/**
 * The records a case request names — a unit, a person — read as they are now, inside the
 * case's transaction. A deleted record is answered like an absent one: a case does not name
 * what is gone. Errors: {@code unknown_reference} on the request's field.
 */
final class CaseLookups {

    private CaseLookups() {
    }

    /** The division code of a live unit, or {@code unknown_reference} on {@code field}. */
    static String jurisdiction(EntityManager em, String unitId, String field) {
        List<?> rows = em.createNativeQuery("SELECT jurisdiction FROM record WHERE id = ?1 AND record_type = 'unit' AND deleted = ?2")
                .setParameter(1, unitId).setParameter(2, false).getResultList();
        if (rows.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, field, CaseJson.noSuch("unit", unitId));
        }
        return (String) rows.getFirst();
    }

    /** Whether a case number (its text) was given already, to any case of any county. */
    static boolean numberTaken(EntityManager em, String number) {
        return !em.createNativeQuery("SELECT id FROM case_file WHERE number = ?1").setParameter(1, number).setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** The body of a live person or unit record, or {@code unknown_reference}. */
    static JsonObject targetBody(EntityManager em, String type, String id) {
        List<?> rows = em.createNativeQuery("SELECT body FROM record WHERE id = ?1 AND record_type = ?2 AND deleted = ?3")
                .setParameter(1, id).setParameter(2, type).setParameter(3, false).getResultList();
        if (rows.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, type.equals("person") ? "/personId" : "/targetUnitId",
                    CaseJson.noSuch(type, id));
        }
        return json((String) rows.getFirst());
    }
}
