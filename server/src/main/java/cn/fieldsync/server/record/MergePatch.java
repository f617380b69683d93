package cn.fieldsync.server.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396) as Jakarta JSON-P implements it ({@link Json#createMergePatch},
 * Eclipse Parsson on this classpath), with Gson at both ends: an object in the patch merges member
 * by member at any depth, {@code null} removes a member (and never lands in the result, also under
 * a member the target did not have), anything else replaces the target's value as a whole.
 *
 * <p>Numbers pass through with the text they were written in ({@code 1e2} stays {@code 1e2}),
 * so a patch changes nothing but what it names. Pure function; thread-safe.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** The target after the patch (RFC 7396 section 2); neither argument is changed. */
    static JsonObject apply(JsonObject target, JsonObject patch) {
        return apply((JsonElement) target, patch).getAsJsonObject();
    }

    /**
     * Any JSON value patched by any other (RFC 7396 section 2): a patch that is not an object
     * replaces the target; an object patch applied to a target that is not one starts from
     * {@code {}}.
     */
    static JsonElement apply(JsonElement target, JsonElement patch) {
        return toGson(Json.createMergePatch(toJsonP(patch)).apply(toJsonP(target)));
    }

    private static JsonValue toJsonP(JsonElement value) {
        if (value.isJsonNull()) {
            return JsonValue.NULL;
        }
        if (value.isJsonObject()) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                object.add(member.getKey(), toJsonP(member.getValue()));
            }
            return object.build();
        }
        if (value.isJsonArray()) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (JsonElement item : value.getAsJsonArray()) {
                array.add(toJsonP(item));
            }
            return array.build();
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (primitive.isNumber()) {
            return new WrittenNumber(primitive.getAsString());
        }
        return Json.createValue(primitive.getAsString());
    }

    private static JsonElement toGson(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> JsonNull.INSTANCE;
            case TRUE -> new JsonPrimitive(true);
            case FALSE -> new JsonPrimitive(false);
            case STRING -> new JsonPrimitive(((JsonString) value).getString());
            case NUMBER -> JsonParser.parseString(value.toString());
            case ARRAY -> {
                JsonArray array = new JsonArray();
                value.asJsonArray().forEach(item -> array.add(toGson(item)));
                yield array;
            }
            case OBJECT -> {
                JsonObject object = new JsonObject();
                value.asJsonObject().forEach((name, member) -> object.add(name, toGson(member)));
                yield object;
            }
        };
    }

    /**
     * A number as it was written: JSON-P's own numbers print as {@link BigDecimal#toString()}
     * ({@code 1e2} would come back as {@code 1E+2}); the merge passes values through untouched,
     * so keeping the text keeps every member the patch does not name exactly as it was.
     */
    private record WrittenNumber(String text) implements JsonNumber {

        @Override
        public ValueType getValueType() {
            return ValueType.NUMBER;
        }

        @Override
        public BigDecimal bigDecimalValue() {
            return new BigDecimal(text);
        }

        @Override
        public boolean isIntegral() {
            return bigDecimalValue().scale() == 0;
        }

        @Override
        public int intValue() {
            return bigDecimalValue().intValue();
        }

        @Override
        public int intValueExact() {
            return bigDecimalValue().intValueExact();
        }

        @Override
        public long longValue() {
            return bigDecimalValue().longValue();
        }

        @Override
        public long longValueExact() {
            return bigDecimalValue().longValueExact();
        }

        @Override
        public BigInteger bigIntegerValue() {
            return bigDecimalValue().toBigInteger();
        }

        @Override
        public BigInteger bigIntegerValueExact() {
            return bigDecimalValue().toBigIntegerExact();
        }

        @Override
        public double doubleValue() {
            return bigDecimalValue().doubleValue();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JsonNumber number && bigDecimalValue().equals(number.bigDecimalValue());
        }

        @Override
        public int hashCode() {
            return bigDecimalValue().hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
