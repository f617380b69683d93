package cn.fieldsync.server.document;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Dates, times and money as Chinese documents write them: 2026年11月30日, 2026年11月30日 10时20分
 * (in the configured zone), 1,850,000元. Pure functions, thread-safe.
 */
final class ChineseText {

    private ChineseText() {
    }

    static String date(LocalDate day) {
        return day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }

    static String dateTime(ZonedDateTime t) {
        return date(t.toLocalDate()) + " " + t.getHour() + "时" + String.format(Locale.ROOT, "%02d", t.getMinute()) + "分";
    }

    /**
     * A date ({@code 2026-11-30}) or a date-time with an offset ({@code 2026-11-30T10:20:00+08:00},
     * {@code …Z}) as Chinese text; a date-time is shown in {@code zone}. Text that is neither is returned as is.
     */
    static String when(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return "";
        }
        try {
            if (text.length() == 10) {
                return date(LocalDate.parse(text));
            }
            return dateTime(OffsetDateTime.parse(text).atZoneSameInstant(zone));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** Only the day of a date or date-time, in {@code zone}. */
    static String day(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return "";
        }
        try {
            return text.length() == 10 ? date(LocalDate.parse(text)) : date(OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate());
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** An amount of yuan with thousands grouping: 1,850,000元, 1,234.5元. */
    static String yuan(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount) + "元";
    }
}
