package cn.fieldsync.client.app;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.schemas.ChineseDates;
import cn.fieldsync.schemas.ConflictWords;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inspector's records as the app lists them, each with its sync state in the words of issue
 * 11's rule: waiting to sync, synced, waiting for a photo (which one), in conflict (what happens
 * next), needs attention (the server's reason and the way to fix, resend or withdraw it).
 */
final class RecordViews {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, AttentionItem> attention = new HashMap<>();
    private final Map<String, LocalConflict> conflicts = new HashMap<>();
    private final Map<String, String> unitNames = new HashMap<>();
    private final Map<String, String> personNames = new HashMap<>();
    /** This device's id: a seal naming it was made here, with this device's key. */
    private final String deviceId;

    private final DeviceStore store;
    /** The server's zone, read once per view: days and times are counted and shown in it. */
    private final ZoneId zone;

    RecordViews(DeviceStore store) {
        this.store = store;
        zone = store.zone();
        deviceId = store.status().deviceId();
        store.attention().forEach(item -> attention.put(item.recordId(), item));
        store.conflicts().stream().filter(c -> !LocalConflict.RESOLVED.equals(c.status())).forEach(c -> conflicts.put(c.recordId(), c));
        store.list(RecordType.UNIT).forEach(u -> unitNames.put(u.id(), text(u.body(), "name")));
        store.list(RecordType.PERSON).forEach(p -> personNames.put(p.id(), text(p.body(), "name")));
        store.withdrawn().forEach(op -> {
            // a unit removed since: its name is still in what was withdrawn
            JsonObject operation = op.getAsJsonObject("operation");
            if ("unit".equals(text(op, "type")) && operation != null && operation.get("fields") instanceof JsonObject f
                    && !text(f, "name").isEmpty()) {
                unitNames.putIfAbsent(text(op, "recordId"), text(f, "name"));
            }
        });
    }

    /** The records of the inspector's work (inspections, dangers, pledges), those needing them first, then newest first. */
    JsonArray list(DeviceStore store) {
        List<JsonObject> all = new ArrayList<>();
        for (RecordType type : List.of(RecordType.INSPECTION, RecordType.HAZARD, RecordType.PLEDGE)) {
            for (LocalRecord r : store.list(type)) {
                if (!r.deleted()) {
                    all.add(view(r));
                }
            }
        }
        for (LocalRecord a : store.list(RecordType.ATTACHMENT)) {
            if (!a.deleted() && attention.containsKey(a.id()) && !heldWithOwner(a)) {
                all.add(photoView(a));
            }
        }
        all.sort(Comparator.comparingInt((JsonObject v) -> order(v.get("state").getAsString()))
                .thenComparing(v -> v.get("when").getAsString(), Comparator.reverseOrder()));
        JsonArray array = new JsonArray();
        all.forEach(array::add);
        return array;
    }

    private static int order(String state) {
        return switch (state) {
            case "NEEDS_ACTION" -> 0;
            case "CONFLICT" -> 1;
            case "DRAFT" -> 2;
            case "WAITING_FILE", "WAITING" -> 3;
            case "PENDING" -> 4;
            default -> 5;
        };
    }

    /**
     * A photo the server has not taken (upload refused, file damaged, its record refused...): listed
     * and counted like a record, saying whose photo it is, why, and what to do.
     */
    private JsonObject photoView(LocalRecord a) {
        String owner = text(a.body(), "recordId");
        String sha256 = text(a.body(), "sha256");
        Optional<LocalRecord> record = store.get(owner);
        JsonObject v = new JsonObject();
        v.addProperty("id", a.id());
        v.addProperty("type", "attachment");
        v.addProperty("typeName", "照片");
        v.addProperty("version", a.version());
        v.addProperty("pending", a.pending());
        v.addProperty("ownerId", owner);
        String whose = record.map(r -> Labels.name("recordTypes", r.type().wireName()) + "的" + describe(r.body(), sha256))
                .orElse("照片");
        v.addProperty("summary", whose);
        v.addProperty("unitName", record.map(r -> unitNames.getOrDefault(unitOf(r.type(), r.body()), "")).orElse(""));
        v.addProperty("when", text(a.body(), "capturedAt"));
        v.addProperty("status", "");
        v.addProperty("statusName", "");
        AttentionItem item = attention.get(a.id());
        boolean needsAction = item.kind() == AttentionItem.Kind.NEEDS_ACTION;
        Optional<String> heldBy = heldBy(item);
        if (heldBy.isPresent()) {
            // not a network wait: the photo goes once the record it belongs to is dealt with
            heldByRefused(v, heldBy.get());
            v.addProperty("search", whose + " " + a.id() + " " + owner + " " + dates(text(a.body(), "capturedAt")));
            v.addProperty("stateName", Labels.name("syncStates", "NEEDS_ACTION"));
            return v;
        }
        v.addProperty("state", needsAction ? "NEEDS_ACTION" : "WAITING_FILE");
        v.addProperty("code", item.code());
        v.addProperty("reason", plain(item.reason()));
        if (!needsAction) {
            v.addProperty("photo", whose);
        }
        v.addProperty("next", needsAction
                ? "点“重新发送”再次上传这张照片（请先确认网络正常、照片在本设备上）；如这张照片不应再发送，可点“撤回”（仍保留在本设备上备查）。"
                : "照片在本设备上时会在同步时自动上传；请保持网络连接。");
        v.addProperty("amendable", false);
        v.addProperty("search", whose + " " + a.id() + " " + owner + " " + dates(text(a.body(), "capturedAt")));
        v.addProperty("stateName", Labels.name("syncStates", v.get("state").getAsString()));
        return v;
    }

    private static String unitOf(RecordType type, JsonObject body) {
        return type == RecordType.PLEDGE && body.get("signer") instanceof JsonObject signer ? text(signer, "unitId") : text(body, "unitId");
    }

    JsonObject view(LocalRecord r) {
        if (r.type() == RecordType.ATTACHMENT && attention.containsKey(r.id())) {
            return photoView(r);
        }
        JsonObject body = r.body();
        JsonObject v = new JsonObject();
        v.addProperty("id", r.id());
        v.addProperty("type", r.type().wireName());
        v.addProperty("typeName", Labels.name("recordTypes", r.type().wireName()));
        v.addProperty("version", r.version());
        v.addProperty("pending", r.pending());
        v.addProperty("summary", summary(r));
        String unitId = unitOf(r.type(), body);
        v.addProperty("unitName", unitNames.getOrDefault(unitId, ""));
        v.addProperty("when", firstOf(body, "foundAt", "startedAt", "signedAt"));
        String status = text(body, "status");
        String statusSection = r.type() == RecordType.HAZARD ? "hazardStatus" : r.type() == RecordType.PLEDGE ? "pledgeStatus"
                : "inspectionStatus";
        v.addProperty("status", status.isEmpty() && r.type() == RecordType.HAZARD ? "REGISTERED" : status);
        v.addProperty("statusName", Labels.name(statusSection, status.isEmpty() && r.type() == RecordType.HAZARD ? "REGISTERED"
                : status.isEmpty() ? "DRAFT" : status));
        if (r.type() == RecordType.HAZARD) {
            v.addProperty("gradeName", Labels.name("hazardGrades", text(body, "grade")));
        }
        state(r, v);
        v.addProperty("stateName", Labels.name("syncStates", v.get("state").getAsString()));
        seal(body, v);
        // sealed, the record accepts no edit: what the server refused is corrected in a new record
        v.addProperty("amendable", "NEEDS_ACTION".equals(v.get("state").getAsString()) && "SEALED".equals(status));
        v.addProperty("search", r.id() + " " + searchText(body) + " " + dates(firstOf(body, "foundAt", "startedAt", "signedAt"))
                + " " + dates(text(body, "endedAt")));
        return v;
    }

    /**
     * Who sealed: this device (with its own key) or another one — then the record says who signed
     * on it, and that its seal is kept as it was made (this device neither re-seals nor edits it).
     */
    private void seal(JsonObject body, JsonObject v) {
        if (!body.has("seal") || !body.get("seal").isJsonObject()) {
            return;
        }
        JsonObject seal = body.getAsJsonObject("seal");
        boolean here = deviceId != null && deviceId.equals(text(seal, "deviceId"));
        v.addProperty("sealedHere", here);
        if (here) {
            v.addProperty("sealWords", "已以本设备密钥封存");
            return;
        }
        List<String> signers = new ArrayList<>();
        if (body.has("signatures")) {
            for (JsonElement e : body.getAsJsonArray("signatures")) {
                String name = text(e.getAsJsonObject(), "name");
                if (!name.isEmpty() && !signers.contains(name)) {
                    signers.add(name);
                }
            }
        }
        if (body.has("signer") && body.get("signer").isJsonObject() && !text(body.getAsJsonObject("signer"), "name").isEmpty()) {
            signers.add(text(body.getAsJsonObject("signer"), "name"));
        }
        v.addProperty("sealWords", "由另一台设备封存" + (signers.isEmpty() ? "" : "（" + String.join("、", signers) + " 签名）")
                + "；封存内容原样保留，本设备不能修改");
    }

    /** Fields whose values are the envelope or the seal's cryptography: not words anyone reads on the page. */
    private static final java.util.Set<String> NOT_WORDS = java.util.Set.of("id", "type", "version", "deleted", "createdAt", "updatedAt",
            "seal", "sealVerified");
    private static final Pattern DAY_OR_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}.*)?");

    /**
     * What the list's search box finds a record by, besides its unit's name and type: every text,
     * person and date its page shows — who signed, who refused and the witness, a danger's deadline
     * (as 2026-12-15, 12月15日 and 2026年12月15日), codes by their Chinese names, units and people
     * named by id by their names.
     */
    private String searchText(JsonObject body) {
        StringBuilder words = new StringBuilder();
        body.entrySet().forEach(f -> {
            if (!NOT_WORDS.contains(f.getKey())) {
                collect(f.getValue(), words);
            }
        });
        return words.toString().strip();
    }
    /**
     * A date or time as the inspector may type it to find it: as the list shows it (2026年11月23日,
     * 11月23日) and as written in numbers (2026-11-23), in the zone the days are counted in.
     */
    String dates(String iso) {
        String chinese = ChineseDates.format(iso, zone);
        if (chinese.isEmpty() || chinese.equals(iso)) {
            return "";
        }
        String day = chinese.split(" ")[0];
        java.time.LocalDate date = iso.length() == 10 ? java.time.LocalDate.parse(iso)
                : java.time.OffsetDateTime.parse(iso).atZoneSameInstant(zone).toLocalDate();
        return chinese + " " + day.substring(day.indexOf('年') + 1) + " " + date;
    }

    private void collect(JsonElement e, StringBuilder words) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String value = e.getAsString();
            if (SHA256.matcher(value).matches()) {
                return;
            }
            if (UUID.matcher(value).matches()) {
                // a unit or person named by id: found by the name the page shows
                String name = unitNames.getOrDefault(value, personNames.get(value));
                if (name != null) {
                    words.append(name).append(' ');
                }
                return;
            }
            words.append(value).append(' ');
            if (DAY_OR_TIME.matcher(value).matches()) {
                try {
                    words.append(dates(value)).append(' ');
                } catch (java.time.DateTimeException notADate) {
                    // found by its text only
                }
            } else if (value.matches("[A-Z][A-Z0-9_]+")) {
                Labels.find("hazardGrades", value).or(() -> Labels.find("hazardCategories", value))
                        .or(() -> Labels.find("checkResults", value)).or(() -> Labels.find("onSiteMeasures", value))
                        .or(() -> Labels.find("signerRoles", value)).ifPresent(n -> words.append(n).append(' '));
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, words));
        } else if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(x -> collect(x.getValue(), words));
        }
    }

    /**
     * The withdrawn records (issue 11's "nothing dropped or hidden"): one entry per record, its
     * withdrawn changes folded oldest first into what it said, with the server's reason and the
     * inspector's note; files withdrawn with their record are counted there, not listed alone.
     * Newest first. {@code replacedBy} names the new record when it was amended ({@link DeviceStore#amend}).
     */
    JsonArray withdrawn(DeviceStore store) {
        Map<String, List<JsonObject>> byRecord = new java.util.LinkedHashMap<>();
        for (JsonObject op : store.withdrawn()) {
            byRecord.computeIfAbsent(text(op, "recordId"), k -> new ArrayList<>()).add(op);
        }
        JsonArray list = new JsonArray();
        for (Map.Entry<String, List<JsonObject>> e : byRecord.entrySet()) {
            List<JsonObject> ops = new ArrayList<>(e.getValue());
            JsonObject newest = ops.get(0);
            RecordType type = RecordType.fromWireName(text(newest, "type")).orElse(null);
            if (type == null || type == RecordType.ATTACHMENT) {
                continue;
            }
            // oldest first by opId (time-ordered UUIDs): operations withdrawn at one moment share their withdrawnAt
            ops.sort(Comparator.comparing((JsonObject o) -> text(o, "opId")));
            JsonObject said = new JsonObject();
            String reason = "";
            boolean sealed = false;
            for (JsonObject op : ops) {
                JsonObject operation = op.getAsJsonObject("operation");
                if (operation != null && operation.has("fields") && operation.get("fields").isJsonObject()) {
                    operation.getAsJsonObject("fields").entrySet().forEach(f -> said.add(f.getKey(), f.getValue()));
                    sealed |= operation.getAsJsonObject("fields").has("seal");
                }
                // the oldest refusal is the cause; the later operations only waited behind it
                if (reason.isEmpty() && !text(op, "reason").isEmpty()) {
                    reason = text(op, "reason");
                }
            }
            JsonObject v = new JsonObject();
            v.addProperty("id", e.getKey());
            v.addProperty("type", type.wireName());
            v.addProperty("typeName", Labels.name("recordTypes", type.wireName()));
            v.addProperty("summary", summary(type, said, LocalRecord.summary(said)));
            String unitId = unitOf(type, said);
            if (unitId.isEmpty()) {
                // the correction's withdrawal carries no fields: what it said is the record kept on the device
                JsonObject kept = store.get(e.getKey()).map(LocalRecord::body).orElse(new JsonObject());
                kept.entrySet().forEach(f -> { if (!said.has(f.getKey())) { said.add(f.getKey(), f.getValue()); } });
                unitId = unitOf(type, said);
            }
            v.addProperty("unitName", unitNames.getOrDefault(unitId, ""));
            v.addProperty("when", firstOf(said, "foundAt", "startedAt", "signedAt"));
            v.addProperty("sealed", sealed || "SEALED".equals(text(said, "status")));
            v.addProperty("reason", reason.isEmpty() ? "" : plain(reason));
            String note = text(newest, "note");
            if (note.startsWith(DeviceStore.AMENDED_AS)) {
                v.addProperty("replacedBy", note.substring(DeviceStore.AMENDED_AS.length()).strip());
                v.addProperty("note", "已改正后重新记录为一条新记录");
            } else {
                v.addProperty("note", note);
            }
            v.addProperty("withdrawnAt", text(newest, "withdrawnAt"));
            // what it said, for its page ("查看这条记录"): kept on the device even when the record left the lists
            JsonObject content = said.deepCopy();
            content.addProperty("id", e.getKey());
            content.addProperty("type", type.wireName());
            v.add("content", content);
            v.addProperty("onDevice", store.get(e.getKey()).filter(r -> !r.deleted()).isPresent());
            list.add(v);
        }
        return list;
    }

    /**
     * A withdrawn record's page: what it said when withdrawn (every field, its refusal to sign and
     * its seal included), the server's reason and the note — for a record that left the lists.
     */
    Optional<JsonObject> withdrawnView(DeviceStore store, String id) {
        for (JsonElement e : withdrawn(store)) {
            JsonObject w = e.getAsJsonObject();
            if (id.equals(text(w, "id"))) {
                JsonObject v = new JsonObject();
                v.addProperty("id", id);
                v.addProperty("type", text(w, "type"));
                v.addProperty("typeName", text(w, "typeName"));
                v.addProperty("summary", text(w, "summary"));
                v.addProperty("state", "WITHDRAWN");
                v.addProperty("stateName", "已撤回（仍保留在本设备上）");
                v.addProperty("statusName", Labels.name(RecordType.fromWireName(text(w, "type")).orElse(RecordType.INSPECTION) == RecordType.HAZARD
                        ? "hazardStatus" : text(w, "type").equals("pledge") ? "pledgeStatus" : "inspectionStatus",
                        text(w.getAsJsonObject("content"), "status").isEmpty() ? "DRAFT" : text(w.getAsJsonObject("content"), "status")));
                v.addProperty("reason", text(w, "reason"));
                v.addProperty("next", text(w, "note").isEmpty() ? "这条记录已撤回，不再发送。" : "撤回说明：" + text(w, "note"));
                if (w.has("replacedBy")) {
                    v.addProperty("replacedBy", text(w, "replacedBy"));
                }
                JsonObject content = w.getAsJsonObject("content");
                seal(content, v);
                v.add("record", content);
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Which failed checklist items of an inspection already have a danger raised on this device: item code to the danger's id. */
    static JsonObject raisedFrom(DeviceStore store, String inspectionId) {
        JsonObject raised = new JsonObject();
        for (LocalRecord h : store.list(RecordType.HAZARD)) {
            if (!h.deleted() && inspectionId.equals(text(h.body(), "inspectionId")) && !text(h.body(), "checklistItemCode").isEmpty()) {
                raised.addProperty(text(h.body(), "checklistItemCode"), h.id());
            }
        }
        return raised;
    }

    /** The server's reason when a conflict holds a signature given on content changed since, or null. */
    private static String signedOnOtherContent(JsonObject fields) {
        if (fields == null) {
            return null;
        }
        for (String field : fields.keySet()) {
            JsonElement held = fields.get(field);
            if (held.isJsonObject() && held.getAsJsonObject().get("signedOnOtherContent") instanceof JsonObject signedOn) {
                return text(signedOn, "message");
            }
        }
        return null;
    }

    private void state(LocalRecord r, JsonObject v) {
        AttentionItem item = attention.get(r.id());
        LocalConflict conflict = conflicts.get(r.id());
        if (item != null && item.kind() == AttentionItem.Kind.NEEDS_ACTION) {
            v.addProperty("state", "NEEDS_ACTION");
            v.addProperty("code", item.code());
            v.addProperty("reason", plain(item.reason()));
            long photos = photosHeldWith(r.id());
            v.addProperty("next", "请按上述原因修改后点“重新发送”；如这条记录不应再发送，可点“撤回”（撤回的内容仍保留在本设备上备查）。");
            if (photos > 0) {
                v.addProperty("photosHeld", "本记录的 " + photos + " 个文件（照片、签名）因本记录被拒收而暂不上传，不是在等网络：处理本记录后一并上传。");
            }
        } else if (conflict != null) {
            v.addProperty("state", "CONFLICT");
            JsonArray fields = new JsonArray();
            JsonArray sides = new JsonArray();
            conflict.fields().entrySet().forEach(f -> {
                fields.add(ConflictWords.fieldName(f.getKey()));
                // both sides, as `fieldsync conflicts` prints them: the inspector's own value is never hidden
                JsonObject values = f.getValue().isJsonObject() ? f.getValue().getAsJsonObject() : new JsonObject();
                JsonObject side = new JsonObject();
                side.addProperty("field", ConflictWords.fieldName(f.getKey()));
                side.addProperty("device", ConflictWords.value(f.getKey(), values.get("device"), zone));
                side.addProperty("server", ConflictWords.value(f.getKey(), values.get("server"), zone));
                if (values.has("base")) {
                    side.addProperty("base", ConflictWords.value(f.getKey(), values.get("base"), zone));
                }
                sides.add(side);
            });
            v.add("fields", fields);
            v.add("sides", sides);
            String signedOn = signedOnOtherContent(conflict.fields());
            if (signedOn != null) {
                // 安全生产法 art 68: the signature was given on content that changed since; it waits, it is not merged
                v.addProperty("reason", signedOn);
                v.addProperty("next", "签字已交到服务器保存在冲突中，但未并入记录。管理员处理后，请在本设备上查看当前内容，并请签字人重新签字。");
            } else {
                v.addProperty("next", "您修改时，服务器上的这条记录已被他人改过。" + ConflictWords.NEXT);
            }
        } else if (item != null && heldBy(item).isPresent()) {
            heldByRefused(v, heldBy(item).get());
        } else if (item != null && "attachment_missing".equals(item.code())) {
            v.addProperty("state", "WAITING_FILE");
            v.addProperty("photo", whichPhoto(r.body(), item.reason()));
            v.addProperty("reason", item.reason());
            v.addProperty("next", "照片在本设备上时会在同步时自动上传，之后这条记录随即发送；请保持网络连接。");
        } else if (item != null) {
            v.addProperty("state", "WAITING");
            v.addProperty("code", item.code());
            v.addProperty("reason", plain(item.reason()));
            v.addProperty("next", "每次同步都会再试，所等待的内容到达后自动发送。");
        } else if (r.type() != RecordType.HAZARD && !"SEALED".equals(text(r.body(), "status"))) {
            // unsealed is a draft whatever its sync: one synced before signing still waits for its signatures
            v.addProperty("state", "DRAFT");
            v.addProperty("next", r.pending() > 0 ? "尚未签字封存；已保存的内容会随同步发送。" : "尚未签字封存。");
            v.addProperty("pendingSync", r.pending() > 0);
        } else if (r.pending() > 0 || r.version() == 0) {
            v.addProperty("state", "PENDING");
        } else {
            v.addProperty("state", "SYNCED");
        }
    }

    /**
     * The record whose refusal holds this one back, when it waits (on this device, or held by the
     * server in the same push) while a record it links to — its inspection, the record a photo
     * belongs to, one its reason names — was refused and waits for the inspector: followed along a
     * chain of waits. Empty when it waits for something else (the network, a file).
     */
    private Optional<String> heldBy(AttentionItem item) {
        AttentionItem at = item;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (at != null && at.kind() == AttentionItem.Kind.WAITING && !"attachment_missing".equals(at.code()) && seen.add(at.recordId())) {
            AttentionItem next = null;
            for (String linked : linksOf(at)) {
                AttentionItem other = attention.get(linked);
                if (other != null && other.kind() == AttentionItem.Kind.NEEDS_ACTION) {
                    return Optional.of(linked);
                }
                if (other != null && next == null) {
                    next = other;
                }
            }
            at = next;
        }
        return Optional.empty();
    }

    /** The records a waiting record links to: its links (RecordLinks), a file's record, and ids its reason names. */
    private List<String> linksOf(AttentionItem item) {
        List<String> ids = new ArrayList<>();
        store.get(item.recordId()).ifPresent(r -> {
            RecordLinks.of(r.type(), r.body()).forEach(l -> ids.add(l.id()));
            if (r.type() == RecordType.ATTACHMENT && !text(r.body(), "recordId").isEmpty()) {
                ids.add(0, text(r.body(), "recordId"));
            }
        });
        Matcher m = UUID.matcher(item.reason() == null ? "" : item.reason());
        while (m.find()) {
            ids.add(m.group());
        }
        ids.remove(item.recordId());
        return ids;
    }

    /** A photo held back only because the record it belongs to was refused: said on that record's card, not listed alone. */
    private boolean heldWithOwner(LocalRecord a) {
        return heldBy(attention.get(a.id())).filter(text(a.body(), "recordId")::equals).isPresent();
    }

    /** How many photos of this record wait for it (its refusal holds them back). */
    private long photosHeldWith(String recordId) {
        return attention.values().stream().filter(i -> i.type() == RecordType.ATTACHMENT)
                .filter(i -> heldBy(i).filter(recordId::equals).isPresent()).count();
    }

    /** Held back by a refused record: counted under 需处理, saying which record to deal with first. */
    private void heldByRefused(JsonObject v, String refusedId) {
        Optional<LocalRecord> refused = store.get(refusedId);
        String which = refused.map(r -> Labels.name("recordTypes", r.type().wireName()) + "“" + summary(r) + "”").orElse("所属记录");
        v.addProperty("state", "NEEDS_ACTION");
        v.addProperty("heldBy", refusedId);
        v.addProperty("heldByName", which);
        v.addProperty("code", "waits_for_linked");
        v.addProperty("reason", "所属的" + which + "被服务器拒收，这一项随它暂不发送"
                + refused.map(r -> Optional.ofNullable(attention.get(r.id())).map(i -> "（拒收原因：" + plain(i.reason()) + "）").orElse("")).orElse(""));
        v.addProperty("next", "请先处理" + which + "（打开它，按原因修改后重新发送，或改正后重新记录）；处理后这一项随即发送，无需另外操作。");
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The reason as the inspector reads it: the Chinese of {@link cn.fieldsync.client.Reasons},
     * then the server's own words about this record when they are in Chinese, with the ids of
     * units this device knows given by their names. English details (stored by earlier versions
     * of the device library) are left out.
     */
    String plain(String reason) {
        int colon = reason.indexOf('：');
        if (colon < 0) {
            return words(reason);
        }
        String said = reason.substring(colon + 1);
        return words(reason.substring(0, colon)) + (cn.fieldsync.schemas.PlainWords.hasChinese(said) ? "：" + words(said) : "");
    }

    private static final Pattern POINTER = Pattern.compile("(?<![\\w/])/([A-Za-z]+)(?:/[0-9A-Za-z]+)*(?=[：:，, ）)]|$)");
    private static final Pattern CODE = Pattern.compile("\\b(PASS|FAIL|NOT_APPLICABLE|MAJOR|GENERAL|forcesMajor)\\b");
    private static final Pattern AMENDS = Pattern.compile("[（(]?新记录写 \"amends\": \"[^\"]*\"[）)]?");
    private static final Pattern CLI_EXAMPLE = Pattern.compile("[，,]\\s*例如 edit [^）)]*");
    private static final Pattern ENGLISH_TAIL = Pattern.compile("\\s*\\([\\x20-\\x7e]*\\)\\s*$");
    /** A code or member name the server gives in brackets after its Chinese name, 已复查验收（VERIFIED）: for the API's users. */
    private static final Pattern BRACKETED_CODE = Pattern.compile("（/?[A-Za-z_][A-Za-z0-9_./-]*）");

    /**
     * A failure's message as the inspector reads it in the app: without the code kept in brackets
     * for whoever supports the command line's user ("（forbidden）") and without an English tail.
     */
    static String said(cn.fieldsync.client.FieldsyncException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e.code() != null) {
            m = m.replace("（" + e.code() + "）", "");
        }
        return BRACKETED_CODE.matcher(ENGLISH_TAIL.matcher(m).replaceAll("")).replaceAll("");
    }

    /**
     * A message of the device library or the server as the inspector reads it in the app: field
     * paths ({@code /checklist/2/result}) as the field's name, ids of units and people on this
     * device as their names (others as "该记录"), codes (PASS, MAJOR, forcesMajor) as their
     * Chinese labels, the command line's syntax as what to do in the app, and the English
     * details for administrators and the codes in brackets after a Chinese name left out.
     */
    String words(String message) {
        if (message == null) {
            return "";
        }
        String s = ENGLISH_TAIL.matcher(message).replaceAll("");
        s = BRACKETED_CODE.matcher(s).replaceAll("");
        s = AMENDS.matcher(s).replaceAll("（在记录列表中点“改正后重新记录”，应用会自动关联原记录）");
        s = CLI_EXAMPLE.matcher(s).replaceAll("：在“签字封存”页请每位执法人员在签名框内签名");
        s = replace(UUID.matcher(s), m -> {
            String name = unitNames.getOrDefault(m.group(), personNames.get(m.group()));
            return name == null || name.isEmpty() ? "该记录" : "“" + name + "”";
        });
        // "记录 0190…" became "记录 该记录" (a tester's finding): the kind is said once
        s = s.replace("记录 该记录", "该记录").replace("记录该记录", "该记录");
        s = replace(POINTER.matcher(s), m -> Labels.name("fields", m.group(1)));
        s = replace(CODE.matcher(s), m -> switch (m.group(1)) {
            case "MAJOR", "GENERAL" -> Labels.name("hazardGrades", m.group(1));
            case "forcesMajor" -> "重大隐患判定项";
            default -> "“" + Labels.name("checkResults", m.group(1)) + "”";
        });
        return s;
    }

    private static String replace(Matcher m, java.util.function.Function<Matcher, String> with) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Which of the record's files the server still waits for: "第 2 张照片", "检查项 HC-02 的照片", "张明的签名". */
    static String whichPhoto(JsonObject body, String reason) {
        Matcher m = SHA256.matcher(reason == null ? "" : reason);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(describe(body, m.group()));
        }
        return named.isEmpty() ? "照片" : String.join("、", named);
    }

    private static String describe(JsonObject body, String sha256) {
        if (body.has("checklist")) {
            for (JsonElement e : body.getAsJsonArray("checklist")) {
                JsonObject item = e.getAsJsonObject();
                if (item.has("evidence") && item.getAsJsonArray("evidence").toString().contains(sha256)) {
                    return "检查项 " + text(item, "itemCode") + "（" + text(item, "text") + "）的照片";
                }
            }
        }
        if (body.has("signatures")) {
            for (JsonElement e : body.getAsJsonArray("signatures")) {
                if (sha256.equals(text(e.getAsJsonObject(), "signatureImage"))) {
                    return text(e.getAsJsonObject(), "name") + " 的签名";
                }
            }
        }
        if (sha256.equals(text(body, "signatureImage"))) {
            return "签订人的签名";
        }
        if (body.has("photos")) {
            int n = 0;
            for (JsonElement e : body.getAsJsonArray("photos")) {
                n++;
                if (sha256.equals(e.getAsString())) {
                    return "第 " + n + " 张照片";
                }
            }
        }
        return "照片 " + sha256.substring(0, 8);
    }

    private static String summary(LocalRecord r) {
        return summary(r.type(), r.body(), r.summary());
    }

    private static String summary(RecordType type, JsonObject body, String otherwise) {
        return switch (type) {
            case INSPECTION -> body.has("checklistTemplate") ? text(body, "checklistTemplate") : "现场检查";
            case PLEDGE -> Labels.name("pledgeKinds", text(body, "kind"))
                    + (body.has("signer") ? " · " + text(body.getAsJsonObject("signer"), "name") : "");
            default -> otherwise;
        };
    }

    private static String firstOf(JsonObject body, String... fields) {
        for (String f : fields) {
            if (!text(body, f).isEmpty()) {
                return text(body, f);
            }
        }
        return "";
    }

    static String text(JsonObject o, String field) {
        return JsonFields.textOr(o, field, "");
    }
}
