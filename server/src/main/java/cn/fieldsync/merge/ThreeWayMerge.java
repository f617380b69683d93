package cn.fieldsync.merge;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import cn.fieldsync.schemas.SignedContent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges a device's changed fields into the server's current record, against the snapshot of
 * the version the device's edit was based on. Per top-level field:
 *
 * <ul>
 *   <li>device value equals the server's: nothing to do;</li>
 *   <li>the server has not changed the field since the base: the device's value is taken;</li>
 *   <li>both changed it: append-only lists take the union (server order first, then what the
 *       device added); any other field keeps the server's value and becomes a {@link FieldChange}
 *       conflict holding base, server and device values — nothing the device sent is lost.</li>
 * </ul>
 *
 * A JSON null from the device removes the field. {@code deleted} is treated as one more field:
 * deleting a record that changed since the base, or editing a record deleted since the base,
 * is a conflict.
 *
 * <p>Signing is never merged onto other content (安全生产法 art 68: the inspectors and the unit's
 * person in charge sign the written record; a signature confirms what the signer saw). When the
 * device's edit adds an attestation — a signature, a refusal to sign, a pledge's signature, a seal
 * ({@link SignedContent#ATTESTATIONS}) — and the signed content the device saw (its base with its
 * changes) is not the signed content of the merged record, every signing field the device changed
 * ({@link SignedContent#SIGNING_FIELDS}) is held as a conflict with {@link FieldChange.SignedOn}
 * saying what the signer saw and which fields differ; the device's content changes merge as
 * usual. The converse — content changed on a stale base under signatures given since — is
 * refused by the record rules on the merged result ({@code RecordChecks#signedContentKept}).
 */
public final class ThreeWayMerge {

    public static final String DELETED = "deleted";

    private ThreeWayMerge() {
    }

    /**
     * @param type          the record type's wire name (for the per-field policy)
     * @param base          the record as the device last saw it (with {@code deleted}), empty for a create
     * @param server        the record as the server has it now (with {@code deleted})
     * @param deviceChanges the fields the device changed, with their new values
     */
    public static Result merge(String type, JsonObject base, JsonObject server, Map<String, JsonElement> deviceChanges) {
        JsonObject merged = server.deepCopy();
        List<FieldChange> conflicts = new ArrayList<>();
        boolean changed = false;
        for (Map.Entry<String, JsonElement> change : deviceChanges.entrySet()) {
            String field = change.getKey();
            JsonElement device = nullToAbsent(change.getValue());
            JsonElement serverValue = server.get(field);
            JsonElement baseValue = base.get(field);
            if (Objects.equals(device, serverValue)) {
                continue;
            }
            if (DELETED.equals(field) && isTrue(device) && !server.equals(base)) {
                // deleting a record someone changed since the device saw it: the deletion waits for
                // an administrator and the changes stay
                conflicts.add(new FieldChange(field, baseValue, serverValue, device));
                continue;
            }
            if (Objects.equals(serverValue, baseValue)) {
                set(merged, field, device);
                changed = true;
            } else if (MergePolicy.isAppendOnly(type, field) && isArrayOrAbsent(serverValue) && isArrayOrAbsent(device)) {
                JsonArray union = union(serverValue, device);
                if (!union.equals(serverValue)) {
                    merged.add(field, union);
                    changed = true;
                }
            } else {
                conflicts.add(new FieldChange(field, baseValue, serverValue, device));
            }
        }
        if (deletedSinceBase(base, server) && !deviceChanges.containsKey(DELETED) && !deviceChanges.isEmpty()) {
            // the device edited a record someone deleted meanwhile: the edit is kept on the tombstone
            // and the question "should it live again?" goes to an administrator
            conflicts.add(new FieldChange(DELETED, base.get(DELETED), server.get(DELETED), new JsonPrimitive(false)));
        }
        if (deviceChanges.keySet().stream().noneMatch(SignedContent.ATTESTATIONS::contains)) {
            // the device signed nothing: the common edit needs no copy of what it saw
            return new Result(merged, List.copyOf(conflicts), changed);
        }
        JsonObject deviceView = deviceView(base, deviceChanges);
        if (SignedContent.addsAttestation(server, deviceView) && !SignedContent.of(deviceView).equals(SignedContent.of(merged))) {
            FieldChange.SignedOn signedOn = new FieldChange.SignedOn(SignedContent.sha256(deviceView),
                    List.copyOf(SignedContent.differences(deviceView, merged)));
            conflicts.removeIf(c -> SignedContent.SIGNING_FIELDS.contains(c.field()));
            for (Map.Entry<String, JsonElement> change : deviceChanges.entrySet()) {
                String field = change.getKey();
                JsonElement device = nullToAbsent(change.getValue());
                if (SignedContent.SIGNING_FIELDS.contains(field) && !Objects.equals(device, server.get(field))) {
                    set(merged, field, server.get(field));
                    conflicts.add(new FieldChange(field, base.get(field), server.get(field), device, signedOn));
                }
            }
            changed = !merged.equals(server);
        }
        return new Result(merged, List.copyOf(conflicts), changed);
    }

    /**
     * The device's whole edit held for an administrator, the server's record kept as it is: every
     * field where the device's view (its base with its changes) differs from the server's record —
     * what it changed, and what the server changed since that it left alone — becomes a {@link FieldChange}
     * (an append-only list with the union of both sides as the device's value, so choosing the
     * device's side drops none of the server's entries). For an edit whose {@link #merge} would
     * apply only part of it — a status held as a conflict, the step fields that go with it applied
     * alone — and so break the record's rules: the two contradictory on-site findings then both
     * reach the administrator instead of one being refused for a status its author never chose.
     */
    public static Result holdAll(String type, JsonObject base, JsonObject server, Map<String, JsonElement> deviceChanges) {
        List<FieldChange> conflicts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> change : deviceChanges.entrySet()) {
            String field = change.getKey();
            JsonElement device = nullToAbsent(change.getValue());
            JsonElement serverValue = server.get(field);
            if (MergePolicy.isAppendOnly(type, field) && isArrayOrAbsent(serverValue) && isArrayOrAbsent(device)) {
                device = union(serverValue, device);
            }
            if (!Objects.equals(device, serverValue)) {
                conflicts.add(new FieldChange(field, base.get(field), serverValue, device));
            }
        }
        // what the server changed since the base and the device left as it was belongs to the device's side too: its
        // VERIFIED goes with the rectification date it saw, its REGISTERED without the 验收日期 it never saw. An
        // append-only history the server added to stays (the union is the server's list)
        java.util.Set<String> fields = new java.util.TreeSet<>(server.keySet());
        fields.addAll(base.keySet());
        for (String field : fields) {
            if (deviceChanges.containsKey(field) || MergePolicy.isAppendOnly(type, field)
                    || Objects.equals(base.get(field), server.get(field))) {
                continue;
            }
            conflicts.add(new FieldChange(field, base.get(field), server.get(field), base.get(field)));
        }
        return new Result(server.deepCopy(), List.copyOf(conflicts), false);
    }

    /** The record as the device had it after its edit: its base with its changes made. */
    private static JsonObject deviceView(JsonObject base, Map<String, JsonElement> deviceChanges) {
        JsonObject view = base.deepCopy();
        deviceChanges.forEach((field, value) -> set(view, field, nullToAbsent(value)));
        return view;
    }

    private static boolean deletedSinceBase(JsonObject base, JsonObject server) {
        return isTrue(server.get(DELETED)) && !isTrue(base.get(DELETED));
    }

    private static boolean isTrue(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() && value.getAsBoolean();
    }

    /**
     * @param merged    the record to store (server values kept where there are conflicts)
     * @param conflicts the fields held for an administrator
     * @param changed   whether merged differs from the server's record
     */
    public record Result(JsonObject merged, List<FieldChange> conflicts, boolean changed) {
    }

    private static JsonArray union(JsonElement server, JsonElement device) {
        JsonArray union = server == null ? new JsonArray() : server.getAsJsonArray().deepCopy();
        if (device != null) {
            for (JsonElement item : device.getAsJsonArray()) {
                if (!union.contains(item)) {
                    union.add(item);
                }
            }
        }
        return union;
    }

    private static boolean isArrayOrAbsent(JsonElement value) {
        return value == null || value.isJsonArray();
    }

    private static JsonElement nullToAbsent(JsonElement value) {
        return value == null || value instanceof JsonNull ? null : value;
    }

    private static void set(JsonObject object, String field, JsonElement value) {
        if (value == null) {
            object.remove(field);
        } else {
            object.add(field, value.deepCopy());
        }
    }
}
