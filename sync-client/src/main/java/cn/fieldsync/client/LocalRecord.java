package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonObject;

/**
 * A record as the device sees it: the last server state with the device's pending edits on top.
 *
 * @param version the server version the device last pulled or was answered (0: never synced)
 * @param pending how many of the device's edits of it wait to be pushed
 */
public record LocalRecord(String id, RecordType type, int version, boolean deleted, JsonObject body, int pending) {

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
