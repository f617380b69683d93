package cn.fieldsync.server.record;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

/** Reads back what this server stored; a failure here means the database was altered by hand. */
final class RecordJson {

    private RecordJson() {
    }

    static JsonObject parseStored(String body) {
        try {
            return StrictJson.parseObject(body);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("a stored record body is not valid JSON: " + e.getMessage(), e);
        }
    }
}
