package cn.fieldsync.schemas;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.DateFormat;
import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.Format;

/**
 * The JSON Schema formats {@code date} and {@code date-time} as the validator's own
 * ({@link DateFormat}, {@link DateTimeFormat}) decide them, answered without them for the one
 * layout devices send: {@code yyyy-MM-dd}, and {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)}
 * with every field in its everyday range. Such a text is valid by both (a real calendar day, no
 * leap second); every other text — each one refused, and the rare valid ones outside that range
 * (a leap second, year 0, a large offset) — goes to the validator's format, so no verdict and no
 * message changes. {@code WireFormatsTest} compares them with the validator's formats on
 * generated texts. The validator's formats parse with {@code DateTimeFormatter} and a general
 * RFC 3339 parser: a tenth of a push's schema check. Stateless.
 */
final class WireFormats {

    private WireFormats() {
    }

    /** The format {@code date}: a calendar day, yyyy-MM-dd (RFC 3339 full-date). */
    static Format date() {
        return new Quick(new DateFormat(), true);
    }

    /** The format {@code date-time}: an RFC 3339 date-time with its offset. */
    static Format dateTime() {
        return new Quick(new DateTimeFormat(), false);
    }

    private record Quick(Format validator, boolean date) implements Format {

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return (date ? isPlainDate(value) : isPlainDateTime(value)) || validator.matches(context, value);
        }

        @Override
        public String getName() {
            return validator.getName();
        }

        @Override
        public String getMessageKey() {
            return validator.getMessageKey();
        }
    }

    /**
     * yyyy-MM-dd, a day of the proleptic calendar with a year of four digits (what
     * {@code LocalDate.parse} accepts of that layout; {@link DateFormat} also asks 0 ≤ year ≤ 9999).
     */
    static boolean isPlainDate(String value) {
        return value.length() == 10 && plainDate(value);
    }

    private static boolean plainDate(String value) {
        if (value.charAt(4) != '-' || value.charAt(7) != '-') {
            return false;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= lengthOfMonth(year, month);
    }

    /**
     * yyyy-MM-ddTHH:mm:ss, an optional fraction of 1–9 digits, then Z or ±hh:mm; the year 1000–9999,
     * a calendar day, hour 0–23, minute and second 0–59 (no leap second), an offset of at most ±17:59.
     */
    static boolean isPlainDateTime(String value) {
        // the layout first (digits where the schema's pattern has them), then each field's range
        if (!WirePatterns.isInstant(value) || !plainDate(value) || value.charAt(0) == '0') {
            return false;
        }
        if (digits(value, 11, 2) > 23 || digits(value, 14, 2) > 59 || digits(value, 17, 2) > 59) {
            return false;
        }
        int length = value.length();
        return value.charAt(length - 1) == 'Z'
                || (digits(value, length - 5, 2) <= 17 && digits(value, length - 2, 2) <= 59);
    }

    /** The decimal value of {@code count} ASCII digits from {@code from}, or -1 when one is not a digit. */
    private static int digits(String value, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
