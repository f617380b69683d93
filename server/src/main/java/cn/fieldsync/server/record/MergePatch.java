package cn.fieldsync.server.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;

/** JSON Merge Patch (RFC 7396): objects merge member by member, null removes, anything else replaces. */
final class MergePatch {

    private MergePatch() {
    }

    static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObject result = target.deepCopy();
        for (Map.Entry<String, JsonElement> member : patch.entrySet()) {
            JsonElement value = member.getValue();
            if (value.isJsonNull()) {
                result.remove(member.getKey());
            } else if (value.isJsonObject() && result.has(member.getKey()) && result.get(member.getKey()).isJsonObject()) {
                result.add(member.getKey(), apply(result.getAsJsonObject(member.getKey()), value.getAsJsonObject()));
            } else {
                result.add(member.getKey(), value.deepCopy());
            }
        }
        return result;
    }
}
