package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;

import java.time.LocalDate;

/**
 * Which records {@link FieldStore#find} answers: every condition given must hold; one not given
 * (null) does not filter. Immutable: each {@code with...} answers a new query.
 *
 * <pre>{@code
 * RecordQuery open = RecordQuery.of(RecordType.HAZARD).unit(unitId).state(RecordState.NEEDS_ATTENTION)
 *         .between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)).text("消防");
 * }</pre>
 *
 * @param type  the record type, or null for every type
 * @param unit  the unit's id the record names in {@code unitId}, or null
 * @param state the record's {@link RecordState}, or null
 * @param from  the first day of the record's date (inclusive), or null
 * @param to    the last day of the record's date (inclusive), or null
 * @param text  words the record's document contains (case-insensitive, any field), or null
 * @param includeDeleted whether tombstones are answered too (default false)
 */
public record RecordQuery(RecordType type, String unit, RecordState state, LocalDate from, LocalDate to, String text,
                          boolean includeDeleted) {

    /** Every record (not deleted). */
    public static RecordQuery all() {
        return new RecordQuery(null, null, null, null, null, null, false);
    }

    /** The records of one type (not deleted). */
    public static RecordQuery of(RecordType type) {
        return all().type(type);
    }

    public RecordQuery type(RecordType recordType) {
        return new RecordQuery(recordType, unit, state, from, to, text, includeDeleted);
    }

    public RecordQuery unit(String unitId) {
        return new RecordQuery(type, unitId, state, from, to, text, includeDeleted);
    }

    public RecordQuery state(RecordState recordState) {
        return new RecordQuery(type, unit, recordState, from, to, text, includeDeleted);
    }

    /** Records whose date ({@link FieldRecord#date()}) lies in these days, both included; a record without a date does not match. */
    public RecordQuery between(LocalDate first, LocalDate last) {
        return new RecordQuery(type, unit, state, first, last, text, includeDeleted);
    }

    public RecordQuery text(String words) {
        return new RecordQuery(type, unit, state, from, to, words, includeDeleted);
    }

    public RecordQuery withDeleted(boolean deletedToo) {
        return new RecordQuery(type, unit, state, from, to, text, deletedToo);
    }
}
