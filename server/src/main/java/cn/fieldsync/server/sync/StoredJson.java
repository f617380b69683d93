package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** JSON the sync tables keep as text (operations, fields, answers), read back. Stateless. */
final class StoredJson {

    private StoredJson() {
    }

    /** An object as stored; any other value comes back wrapped as {@code {"value": …}}. */
    static JsonObject object(String json) {
        try {
            JsonElement element = StrictJson.parse(json);
            if (element.isJsonObject()) {
                return element.getAsJsonObject();
            }
            JsonObject o = new JsonObject();
            o.add("value", element);
            return o;
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }

    /** An array as stored; any other value comes back as an array of that one value. */
    static JsonArray array(String json) {
        try {
            JsonElement element = StrictJson.parse(json);
            if (element.isJsonArray()) {
                return element.getAsJsonArray();
            }
            JsonArray one = new JsonArray();
            one.add(element);
            return one;
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }
}
