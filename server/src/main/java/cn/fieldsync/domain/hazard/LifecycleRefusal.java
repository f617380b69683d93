package cn.fieldsync.domain.hazard;

/**
 * Why the lifecycle refuses a change. The server maps each reason to its error code.
 *
 * @param reason  which rule was broken
 * @param field   the record field the refusal is about (schema name)
 * @param message a sentence for the person who made the change
 */
public record LifecycleRefusal(Reason reason, String field, String message) {

    public enum Reason {
        /** The status does not belong to the danger's grade. */
        STATUS_NOT_OF_GRADE,
        /** No edge from the current status to the requested one. */
        ILLEGAL_TRANSITION,
        /** A major danger cannot be treated without all six parts of its plan. */
        TREATMENT_PLAN_INCOMPLETE,
        /** The grade can only change while the danger is still REGISTERED. */
        GRADE_CHANGE_AFTER_REGISTRATION
    }
}
