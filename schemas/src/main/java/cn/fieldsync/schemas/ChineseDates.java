package cn.fieldsync.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Dates and times as people in China write them (2026年11月29日, 2026年11月29日 10:20), in the zone
 * the server counts days in ({@code fieldsync.zone}) — what exports and documents print instead of
 * ISO-8601. Stateless and thread-safe.
 */
public final class ChineseDates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu年M月d日");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm");

    private ChineseDates() {
    }

    /**
     * A date ({@code 2026-11-21}) or a date-time with an offset or {@code Z}, as written in Chinese; a
     * date-time is shown in {@code zone}, to the minute.
     *
     * @return the Chinese form, {@code ""} for null or blank, or the text unchanged when it is neither
     *     (a free-text field: nothing is lost)
     */
    public static String format(String iso, ZoneId zone) {
        if (iso == null || iso.trim().isEmpty()) {
            return "";
        }
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).format(DAY);
            }
            return OffsetDateTime.parse(iso).atZoneSameInstant(zone).format(MINUTE);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An instant in {@code zone}, to the minute. */
    public static String format(Instant instant, ZoneId zone) {
        return ZonedDateTime.ofInstant(instant, zone).format(MINUTE);
    }

    /**
     * A wait as people say it: "40 秒", "15 分钟" (minutes rounded up, so 898 seconds is 15
     * minutes, never less than the real wait), "2 小时", "1 小时 5 分钟".
     *
     * @param seconds the wait in seconds, 0 or more
     */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return Math.max(0, seconds) + " 秒";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + " 分钟";
        }
        return minutes % 60 == 0 ? minutes / 60 + " 小时" : minutes / 60 + " 小时 " + minutes % 60 + " 分钟";
    }
}
