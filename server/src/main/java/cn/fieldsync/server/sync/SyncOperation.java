package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.Named;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * One pushed operation, as in schemas/…/sync-push.schema.json: {@code opId} (the idempotency
 * key), {@code type}, {@code id}, {@code baseVersion} (0 for a create), {@code fields} (the
 * changed top-level fields with their new values; null removes), {@code delete} (a tombstone),
 * and {@code prevOpId}, the device's previous pending operation on the same record, so that a
 * chain of offline edits merges against what the device itself saw rather than conflicting
 * with itself.
 */
record SyncOperation(String opId, RecordType type, String id, int baseVersion, JsonObject fields, boolean delete,
                     String prevOpId, String hash, JsonObject raw) {

    private static final List<String> MEMBER_ORDER = List.of("opId", "type", "id", "baseVersion", "fields", "delete", "prevOpId");
    private static final Set<String> MEMBERS = Set.copyOf(MEMBER_ORDER);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    static SyncOperation parse(JsonElement element) {
        if (element == null || !element.isJsonObject()) {
            throw invalid(null, Labels.say("operationNotObject", "JSON"));
        }
        JsonObject op = element.getAsJsonObject();
        String opId = uuid(op, "opId", true);
        String typeName = text(op, "type");
        RecordType type = RecordType.fromWireName(typeName == null ? "" : typeName)
                .orElseThrow(() -> invalid("type", Named.oneOf("type", typeName, "recordTypes",
                        List.of("unit", "person", "inspection", "hazard", "pledge", "attachment"))));
        String id = uuid(op, "id", true);
        JsonElement base = op.get("baseVersion");
        if (base == null || !base.isJsonPrimitive() || !base.getAsJsonPrimitive().isNumber()
                || !WHOLE_NUMBER.matcher(base.getAsString()).matches()) {
            throw invalid("baseVersion", Labels.say("baseVersionRule", Named.field("baseVersion")));
        }
        JsonElement fields = op.get("fields");
        if (fields != null && !fields.isJsonObject()) {
            throw invalid("fields", Labels.say("operationFieldsRule", Named.field("fields")));
        }
        JsonElement delete = op.get("delete");
        if (delete != null && !(delete.isJsonPrimitive() && delete.getAsJsonPrimitive().isBoolean())) {
            throw invalid("delete", Labels.say("notTrueOrFalse", Named.field("delete"), "true", "false"));
        }
        for (String name : op.keySet()) {
            if (!MEMBERS.contains(name)) {
                throw invalid(name, Labels.say("operationUnknownMember", name, String.join("、", MEMBER_ORDER)));
            }
        }
        JsonObject changed = fields == null ? new JsonObject() : fields.getAsJsonObject();
        return new SyncOperation(opId, type, id, base.getAsInt(), changed, delete != null && delete.getAsBoolean(),
                uuid(op, "prevOpId", false), CanonicalJson.sha256(op), op);
    }

    private static String uuid(JsonObject op, String name, boolean required) {
        String value = text(op, name);
        if (value == null && !required) {
            return null;
        }
        if (!Uuids.isCanonical(value)) {
            throw invalid(name, Named.notUuid(name));
        }
        return value;
    }

    private static FieldsyncException invalid(String field, String message) {
        return new FieldsyncException(ErrorCode.INVALID_OPERATION, field == null ? null : "/" + field, message);
    }
}
