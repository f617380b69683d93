package cn.fieldsync.server.sync;

import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.attachment.FileAttachmentStore;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.record.Page;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2 to 5 devices make random creates, edits and deletes offline and sync in random order — with
 * what people do at the edges mixed in: a status change the lifecycle refuses, a hidden danger
 * waiting for a photo the device does not hold (which another party may upload later), a
 * hidden danger found in such a waiting inspection, an inspector withdrawing a refused change
 * or fixing and resending it. Then every device syncs until quiet. Then every device equals the
 * server for every record it holds no work on, and every operation made (issue 11's rule) is
 * applied (in the record's state or history), held in a conflict, in the server's rejected log,
 * or on its device: needing attention, waiting, or withdrawn and kept. None vanishes.
 */
class ConvergencePropertyTest {

    private static final List<String> TEXTS = List.of("消防通道堵塞", "通道已清理", "需复查", "灭火器过期");
    private static final List<String> PEOPLE = List.of("王某", "李某", "赵某");

    enum Kind {
        CREATE, EDIT_DESCRIPTION, EDIT_PERSON, ADD_NOTE, DELETE, SYNC,
        /** a danger naming a unit nobody has: refused on the device once it has synced, else by the server for good */
        CREATE_ORPHAN,
        /** a danger naming a photo the device does not hold */
        CREATE_WAITING_FOR_PHOTO,
        /** an inspection waiting for its photo, and a danger found in it */
        CREATE_INSPECTION_AND_FINDING,
        /** another party uploads the photo a record waits for */
        PHOTO_ARRIVES,
        /** the inspector withdraws what needs attention */
        WITHDRAW,
        /** the inspector points a refused danger at the real unit and resends */
        FIX_AND_RESEND,
        /** an administrator narrows the device's user to another county */
        NARROW_SCOPE,
        /** and gives it back */
        RESTORE_SCOPE,
        /** an administrator resolves the oldest open conflict: first on a stale view (refused), then on the current one */
        RESOLVE
    }

    record Action(Kind kind, int device, int record, int value) {
    }

    /** What a device asked for, to find afterwards. */
    record Edit(String device, String recordId, String field, JsonElement value) {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.of(Kind.class).edgeCases(c -> c.includeOnly(Kind.SYNC)),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 3)).as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(40);
    }

    // edge cases mixed in, not first: otherwise the 200 tries are spent on edge cases alone
    @Property(edgeCases = EdgeCasesMode.MIXIN)
    void devicesConvergeAndNoEditVanishes(@ForAll @IntRange(min = 2, max = 5) int deviceCount,
                                          @ForAll("actions") List<Action> actions) throws IOException {
        Path root = Files.createTempDirectory(Path.of("target"), "convergence");
        try (Database db = Database.open(DatabaseSettings.sqliteIn(root.resolve("server")))) {
            FileAttachmentStore attachments = new FileAttachmentStore(root.resolve("attachments"), 1024 * 1024);
            RecordService records = new RecordService(db, Clock.systemUTC(), ZoneId.of("Asia/Shanghai"), attachments);
            SyncService sync = new SyncService(db, records.store(), Clock.systemUTC());
            InProcessTransport transport = new InProcessTransport(sync, attachments);
            String unit = records.create(Caller.SYSTEM, RecordType.UNIT, json("{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}")).id();

            List<FieldStore> devices = new ArrayList<>();
            List<String> deviceIds = new ArrayList<>();
            for (int i = 0; i < deviceCount; i++) {
                FieldStore store = FieldStore.open(root.resolve("device-" + i));
                deviceIds.add(store.init(transport, "in-process", "device-" + i, "inspector-" + i, "unused"));
                devices.add(store);
            }
            try {
                List<Edit> edits = new ArrayList<>();
                for (Action action : actions) {
                    int d = action.device() % deviceCount;
                    perform(devices.get(d), deviceIds.get(d), "inspector-" + d, sync, transport, unit, action, edits);
                }
                for (int i = 0; i < deviceCount; i++) {
                    transport.scope("inspector-" + i, null);
                }
                for (int round = 0; round < 2; round++) {
                    for (FieldStore device : devices) {
                        device.sync(transport, SyncListener.NONE);
                    }
                }
                assertConverged(records, devices);
                assertNothingVanished(records, sync, devices, deviceIds, edits);
            } finally {
                devices.forEach(FieldStore::close);
            }
        } finally {
            deleteQuietly(root);
        }
    }

    /**
     * One action. The device may refuse it on the spot (a link to a unit that left its sight when
     * its user's scope narrowed, an edit the rules refuse): then nothing was stored, the inspector
     * saw why at once, and there is nothing to find later.
     */
    private static void perform(FieldStore device, String deviceId, String user, SyncService sync, InProcessTransport transport,
                                String unit, Action action, List<Edit> edits) {
        try {
            act(device, deviceId, user, sync, transport, unit, action, edits);
        } catch (cn.fieldsync.client.FieldsyncException refusedOnTheSpot) {
            if (action.kind() == Kind.SYNC) {
                throw refusedOnTheSpot;
            }
            // stored nothing: an operation is listed in edits only once the device took it
        }
    }

    private static void act(FieldStore device, String deviceId, String user, SyncService sync, InProcessTransport transport,
                            String unit, Action action, List<Edit> edits) {
        List<LocalRecord> known = device.list(RecordType.HAZARD).stream().filter(r -> !r.deleted()).toList();
        LocalRecord target = known.isEmpty() ? null : known.get(action.record() % known.size());
        switch (action.kind()) {
            case CREATE -> created(deviceId, device.create(RecordType.HAZARD, hazard(unit, action)), edits);
            case CREATE_WAITING_FOR_PHOTO -> {
                JsonObject hazard = hazard(unit, action);
                hazard.add("photos", photos(action.value()));
                created(deviceId, device.create(RecordType.HAZARD, hazard), edits);
            }
            case CREATE_INSPECTION_AND_FINDING -> {
                JsonObject inspection = json("""
                        {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市"},
                         "inspectors":[{"name":"张某","certificateNumber":"鲁应急执字37068600123"}],
                         "findings":["消防通道被物料堵塞"]}""".formatted(unit));
                inspection.add("photos", photos(action.value()));
                String inspectionId = device.create(RecordType.INSPECTION, inspection);
                created(deviceId, inspectionId, edits);
                JsonObject finding = hazard(unit, action);
                finding.addProperty("inspectionId", inspectionId);
                created(deviceId, device.create(RecordType.HAZARD, finding), edits);
            }
            case PHOTO_ARRIVES -> transport.uploadFromElsewhere(photo(action.value()));
            case NARROW_SCOPE -> transport.scope(user, new cn.fieldsync.server.identity.Scope(false, List.of("370602"), List.of(), List.of()));
            case RESTORE_SCOPE -> transport.scope(user, null);
            case RESOLVE -> resolveOldest(sync);
            case CREATE_ORPHAN -> {
                created(deviceId, device.create(RecordType.HAZARD, hazard(cn.fieldsync.schemas.Uuids.v7(), action)), edits);
            }
            case WITHDRAW -> device.attention().stream().filter(i -> i.kind() == AttentionItem.Kind.NEEDS_ACTION).findFirst()
                    .ifPresent(item -> device.withdraw(item.recordId(), "撤回 " + action.value()));
            case FIX_AND_RESEND -> device.attention().stream().filter(i -> "unknown_reference".equals(i.code())).findFirst()
                    .ifPresent(item -> {
                        device.edit(item.recordId(), Map.of("unitId", new JsonPrimitive(unit)));
                        device.resend(item.recordId());
                    });
            case EDIT_DESCRIPTION -> edit(device, deviceId, target, "description", new JsonPrimitive(TEXTS.get(action.value())), edits);
            case EDIT_PERSON -> edit(device, deviceId, target, "responsiblePerson", new JsonPrimitive(PEOPLE.get(action.value() % 3)), edits);
            case ADD_NOTE -> {
                if (target != null) {
                    JsonArray notes = target.body().has("notes") ? target.body().getAsJsonArray("notes").deepCopy() : new JsonArray();
                    notes.add(deviceId.substring(deviceId.length() - 6) + "-" + notes.size() + "-" + action.value());
                    edit(device, deviceId, target, "notes", notes, edits);
                }
            }
            case DELETE -> {
                if (target != null) {
                    device.delete(target.id());
                    edits.add(new Edit(deviceId, target.id(), "deleted", new JsonPrimitive(true)));
                }
            }
            case SYNC -> device.sync(transport, SyncListener.NONE);
        }
    }

    /** A resolution decided on an older view is refused and changes nothing; one on the current view settles it. */
    private static void resolveOldest(SyncService sync) {
        JsonArray open = sync.conflicts().list("OPEN", null, null, null, 1).getAsJsonArray("items");
        if (open.isEmpty()) {
            return;
        }
        JsonObject conflict = open.get(0).getAsJsonObject();
        String id = conflict.get("id").getAsString();
        int current = conflict.get("currentVersion").getAsInt();
        int device = conflict.get("deviceVersion").getAsInt();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sync.conflicts().resolve(id, ConflictService.Resolution.DEVICE,
                        null, current - 1, device, "admin"))
                .isInstanceOfSatisfying(cn.fieldsync.server.error.FieldsyncException.class,
                        e -> assertThat(e.code()).isEqualTo(cn.fieldsync.server.error.ErrorCode.STALE_RESOLUTION));
        assertThat(sync.conflicts().get(id).get("status").getAsString()).isEqualTo("OPEN");
        sync.conflicts().resolve(id, ConflictService.Resolution.DEVICE, null, current, device, "admin");
    }

    private static JsonObject hazard(String unit, Action action) {
        return json("""
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"%s","foundAt":"2026-11-20T09:30:00Z",
                 "responsiblePerson":"%s"}""".formatted(unit, TEXTS.get(action.value()), PEOPLE.get(action.value() % 3)));
    }

    private static byte[] photo(int value) {
        return ("现场照片 " + value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonArray photos(int value) {
        JsonArray photos = new JsonArray();
        photos.add(cn.fieldsync.server.testing.TestAttachments.sha256(photo(value)));
        return photos;
    }

    private static void created(String deviceId, String id, List<Edit> edits) {
        edits.add(new Edit(deviceId, id, "created", new JsonPrimitive(true)));
    }

    private static void edit(FieldStore device, String deviceId, LocalRecord target, String field, JsonElement value,
                             List<Edit> edits) {
        if (target != null) {
            device.edit(target.id(), Map.of(field, value));
            edits.add(new Edit(deviceId, target.id(), field, value));
        }
    }

    private static void assertConverged(RecordService records, List<FieldStore> devices) {
        Map<String, StoredRecord> server = new HashMap<>();
        String cursor = null;
        do {
            Page<StoredRecord> page = records.list(Caller.SYSTEM, RecordType.HAZARD, RecordFilter.ANY, cursor, 500);
            page.items().forEach(r -> server.put(r.id(), r));
            cursor = page.nextCursor();
        } while (cursor != null);
        for (FieldStore device : devices) {
            // what still waits on the device is exactly what it shows as needing attention or waiting
            java.util.Set<String> attention = new java.util.HashSet<>();
            device.attention().forEach(item -> attention.add(item.recordId()));
            java.util.Set<String> withWork = new java.util.HashSet<>();
            for (RecordType type : List.of(RecordType.HAZARD, RecordType.INSPECTION)) {
                device.list(type).stream().filter(r -> r.pending() > 0).forEach(r -> withWork.add(r.id()));
            }
            assertThat(withWork).isEqualTo(attention);
            List<LocalRecord> local = device.list(RecordType.HAZARD).stream()
                    .filter(r -> !r.deleted() && r.pending() == 0).toList();
            java.util.Set<String> expected = new java.util.HashSet<>(server.keySet());
            expected.removeAll(withWork);
            assertThat(local).extracting(LocalRecord::id).containsExactlyInAnyOrderElementsOf(expected);
            for (LocalRecord record : local) {
                StoredRecord onServer = server.get(record.id());
                assertThat(record.version()).isEqualTo(onServer.version());
                assertThat(record.body()).isEqualTo(onServer.body());
            }
        }
    }

    private static void assertNothingVanished(RecordService records, SyncService sync, List<FieldStore> devices,
                                              List<String> deviceIds, List<Edit> edits) {
        JsonArray conflicts = sync.conflicts().list(null, null, null, null, 500).getAsJsonArray("items");
        List<String> rejected = new ArrayList<>();
        deviceIds.forEach(d -> sync.rejected(d, 500).forEach(r -> rejected.add(r.toString())));
        Map<String, java.util.Set<String>> keptOnDevice = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            java.util.Set<String> kept = new java.util.HashSet<>();
            devices.get(i).attention().forEach(item -> kept.add(item.recordId()));
            devices.get(i).withdrawn().forEach(w -> kept.add(w.get("recordId").getAsString()));
            keptOnDevice.put(deviceIds.get(i), kept);
        }
        for (Edit edit : edits) {
            if (keptOnDevice.get(edit.device()).contains(edit.recordId())) {
                continue; // on its device, needing attention, waiting, or withdrawn and kept
            }
            if (edit.field().equals("created")) {
                assertThat(onServer(records, edit.recordId())).as("create vanished: " + edit).isTrue();
                continue;
            }
            boolean inConflict = false;
            for (JsonElement c : conflicts) {
                JsonObject conflict = c.getAsJsonObject();
                JsonObject field = conflict.getAsJsonObject("fields").getAsJsonObject(edit.field());
                // a device's later edit of the same field replaces its earlier one in the conflict, which keeps it
                inConflict |= conflict.get("recordId").getAsString().equals(edit.recordId()) && field != null
                        && (edit.value().equals(field.get("device"))
                        || field.has("earlierDeviceValues") && field.getAsJsonArray("earlierDeviceValues").contains(edit.value()));
            }
            boolean inRejected = rejected.stream().anyMatch(r -> r.contains(edit.recordId()));
            boolean inHistory = false;
            StoredRecord current = records.get(Caller.SYSTEM, RecordType.HAZARD, edit.recordId());
            if (edit.field().equals("deleted")) {
                inHistory = current.deleted();
            } else if (edit.field().equals("notes")) {
                JsonArray added = edit.value().getAsJsonArray();
                JsonElement last = added.get(added.size() - 1);
                inHistory = current.body().has("notes") && current.body().getAsJsonArray("notes").contains(last);
            } else {
                for (JsonObject version : records.history(Caller.SYSTEM, RecordType.HAZARD, edit.recordId())) {
                    inHistory |= edit.value().equals(version.get(edit.field()));
                }
            }
            assertThat(inHistory || inConflict || inRejected).as("edit vanished: " + edit + "\nall edits: " + edits
                    + "\nhistory: " + records.history(Caller.SYSTEM, RecordType.HAZARD, edit.recordId()) + "\nconflicts: " + conflicts
                    + "\nrejected: " + rejected).isTrue();
        }
    }

    private static boolean onServer(RecordService records, String id) {
        for (RecordType type : List.of(RecordType.HAZARD, RecordType.INSPECTION)) {
            try {
                records.get(Caller.SYSTEM, type, id);
                return true;
            } catch (cn.fieldsync.server.error.FieldsyncException e) {
                // not of this type
            }
        }
        return false;
    }

    private static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void deleteQuietly(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
