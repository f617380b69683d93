package cn.fieldsync.schemas;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The schemas' {@code pattern}s as the JDK's regular expressions decide them (the validator's
 * default), with the five every record carries many times — a UUID, a SHA-256, a day, an instant,
 * a division code — accepted without the regular-expression engine when the text has exactly
 * their layout. A text of any other shape (each one refused, and one with a line terminator at
 * its end, which {@code $} lets through) goes to the JDK's expression, so no verdict changes;
 * {@code WireFormatsTest} compares the two on generated texts. Thread-safe.
 */
final class WirePatterns implements RegularExpressionFactory {

    private static final Map<String, Predicate<String>> QUICK = new HashMap<>();

    static {
        QUICK.put("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", WirePatterns::isUuid);
        QUICK.put("^[0-9a-f]{64}$", text -> text.length() == 64 && all(text, 0, 64, true));
        QUICK.put("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text -> text.length() == 10 && isDay(text));
        QUICK.put("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$",
                WirePatterns::isInstant);
        QUICK.put("^[0-9]{6}$", text -> text.length() == 6 && all(text, 0, 6, false));
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        RegularExpression jdk = JDKRegularExpressionFactory.getInstance().getRegularExpression(regex);
        Predicate<String> quick = QUICK.get(regex);
        return quick == null ? jdk : text -> quick.test(text) || jdk.matches(text);
    }

    /** The patterns answered without the engine, by their text in the schemas. */
    static Map<String, Predicate<String>> quick() {
        return QUICK;
    }

    private static boolean isUuid(String text) {
        return text.length() == 36 && text.charAt(8) == '-' && text.charAt(13) == '-' && text.charAt(18) == '-'
                && text.charAt(23) == '-' && all(text, 0, 8, true) && all(text, 9, 13, true) && all(text, 14, 18, true)
                && all(text, 19, 23, true) && all(text, 24, 36, true);
    }

    private static boolean isDay(String text) {
        return text.charAt(4) == '-' && text.charAt(7) == '-' && all(text, 0, 4, false) && all(text, 5, 7, false)
                && all(text, 8, 10, false);
    }

    /**
     * The layout of the schemas' instant: yyyy-MM-ddTHH:mm:ss, an optional fraction of 1–9 digits,
     * then Z or ±hh:mm, every field of ASCII digits (their ranges are the {@code date-time} format's
     * to check, {@link WireFormats}).
     */
    static boolean isInstant(String text) {
        int length = text.length();
        if (length < 20 || !isDay(text) || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || !all(text, 11, 13, false) || !all(text, 14, 16, false) || !all(text, 17, 19, false)) {
            return false;
        }
        int at = 19;
        if (text.charAt(at) == '.') {
            int from = ++at;
            while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            if (at == from || at - from > 9) {
                return false;
            }
        }
        if (at == length - 1) {
            return text.charAt(at) == 'Z';
        }
        return at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':'
                && all(text, at + 1, at + 3, false) && all(text, at + 4, at + 6, false);
    }

    /** Whether characters {@code from} to {@code to} are ASCII digits (and, with {@code hex}, also a–f). */
    private static boolean all(String text, int from, int to, boolean hex) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(hex && c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
