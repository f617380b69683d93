package cn.fieldsync.domain.hazard;

import java.time.LocalDate;

/** 逾期: the deadline (its last day) has passed and the danger is not closed out. */
public final class Overdue {

    private Overdue() {
    }

    /**
     * @param deadline the last day allowed for rectification, or null when none was set
     * @param today    today's date in the jurisdiction's time zone
     */
    public static boolean isOverdue(LocalDate deadline, HazardStatus status, LocalDate today) {
        return deadline != null && today.isAfter(deadline) && !HazardLifecycle.isClosed(status);
    }
}
