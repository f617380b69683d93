package cn.fieldsync.domain.hazard;

import java.time.LocalDate;

/**
 * 逾期未整改: the deadline (its last day) has passed and the rectification is not complete. A
 * danger fixed on time and waiting for its re-inspection is not overdue; see
 * {@link HazardRecord#overdueOn} for the same question asked of a past day.
 */
public final class Overdue {

    private Overdue() {
    }

    /**
     * @param deadline the last day allowed for rectification, or null when none was set
     * @param today    today's date in the jurisdiction's time zone
     */
    public static boolean isOverdue(LocalDate deadline, HazardStatus status, LocalDate today) {
        return deadline != null && today.isAfter(deadline) && !HazardLifecycle.isRectified(status);
    }
}
