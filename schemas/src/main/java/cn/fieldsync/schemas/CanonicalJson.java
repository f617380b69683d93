package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.TreeMap;

/**
 * One text per JSON value (schemas/CANONICAL.md, which states every rule exactly, with the test
 * vectors of schemas/canonical-vectors.json): object members sorted by name, no
 * insignificant white space, UTF-8, numbers normalised. Two documents that mean the same have
 * the same canonical text and so the same hash: what seals and the audit chain rely on.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String of(JsonElement value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setSerializeNulls(true);
            write(writer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** 37.30 → 37.3, 1e2 → 100, -0.0 → 0: the plain decimal value, nothing more. */
    static String normalised(String number) {
        BigDecimal value = new BigDecimal(number);
        if (value.signum() == 0) {
            return "0";
        }
        value = value.stripTrailingZeros();
        return value.scale() <= 0 ? value.toBigIntegerExact().toString() : value.toPlainString();
    }

    public static String sha256(JsonElement value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(of(value).getBytes(StandardCharsets.UTF_8));
            return Hex.of(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Writes members in name order as it goes, without building a sorted copy. */
    private static void write(JsonWriter writer, JsonElement value) throws IOException {
        if (value.isJsonObject()) {
            writer.beginObject();
            for (var member : new TreeMap<>(value.getAsJsonObject().asMap()).entrySet()) {
                writer.name(member.getKey());
                write(writer, member.getValue());
            }
            writer.endObject();
        } else if (value.isJsonArray()) {
            writer.beginArray();
            for (JsonElement item : value.getAsJsonArray()) {
                write(writer, item);
            }
            writer.endArray();
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            writer.jsonValue(normalised(value.getAsJsonPrimitive().getAsString()));
        } else {
            Streams.write(value, writer);
        }
    }
}
