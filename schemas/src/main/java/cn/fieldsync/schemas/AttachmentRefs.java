package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attachments a record refers to, by SHA-256, with where in the record each is named:
 * photos, checklist evidence, signature images, and an attachment record's own content. One
 * definition for the server (which refuses records naming what it lacks), the device (which
 * uploads them first) and evidence bundles (which carry them).
 */
public final class AttachmentRefs {

    private static final Set<String> LISTS = new java.util.HashSet<>(java.util.Arrays.asList("photos", "evidence"));
    private static final Set<String> SINGLE = java.util.Collections.singleton("signatureImage");

    private AttachmentRefs() {
    }

    /** pointer → sha256, in document order. */
    public static Map<String, String> of(RecordType type, JsonObject body) {
        Map<String, String> refs = new LinkedHashMap<>();
        if (type == RecordType.ATTACHMENT && body.has("sha256")) {
            refs.put("/sha256", body.get("sha256").getAsString());
        }
        walk(body, "", refs);
        return refs;
    }

    private static void walk(JsonElement element, String pointer, Map<String, String> refs) {
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                JsonElement value = member.getValue();
                // a pointer is written only where something is named or looked into: a record is
                // walked at every write, and most of its members are plain text
                if (LISTS.contains(member.getKey()) && value.isJsonArray()) {
                    String path = pointer + "/" + member.getKey();
                    for (int i = 0; i < value.getAsJsonArray().size(); i++) {
                        JsonElement item = value.getAsJsonArray().get(i);
                        if (item.isJsonPrimitive()) {
                            refs.put(path + "/" + i, item.getAsString());
                        }
                    }
                } else if (SINGLE.contains(member.getKey()) && value.isJsonPrimitive()) {
                    refs.put(pointer + "/" + member.getKey(), value.getAsString());
                } else if (value.isJsonObject() || value.isJsonArray()) {
                    walk(value, pointer + "/" + member.getKey(), refs);
                }
            }
        } else if (element.isJsonArray()) {
            for (int i = 0; i < element.getAsJsonArray().size(); i++) {
                walk(element.getAsJsonArray().get(i), pointer + "/" + i, refs);
            }
        }
    }
}
