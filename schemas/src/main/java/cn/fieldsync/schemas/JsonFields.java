package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The one way fieldsync reads a member of a JSON object, on the server and on the device.
 *
 * <p>A missing member, a member that is JSON {@code null}, and a member of the wrong kind read
 * the same: as absent ({@code null}, or an empty array for {@link #array}). A {@code null} object
 * reads as having no members. None of these methods throws, so what a request or a record lacks is
 * decided by the caller (refused, defaulted) and never surfaces as a 500. Pure functions;
 * thread-safe.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * The member as text: a JSON string's value, a number as it was written ({@code 37.30}), a
     * boolean as {@code true}/{@code false}; {@code null} when the object is null or the member is
     * absent, JSON null, an object or an array.
     */
    public static String text(JsonObject object, String name) {
        JsonElement value = object == null ? null : object.get(name);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    /** {@link #text(JsonObject, String)}, or {@code orElse} where that is {@code null}. */
    public static String textOr(JsonObject object, String name, String orElse) {
        String value = text(object, name);
        return value == null ? orElse : value;
    }

    /** The member when it is an object; {@code null} when the object is null or the member is absent or not an object. */
    public static JsonObject object(JsonObject object, String name) {
        JsonElement value = object == null ? null : object.get(name);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    /**
     * The member when it is an array (the object's own, not a copy); a new empty array when the
     * object is null or the member is absent or not an array.
     */
    public static JsonArray array(JsonObject object, String name) {
        JsonElement value = object == null ? null : object.get(name);
        return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
    }
}
