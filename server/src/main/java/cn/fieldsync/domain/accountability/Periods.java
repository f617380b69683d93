package cn.fieldsync.domain.accountability;

import java.time.LocalDate;

/**
 * How legal periods are counted (民法典 arts 201, 203 [secondary]): the day an event happens is
 * not counted; a period in days ends that many days later; a period in months ends on the same
 * day of the last month, or on that month's last day when it has no such day (31 January plus
 * one month ends on 28 or 29 February).
 */
public final class Periods {

    private Periods() {
    }

    /** The last day of a period of {@code days} days that starts with the event on {@code from}. */
    public static LocalDate lastDayAfterDays(LocalDate from, int days) {
        return from.plusDays(days);
    }

    /** The last day of a period of {@code months} months counted from {@code from}. */
    public static LocalDate lastDayAfterMonths(LocalDate from, int months) {
        return from.plusMonths(months);
    }
}
