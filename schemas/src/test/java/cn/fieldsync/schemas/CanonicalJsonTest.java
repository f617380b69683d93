package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonWriter;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

    /** schemas/canonical-vectors.json: what a re-implementation of CANONICAL.md checks itself with. */
    static List<Named<JsonObject>> vectors() throws IOException, StrictJson.MalformedJsonException {
        String file = Files.readString(Path.of("canonical-vectors.json"), StandardCharsets.UTF_8);
        return StrictJson.parseObject(file).getAsJsonArray("vectors").asList().stream()
                .map(v -> Named.of(v.getAsJsonObject().get("what").getAsString(), v.getAsJsonObject())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theDocumentedVectorsComeOutAsDocumented(JsonObject vector) throws Exception {
        var input = StrictJson.parse(vector.get("input").getAsString());
        String canonical = vector.get("canonical").getAsString();
        assertThat(CanonicalJson.of(input)).isEqualTo(canonical);
        assertThat(CanonicalJson.sha256(input)).isEqualTo(vector.get("sha256").getAsString());
        // the canonical text is its own canonical form
        assertThat(CanonicalJson.of(StrictJson.parse(canonical))).isEqualTo(canonical);
    }

    @Test
    void membersAreSortedAndWhiteSpaceDropped() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("{ \"b\" : 1, \"a\" : { \"d\": [ 2, 1 ], \"c\": null } }")))
                .isEqualTo("{\"a\":{\"c\":null,\"d\":[2,1]},\"b\":1}");
    }

    @Test
    void numbersAreNormalised() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("[37.30, 1e2, -0.0, 0, 120.8000, 1.5E-3, -12]")))
                .isEqualTo("[37.3,100,0,0,120.8,0.0015,-12]");
    }

    @Test
    void textIsWrittenAsItselfInUtf8() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("{\"说明\":\"<消防通道> & \\\"堵塞\\\"\"}")))
                .isEqualTo("{\"说明\":\"<消防通道> & \\\"堵塞\\\"\"}");
    }

    @Test
    void documentsThatMeanTheSameHashTheSame() throws Exception {
        assertThat(CanonicalJson.sha256(StrictJson.parse("{\"lat\":37.30,\"lon\":120.8}")))
                .isEqualTo(CanonicalJson.sha256(StrictJson.parse("{\"lon\":120.80,\"lat\":37.3}")));
    }

    /**
     * The writer hashes the bytes it writes, without the text: on thousands of generated documents
     * (every escaped character, lone and paired surrogates, Chinese, numbers in every layout) its
     * text and hash are those of the earlier writer, Gson's JsonWriter over a sorted copy, hashed
     * by String.getBytes(UTF_8) — so every seal and audit hash made before stays valid.
     */
    @Test
    void theStreamingWriterGivesTheTextAndHashOfGsonsWriter() throws Exception {
        Random random = new Random(17);
        for (int i = 0; i < 5000; i++) {
            JsonElement document = randomValue(random, 0);
            String expected = reference(document);
            assertThat(CanonicalJson.of(document)).isEqualTo(expected);
            assertThat(CanonicalJson.sha256(document)).isEqualTo(
                    Hex.of(MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "37.30", "1e2", "1E-7", "0.000", "9007199254740993",
            "0.1234567890123456789012345", "120.8000", "1.5E-3", "-0.0", "100", "10", "2147483648", "1e21", "0e10"};

    private static JsonElement randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(new LazilyParsedNumber(NUMBERS[random.nextInt(NUMBERS.length)]));
            case 3 -> new JsonPrimitive(random.nextInt(3) == 0 ? random.nextDouble() * 1000 - 500 : random.nextLong());
            case 4 -> new JsonPrimitive(randomText(random));
            case 5 -> {
                JsonArray array = new JsonArray();
                for (int n = random.nextInt(5); n > 0; n--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                JsonObject object = new JsonObject();
                for (int n = random.nextInt(6); n > 0; n--) {
                    object.add(randomText(random), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static final char[] CHARACTERS = {'a', 'Z', '0', ' ', '"', '\\', '/', '<', '>', '&', '=', '\'', '\b', '\t', '\n',
            '\f', '\r', '\u0000', '\u000b', '\u001f', '\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\u2029', '中', '隐',
            'é', '\ud83d', '\ude00', '\ud800', '\udfff', '\uff61', '\uffff', '\ufffd'};

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
        }
        return text.toString();
    }

    /** The canonical writer as it was before it hashed as it wrote: Gson's JsonWriter over a sorted copy. */
    private static String reference(JsonElement value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setSerializeNulls(true);
            referenceWrite(writer, value);
        }
        return out.toString();
    }

    private static void referenceWrite(JsonWriter writer, JsonElement value) throws IOException {
        if (value.isJsonObject()) {
            writer.beginObject();
            for (var member : new TreeMap<>(value.getAsJsonObject().asMap()).entrySet()) {
                writer.name(member.getKey());
                referenceWrite(writer, member.getValue());
            }
            writer.endObject();
        } else if (value.isJsonArray()) {
            writer.beginArray();
            for (JsonElement item : value.getAsJsonArray()) {
                referenceWrite(writer, item);
            }
            writer.endArray();
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            java.math.BigDecimal number = new java.math.BigDecimal(value.getAsJsonPrimitive().getAsString());
            writer.jsonValue(number.signum() == 0 ? "0" : number.stripTrailingZeros().scale() <= 0
                    ? number.stripTrailingZeros().toBigIntegerExact().toString() : number.stripTrailingZeros().toPlainString());
        } else {
            Streams.write(value, writer);
        }
    }
}
