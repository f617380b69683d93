package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonObject;

import java.time.Instant;

/**
 * A record as the API shows it: its body plus the fields the server manages.
 *
 * @param overdue for hazards, 逾期未整改: the deadline has passed and the rectification is not complete; null otherwise
 * @param escalateTo for listed overdue hazards, the level supervision escalates to; null otherwise
 * @param sealVerified for sealed records, whether the stored record still matches its seal; null otherwise
 */
public record StoredRecord(RecordType type, String id, int version, boolean deleted, Instant createdAt,
                           Instant updatedAt, JsonObject body, Boolean overdue, String escalateTo, Boolean sealVerified) {

    /** The document as the type's schema defines it. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("type", type.wireName());
        json.addProperty("version", version);
        json.addProperty("deleted", deleted);
        json.addProperty("createdAt", createdAt.toString());
        json.addProperty("updatedAt", updatedAt.toString());
        body.entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        if (overdue != null) {
            json.addProperty("overdue", overdue);
            if (escalateTo != null) {
                json.addProperty("escalateTo", escalateTo);
            }
        }
        if (sealVerified != null) {
            json.addProperty("sealVerified", sealVerified);
        }
        return json;
    }
}
