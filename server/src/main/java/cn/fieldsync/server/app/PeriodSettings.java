package cn.fieldsync.server.app;

import cn.fieldsync.domain.accountability.PeriodRules;
import org.eclipse.microprofile.config.Config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * How the deadlines of remedies are counted ({@link PeriodRules}), from MicroProfile Config:
 *
 * <ul>
 *   <li>{@code fieldsync.periods.count-first-day} (default false, 民法典 art 201): count the day of the
 *       event as the first day of a period;</li>
 *   <li>{@code fieldsync.periods.holiday-moves-last-day} (default true, 民法典 art 203): a last day on a
 *       rest day moves to the next working day;</li>
 *   <li>{@code fieldsync.periods.holidays}: further public holidays, comma-separated dates (the lunar
 *       holidays and the 调休 days off the State Council announces each year); weekends and the
 *       fixed-date holidays (1 Jan, 1–2 May, 1–3 Oct) are built in;</li>
 *   <li>{@code fieldsync.periods.working-days}: weekend days that are working days (调休上班).</li>
 * </ul>
 */
public final class PeriodSettings {

    private PeriodSettings() {
    }

    public static PeriodRules from(Config config) {
        boolean countFirst = config.getOptionalValue("fieldsync.periods.count-first-day", Boolean.class).orElse(false);
        boolean move = config.getOptionalValue("fieldsync.periods.holiday-moves-last-day", Boolean.class).orElse(true);
        return new PeriodRules(countFirst, move, dates(config, "fieldsync.periods.holidays"), dates(config, "fieldsync.periods.working-days"));
    }

    private static Set<LocalDate> dates(Config config, String key) {
        Set<LocalDate> dates = new HashSet<>();
        String text = config.getOptionalValue(key, String.class).orElse("");
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    dates.add(LocalDate.parse(part.strip()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + " is a comma-separated list of dates such as 2027-02-06,2027-02-07: " + part, e);
                }
            }
        }
        return dates;
    }
}
