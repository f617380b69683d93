package cn.fieldsync.domain.accountability;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;

/**
 * How a period a person must act within is counted, with the two choices the law leaves to the
 * reader made explicit and configurable:
 *
 * <ul>
 *   <li>{@code countFirstDay}: 民法典 art 201 — "按照年、月、日计算期间的，开始的当日不计入，自下一日开始
 *       计算" — the default {@code false} leaves the day of the event out, so one month from
 *       2026-12-01 ends on 2027-01-01 (art 202: the corresponding day of the last month; the
 *       month's last day when it has no such day). {@code true} counts the event day as day one
 *       (one month from 2026-12-01 ends 2026-12-31), as some local rules read "自……之日起".</li>
 *   <li>{@code holidayMovesLastDay}: 民法典 art 203 — "期间的最后一日是法定休假日的，以法定休假日结束的次日为
 *       期间的最后一日" — default {@code true}. A rest day is a Saturday or Sunday, a fixed-date
 *       public holiday (元旦 1 January, 劳动节 1–2 May, 国庆 1–3 October: 全国年节及纪念日放假办法
 *       2024), or a configured holiday (the lunar holidays and the yearly 调休 arrangements, which
 *       the State Council publishes each year); a configured working day (调休上班) is not.</li>
 * </ul>
 *
 * <p>Influence periods of sanctions (影响期) are not deadlines to act: they use
 * {@link #forDurations()}, which never moves a last day.
 */
public record PeriodRules(boolean countFirstDay, boolean holidayMovesLastDay, Set<LocalDate> holidays, Set<LocalDate> workingDays) {

    /** 民法典 arts 201–203 as commonly applied: the first day is not counted; a last day on a rest day moves on. */
    public static final PeriodRules DEFAULT = new PeriodRules(false, true, Set.of(), Set.of());

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(5, 2),
            MonthDay.of(10, 1), MonthDay.of(10, 2), MonthDay.of(10, 3));

    public PeriodRules {
        holidays = Set.copyOf(holidays);
        workingDays = Set.copyOf(workingDays);
    }

    /** The same first-day rule, never moving a last day: for periods that are durations, not deadlines. */
    public PeriodRules forDurations() {
        return new PeriodRules(countFirstDay, false, holidays, workingDays);
    }

    /** The last day of a period of {@code days} days that starts with the event on {@code from}. */
    public LocalDate lastDayAfterDays(LocalDate from, int days) {
        return move(countFirstDay ? from.plusDays(days - 1L) : from.plusDays(days));
    }

    /** The last day of a period of {@code months} months counted from the event on {@code from}. */
    public LocalDate lastDayAfterMonths(LocalDate from, int months) {
        return move(countFirstDay ? from.plusMonths(months).minusDays(1) : from.plusMonths(months));
    }

    /** A rest day (法定休假日) in the sense of art 203. */
    public boolean isRestDay(LocalDate day) {
        if (workingDays.contains(day)) {
            return false;
        }
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
                || FIXED_HOLIDAYS.contains(MonthDay.from(day)) || holidays.contains(day);
    }

    private LocalDate move(LocalDate last) {
        if (!holidayMovesLastDay) {
            return last;
        }
        LocalDate day = last;
        while (isRestDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /**
     * Whether a last day falls in a year this server knows only the fixed-date holidays of: no
     * holiday and no 调休 working day of that year is configured. The lunar holidays (春节, 清明,
     * 端午, 中秋) and the State Council's yearly 调休 arrangements are then not counted, and a last day
     * in 2026's seven-day 国庆 (1–7 October) stops at 4 October instead of moving on: the deadline
     * may be early. False when last days do not move at all.
     */
    public boolean scheduleUnknown(LocalDate lastDay) {
        return holidayMovesLastDay && holidays.stream().noneMatch(d -> d.getYear() == lastDay.getYear())
                && workingDays.stream().noneMatch(d -> d.getYear() == lastDay.getYear());
    }

    /** Why a last day is what it is, in words a reviewer can check. */
    public String describe() {
        return (countFirstDay ? "起算日计入" : "起算日不计入（民法典第201条）")
                + (holidayMovesLastDay ? "；末日为法定休假日的顺延至休假日结束的次日（民法典第203条）" : "；末日不因休假日顺延");
    }
}
