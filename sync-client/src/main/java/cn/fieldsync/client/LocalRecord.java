package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Arrays;

/**
 * A record as the device sees it: the last server state with the device's pending edits on top.
 *
 * @param version the server version the device last pulled or was answered (0: never synced)
 * @param pending how many of the device's edits of it wait to be pushed
 */
public record LocalRecord(String id, RecordType type, int version, boolean deleted, JsonObject body, int pending) {

    /** A few words that name the record for the inspector: its name, description, title, kind or status. */
    public String summary() {
        return summary(body);
    }

    /** The summary of a record body (see {@link #summary()}). */
    public static String summary(JsonObject body) {
        for (String field : Arrays.asList("name", "description", "title", "kind", "status")) {
            if (body.get(field) instanceof JsonElement value && value.isJsonPrimitive()) {
                String text = value.getAsString();
                return text.length() > 40 ? text.substring(0, 40) + "…" : text;
            }
        }
        return "";
    }

    /** The record as a document of its schema, with id, type, version and deleted. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("type", type.wireName());
        json.addProperty("version", version);
        json.addProperty("deleted", deleted);
        body.entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        return json;
    }
}
