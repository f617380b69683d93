package cn.fieldsync.domain.hazard;

import java.util.Locale;

/**
 * Why the lifecycle refuses a change. The server maps each reason to its error code.
 *
 * @param reason  which rule was broken
 * @param field   the record field the refusal is about (schema name, or a JSON pointer below the record)
 * @param message a sentence for the person who made the change
 */
public record LifecycleRefusal(Reason reason, String field, String message) {

    public enum Reason {
        /** The status does not belong to the danger's grade. */
        STATUS_NOT_OF_GRADE,
        /** No edge from the current status to the requested one (or a status a new danger cannot start in). */
        ILLEGAL_TRANSITION,
        /** A major danger cannot be treated without all six parts of its plan. */
        TREATMENT_PLAN_INCOMPLETE,
        /** The grade can only change while the danger is still REGISTERED. */
        GRADE_CHANGE_AFTER_REGISTRATION,
        /** 责令限期整改 without a 期限 (安全生产法 arts 65, 102). */
        DEADLINE_REQUIRED,
        /** A date before the one it follows (the finding, the rectification, the listing) or in the future. */
        DATE_OUT_OF_ORDER,
        /** A step of the lifecycle reached without the record of who did it and when. */
        STEP_NOT_RECORDED,
        /** The deadline moved without an extension entry. */
        EXTENSION_REQUIRED,
        /** An append-only history (listing, extensions, re-inspections) was rewritten. */
        APPEND_ONLY,
        /** A listing or de-listing the rules of 挂牌督办 do not allow. */
        LISTING_REFUSED,
        /** A listing at a level the writer may not record. */
        LISTING_NOT_PERMITTED,
        /** A failed checklist item marked forcesMajor yields a MAJOR danger only. */
        GRADE_MUST_BE_MAJOR;

        /** The code of the server's error catalogue this refusal is answered with (the device shows the same). */
        public String code() {
            return this == GRADE_CHANGE_AFTER_REGISTRATION ? "grade_change_not_allowed"
                    : name().toLowerCase(Locale.ROOT);
        }
    }

    static LifecycleRefusal of(Reason reason, String field, String message) {
        return new LifecycleRefusal(reason, field, message);
    }
}
