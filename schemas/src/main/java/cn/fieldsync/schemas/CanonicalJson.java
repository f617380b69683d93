package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * One text per JSON value: object members sorted by name, no insignificant white space, UTF-8.
 * Two documents that mean the same have the same canonical text and so the same hash (an
 * operation retried with its members in another order is still the same operation).
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String of(JsonElement value) {
        return sorted(value).toString();
    }

    public static String sha256(JsonElement value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(of(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static JsonElement sorted(JsonElement value) {
        if (value.isJsonObject()) {
            TreeMap<String, JsonElement> members = new TreeMap<>();
            value.getAsJsonObject().entrySet().forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
            JsonObject object = new JsonObject();
            members.forEach(object::add);
            return object;
        }
        if (value.isJsonArray()) {
            JsonArray array = new JsonArray();
            value.getAsJsonArray().forEach(item -> array.add(sorted(item)));
            return array;
        }
        return value;
    }
}
