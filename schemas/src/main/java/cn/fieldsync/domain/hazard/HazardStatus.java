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
    CLOSED_OUT;

    /**
     * How a refusal names the status to a person: its Chinese name from the label catalogue, then the
     * code a device or a request sends, e.g. {@code 已复查验收（VERIFIED）}.
     */
    public String shown() {
        return cn.fieldsync.schemas.Labels.named("hazardStatus", name());
    }

    /** Several statuses as {@link #shown()} names them, joined by 、 ({@code "无"} when there are none). */
    public static String shown(java.util.Collection<HazardStatus> statuses) {
        return statuses.isEmpty() ? "无" : cn.fieldsync.schemas.Labels.named("hazardStatus", statuses);
    }
}
