package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import com.networknt.schema.format.DateFormat;
import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.Format;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick date formats and patterns say "valid" only where the validator's own formats and
 * the JDK's expressions say so, and give every other text to them: a record's verdict and its
 * refusal's words are the validator's.
 */
class WireFormatsTest {

    private static final Format DATE = new DateFormat();
    private static final Format DATE_TIME = new DateTimeFormat();

    @Test
    void aDayIsValidExactlyWhenTheValidatorsDateFormatSaysSo() {
        Random random = new Random(17);
        for (int i = 0; i < 40_000; i++) {
            String text = date(random);
            assertThat(WireFormats.date().matches(null, text)).as(text).isEqualTo(DATE.matches(null, text));
            if (WireFormats.isPlainDate(text)) {
                assertThat(DATE.matches(null, text)).as(text).isTrue();
            }
        }
    }

    @Test
    void aDateTimeIsValidExactlyWhenTheValidatorsDateTimeFormatSaysSo() {
        Random random = new Random(18);
        int quick = 0;
        for (int i = 0; i < 40_000; i++) {
            String text = date(random) + (random.nextInt(20) == 0 ? "t" : "T") + two(random, 25) + ":" + two(random, 61) + ":"
                    + two(random, 62) + fraction(random) + offset(random);
            assertThat(WireFormats.dateTime().matches(null, text)).as(text).isEqualTo(DATE_TIME.matches(null, text));
            if (WireFormats.isPlainDateTime(text)) {
                quick++;
                assertThat(DATE_TIME.matches(null, text)).as(text).isTrue();
            }
        }
        // most generated texts take the quick way: the comparison covers it
        assertThat(quick).isGreaterThan(10_000);
    }

    @Test
    void aRecordWithAnImpossibleDayIsRefusedWithTheValidatorsWords() throws Exception {
        JsonObject hazard = StrictJson.parseObject(SchemaExamples.read(SchemaExamples.of(RecordType.HAZARD, true).getFirst()));
        hazard.addProperty("foundAt", "2026-02-30T10:00:00+08:00");
        hazard.addProperty("deadline", "2026-02-29");
        List<Violation> violations = RecordSchemas.get().validate(RecordType.HAZARD, hazard);
        assertThat(violations).extracting(Violation::field).contains("/foundAt", "/deadline");
        assertThat(violations).extracting(Violation::keyword).contains("format");
        assertThat(violations).isEqualTo(RecordSchemas.get().validate(RecordType.HAZARD, hazard.toString()));
    }

    /**
     * The quick patterns say "matches" only where the JDK's expression (the validator's default)
     * says so; every other text is the JDK's to decide.
     */
    @Test
    void theQuickPatternsMatchOnlyWhatTheJdksExpressionsMatch() {
        Random random = new Random(19);
        WirePatterns patterns = new WirePatterns();
        int quick = 0;
        for (var pattern : WirePatterns.quick().entrySet()) {
            var jdk = com.networknt.schema.regex.JDKRegularExpressionFactory.getInstance().getRegularExpression(pattern.getKey());
            var ours = patterns.getRegularExpression(pattern.getKey());
            for (int i = 0; i < 20_000; i++) {
                String text = switch (random.nextInt(5)) {
                    case 0 -> date(random);
                    case 1 -> date(random) + "T" + two(random, 25) + ":" + two(random, 61) + ":" + two(random, 62) + fraction(random)
                            + offset(random);
                    case 2 -> hex(random, random.nextInt(4) == 0 ? 36 : 64);
                    case 3 -> java.util.UUID.randomUUID().toString().replace(random.nextInt(9) == 0 ? "a" : "~", "A");
                    default -> String.valueOf(random.nextInt(2_000_000));
                };
                if (random.nextInt(40) == 0) {
                    text += random.nextBoolean() ? "\n" : "\r\n";
                }
                assertThat(ours.matches(text)).as(pattern.getKey() + " on " + text).isEqualTo(jdk.matches(text));
                if (pattern.getValue().test(text)) {
                    quick++;
                }
            }
        }
        assertThat(quick).isGreaterThan(5_000);
    }

    private static String hex(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append("0123456789abcdefA-g".charAt(random.nextInt(random.nextInt(30) == 0 ? 19 : 16)));
        }
        return text.toString();
    }

    private static String date(Random random) {
        String year = switch (random.nextInt(10)) {
            case 0 -> "0000";
            case 1 -> String.format("%04d", random.nextInt(10_000));
            case 2 -> "1900";
            case 3 -> "2000";
            case 4 -> "2100";
            default -> String.valueOf(1990 + random.nextInt(60));
        };
        String text = year + "-" + two(random, 14) + "-" + two(random, 33);
        return random.nextInt(50) == 0 ? text.replace('-', '/') : random.nextInt(50) == 0 ? text.substring(1) : text;
    }

    private static String two(Random random, int below) {
        return random.nextInt(80) == 0 ? "x" + random.nextInt(10) : String.format("%02d", random.nextInt(below));
    }

    private static String fraction(Random random) {
        int digits = random.nextInt(3) == 0 ? random.nextInt(12) : 0;
        StringBuilder text = new StringBuilder(digits > 0 || random.nextInt(30) == 0 ? "." : "");
        for (int i = 0; i < digits; i++) {
            text.append(random.nextInt(10));
        }
        return text.toString();
    }

    private static String offset(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "Z";
            case 1 -> random.nextBoolean() ? "z" : "";
            case 2 -> "-00:00";
            case 3 -> (random.nextBoolean() ? "+" : "-") + two(random, 25) + ":" + two(random, 61);
            default -> (random.nextBoolean() ? "+" : "-") + two(random, 15) + ":" + (random.nextBoolean() ? "00" : "30");
        };
    }
}
