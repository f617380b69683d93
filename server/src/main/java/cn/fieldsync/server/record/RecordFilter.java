package cn.fieldsync.server.record;

import java.time.Instant;

/**
 * What a list asks for; null means "any".
 *
 * @param jurisdictionPrefix leading digits of the division code: "37" a province, "3706" a city
 * @param from               event time, inclusive
 * @param to                 event time, exclusive
 * @param overdue            hazards only: past their deadline and not closed out
 * @param listed             hazards only: listed for supervision (挂牌督办) now
 * @param refusalUnreported  inspections only: a refusal to sign recorded and not yet reported to
 *                           the department (true), or the others (false) (安全生产法 art 68)
 */
public record RecordFilter(String unitId, String jurisdictionPrefix, String status, String grade,
                           Instant from, Instant to, Boolean overdue, Boolean listed, Boolean refusalUnreported) {

    public static final RecordFilter ANY = new RecordFilter(null, null, null, null, null, null, null, null);

    public RecordFilter(String unitId, String jurisdictionPrefix, String status, String grade,
                        Instant from, Instant to, Boolean overdue, Boolean listed) {
        this(unitId, jurisdictionPrefix, status, grade, from, to, overdue, listed, null);
    }
}
