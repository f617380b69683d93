package cn.fieldsync.client.cli;

import cn.fieldsync.client.InputRefusedException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * {@code location.address=...}: sets a nested value. The change sent is the whole top-level
 * field ({@code location}), the unit the sync merge works in.
 */
final class DottedPath {

    private DottedPath() {
    }

    static void apply(JsonObject record, Map<String, JsonElement> changes, String path, JsonElement value) {
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new InputRefusedException("not a field path: " + path);
            }
        }
        String top = parts[0];
        if (parts.length == 1) {
            changes.put(top, value);
            return;
        }
        JsonElement current = changes.containsKey(top) ? changes.get(top) : record.get(top);
        JsonObject root = current != null && current.isJsonObject() ? current.getAsJsonObject().deepCopy() : new JsonObject();
        JsonObject node = root;
        for (int i = 1; i < parts.length - 1; i++) {
            JsonElement child = node.get(parts[i]);
            if (child == null || !child.isJsonObject()) {
                child = new JsonObject();
                node.add(parts[i], child);
            }
            node = child.getAsJsonObject();
        }
        String leaf = parts[parts.length - 1];
        if (value == null) {
            node.remove(leaf);
        } else {
            node.add(leaf, value);
        }
        changes.put(top, root);
    }
}
