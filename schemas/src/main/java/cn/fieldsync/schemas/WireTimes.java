package cn.fieldsync.schemas;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The times and dates of records as the sync protocol carries them (the schemas' {@code date-time}
 * and {@code date} formats, RFC 3339 §5.6), read and written with exactly the results of the JDK's
 * {@link OffsetDateTime#parse}, {@link LocalDate#parse} and {@link Instant#toString} — only
 * faster for the one layout every device and the server write ({@code 2026-11-20T09:30:00+08:00},
 * {@code 2026-11-20T01:30:00.123Z}, {@code 2026-11-20}). Every other text goes to the JDK itself,
 * so what it accepts, refuses (with its {@link java.time.format.DateTimeParseException}) and
 * returns is unchanged. Why: a pushed record's times are read by the schema check, the shared
 * record checks, the hazard rules and the server's index, and the JDK's general formatter was a
 * tenth of a push's work (issue 17's profile). Thread-safe; Android API 26.
 */
public final class WireTimes {

    private static final long LAST_MILLI_OF_9999 = 253_402_300_799_999L;

    private WireTimes() {
    }

    /** {@link OffsetDateTime#parse(CharSequence)}: the same value, or the same exception. */
    public static OffsetDateTime offsetDateTime(String text) {
        OffsetDateTime quick = text == null ? null : quickDateTime(text);
        return quick != null ? quick : OffsetDateTime.parse(text);
    }

    /** {@link LocalDate#parse(CharSequence)}: the same value, or the same exception. */
    public static LocalDate localDate(String text) {
        if (text != null && text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException e) {
                    // not a day of the calendar: the JDK says so in its own words below
                }
            }
        }
        return LocalDate.parse(text);
    }

    /**
     * {@code Instant.ofEpochMilli(epochMilli).toString()}: seconds always written, a fraction only
     * when there are milliseconds (three digits), {@code Z}.
     */
    public static String instant(long epochMilli) {
        if (epochMilli < 0 || epochMilli > LAST_MILLI_OF_9999) {
            return Instant.ofEpochMilli(epochMilli).toString();
        }
        long seconds = Math.floorDiv(epochMilli, 1000L);
        int millis = (int) Math.floorMod(epochMilli, 1000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(24);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        if (millis != 0) {
            pad(out.append('.'), millis, 3);
        }
        return out.append('Z').toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for anything else (the JDK reads it). */
    private static OffsetDateTime quickDateTime(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count == 0 || (i < n && isDigit(s.charAt(i)))) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, i + 3);
            int minutes = digits(s, i + 4, i + 6);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            int sign = s.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null; // out of range (30 February, 24:00, a leap second): the JDK answers it
        }
    }

    /** The decimal value of s[from, to), or -1 when any of it is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int k = digits.length(); k < width; k++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
