package cn.fieldsync.schemas;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":1} x",
            "{\"a\":1}{}", "// c\n{}", "{\"a\":1,\"a\":2}", "{\"o\":{\"b\":1,\"b\":1}}", "[1,]"})
    void refusesWhatIsNotStrictJson(String text) {
        assertThatThrownBy(() -> StrictJson.parse(text)).isInstanceOf(StrictJson.MalformedJsonException.class);
    }

    @Test
    void refusesHostileNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> StrictJson.parse(deep)).isInstanceOf(StrictJson.MalformedJsonException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void keepsNumbersAsWritten() throws Exception {
        assertThat(StrictJson.parseObject("{\"lat\":37.30,\"n\":12345678901234567890}").toString())
                .isEqualTo("{\"lat\":37.30,\"n\":12345678901234567890}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"o\":{\"b\":1,\"b\":1}}", "[1,]", "{\"a\":NaN}", "{'a':1}", "{\"a\":}"})
    void copyRefusesWhatParseRefuses(String text) {
        assertThatThrownBy(() -> copied(text)).isInstanceOfAny(StrictJson.MalformedJsonException.class, java.io.IOException.class);
    }

    @Test
    void copyRefusesHostileNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> copied(deep)).isInstanceOf(StrictJson.MalformedJsonException.class).hasMessageContaining("nested");
    }

    /** What a device stores from a page of the feed is copied in one pass: the same text as the tree written out. */
    @Test
    void copyWritesWhatTheParsedTreeWrites() throws Exception {
        Random random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            String text = randomValue(random, 0);
            assertThat(copied(text)).as(text).isEqualTo(StrictJson.parse(text).toString());
        }
        for (String text : new String[] {"{\"lat\":37.30,\"big\":12345678901234567890,\"e\":1E400,\"neg\":-0.0e-5}",
                "{\"s\":\"\\u4e2d\\u003c\\u2028\\u0000\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"n\":null,\"t\":true,\"f\":false,\"a\":[]}",
                "\"栖霞市经济开发区\uD83D\uDE00\"", "[{},[[]],{\"\":\"\"}]"}) {
            assertThat(copied(text)).as(text).isEqualTo(StrictJson.parse(text).toString());
        }
    }

    private static String copied(String text) throws Exception {
        StringBuilder out = new StringBuilder();
        try (JsonReader reader = StrictJson.reader(text)) {
            StrictJson.copy(reader, StrictJson.writer(out), 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new StrictJson.MalformedJsonException("unexpected text after the JSON document", "");
            }
        }
        return out.toString();
    }

    /** Random JSON text with what escaping and number formats can differ on. */
    private static String randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 4 : 6);
        switch (kind) {
            case 0:
                return random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null";
            case 1: {
                String[] numbers = {"0", "-0", "37.30", "1e5", "1E-7", "-12.5e+3", "12345678901234567890123", "7", "3.0"};
                return numbers[random.nextInt(numbers.length)];
            }
            case 2:
            case 3:
                return quoted(random);
            case 4: {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(randomValue(random, depth + 1)).append(i > 1 ? "," : "");
                }
                return array.append(']').toString();
            }
            default: {
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    object.append('"').append("m").append(i).append(random.nextInt(3) == 0 ? "\\u00e9" : "").append("\":")
                            .append(randomValue(random, depth + 1)).append(i < n - 1 ? "," : "");
                }
                return object.append('}').toString();
            }
        }
    }

    private static String quoted(Random random) {
        String[] pieces = {"a", "中文", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0001", "\\u001f", "\\u2028", "\\u2029", "\\u003c",
                "<>&='", "\uD83D\uDE00", "\\uD83D\\uDE00", "\\u00e9", " ", "\u007f"};
        StringBuilder text = new StringBuilder("\"");
        for (int i = random.nextInt(6); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.append('"').toString();
    }

    @Test
    void objectIsRequiredWhereAskedFor() {
        assertThatThrownBy(() -> StrictJson.parseObject("[1]")).hasMessageContaining("object");
    }
}
