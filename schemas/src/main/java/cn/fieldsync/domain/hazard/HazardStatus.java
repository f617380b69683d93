package cn.fieldsync.domain.hazard;

/** Every status of both lifecycles; {@link HazardLifecycle} says which belong to which grade. */
public enum HazardStatus {
    REGISTERED,
    RECTIFIED,
    VERIFIED,
    REPORTED,
    RECTIFICATION_ORDERED,
    IN_TREATMENT,
    ASSESSED,
    RESUMPTION_REQUESTED,
    CLOSED_OUT
}
