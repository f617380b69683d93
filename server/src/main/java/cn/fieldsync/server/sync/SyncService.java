package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Scope;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Retries;
import cn.fieldsync.server.record.RecordListener;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import cn.fieldsync.sync.ThreeWayMerge;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * The server side of the sync protocol (docs/protocol.md): push with a per-operation answer, the change
 * feed, and the devices. A pushed batch is applied in one transaction; a refusal is decided before
 * its operation writes anything, so one refused operation never takes the others of its batch with
 * it, and a batch the database itself fails is applied again one operation at a time.
 */
public final class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());

    private final Database database;
    private final RecordStore store;
    private final Clock clock;
    private final ConflictService conflicts;
    private final AuditLog audit;
    private final HeldOperations held;
    private volatile RecordListener listener = RecordListener.NONE;

    public SyncService(Database database, RecordStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.audit = new AuditLog(clock);
        this.conflicts = new ConflictService(database, store, clock, audit);
        this.held = new HeldOperations(database);
    }

    public void listen(RecordListener listener) {
        this.listener = listener;
    }

    public ConflictService conflicts() {
        return conflicts;
    }

    /**
     * @param publicKey the device's Ed25519 public key (Base64 X.509), with which its seals are
     *                  verified; a device enrolled without one cannot seal
     */
    public JsonObject enrol(Caller caller, String name, String publicKey) {
        String user = caller.username();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/name", "a device needs a name of 1 to 200 characters");
        }
        if (publicKey != null) {
            try {
                Sealing.publicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw new FieldsyncException(ErrorCode.INVALID_PUBLIC_KEY, "/publicKey", e.getMessage());
            }
        }
        String id = Uuids.v7();
        long now = clock.millis();
        database.inTransaction(em -> {
            em.persist(new DeviceEntity(id, name, user, publicKey, now));
            JsonObject detail = new JsonObject();
            detail.addProperty("deviceId", id);
            detail.addProperty("name", name);
            audit.append(em, user == null ? "device:" + id : user, "DEVICE_ENROLLED", null, detail);
            return null;
        });
        JsonObject device = deviceJson(new DeviceEntity(id, name, user, publicKey, now));
        if (publicKey != null) {
            device.addProperty("publicKey", publicKey);
        }
        return device;
    }

    /**
     * The answers, one per operation and in order, each a JSON text (a duplicate's is the
     * original's bytes). A batch is applied in one transaction — one commit for many operations;
     * when the database itself fails part-way (a race with another writer on PostgreSQL), that
     * transaction is rolled back whole and the batch is applied again one operation at a time.
     */
    public List<String> push(Caller caller, JsonArray operations) {
        String deviceId = caller.deviceId();
        if (deviceId == null) {
            throw new FieldsyncException(ErrorCode.DEVICE_REQUIRED, "Authorization",
                    "log in from an enrolled device (login with deviceId) to push its operations");
        }
        DeviceEntity device = database.read(em -> em.find(DeviceEntity.class, deviceId));
        if (device == null) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_DEVICE, "Authorization",
                    "the device " + deviceId + " is not enrolled; run init again");
        }
        if (caller.deviceRevoked() || device.revokedAt != null) {
            quarantine(caller, operations);
            throw new FieldsyncException(ErrorCode.DEVICE_REVOKED, null, "this device was revoked by an administrator"
                    + (device.revokeReason == null ? "" : " (" + device.revokeReason + ")") + "; its " + operations.size()
                    + " pending operations were kept in quarantine for review and stay on the device");
        }
        String who = caller.username();
        Scope scope = caller.scope();
        List<String> answers;
        try {
            answers = database.inTransaction(em -> {
                List<String> batch = new ArrayList<>(operations.size());
                Absent absent = Absent.lookUp(em, deviceId, operations);
                for (JsonElement element : operations) {
                    batch.add(answer(em, deviceId, who, scope, element, absent));
                }
                em.find(DeviceEntity.class, deviceId).lastSyncAt = clock.millis();
                return batch;
            });
        } catch (PersistenceException e) {
            LOG.log(Level.FINE, "batch collided with another writer; applying one by one", e);
            answers = new ArrayList<>(operations.size());
            Absent unknown = Absent.unknown();
            for (JsonElement element : operations) {
                answers.add(pushOne(deviceId, who, scope, element, unknown));
            }
        }
        Set<String> stored = new HashSet<>();
        for (JsonElement element : operations) {
            if (element.isJsonObject() && element.getAsJsonObject().get("id") instanceof JsonElement id
                    && id.isJsonPrimitive() && Uuids.isCanonical(id.getAsString())) {
                stored.add(id.getAsString());
            }
        }
        listener.stored(stored);
        return answers;
    }

    /**
     * The device will never send these operations again (the inspector withdrew them, or resent
     * their record as one new operation): they stop waiting in held_op. Audited once per call.
     */
    public void release(Caller caller, List<String> opIds) {
        if (opIds.isEmpty() || caller.deviceId() == null || caller.deviceRevoked()) {
            return;
        }
        database.inTransaction(em -> {
            int released = 0;
            for (String opId : opIds) {
                released += held.releaseCounted(em, caller.deviceId(), opId);
            }
            JsonObject detail = new JsonObject();
            detail.addProperty("deviceId", caller.deviceId());
            JsonArray ids = new JsonArray();
            opIds.forEach(ids::add);
            detail.add("opIds", ids);
            detail.addProperty("wereHeld", released);
            audit.append(em, actor(caller.deviceId(), caller.username()), "OPS_RELEASED", null, detail);
            return null;
        });
    }

    /** Keeps a revoked device's push whole, unapplied, for an administrator. */
    private void quarantine(Caller caller, JsonArray operations) {
        database.inTransaction(em -> {
            String id = Uuids.v7();
            em.createNativeQuery("INSERT INTO quarantined_push (id, device_id, user_name, body, operations, received_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, id).setParameter(2, caller.deviceId()).setParameter(3, caller.username())
                    .setParameter(4, operations.toString()).setParameter(5, operations.size())
                    .setParameter(6, clock.millis()).executeUpdate();
            JsonObject detail = new JsonObject();
            detail.addProperty("deviceId", caller.deviceId());
            detail.addProperty("quarantineId", id);
            detail.addProperty("operations", operations.size());
            audit.append(em, caller.username(), "PUSH_QUARANTINED", null, detail);
            return null;
        });
    }

    /** The quarantined pushes, newest first, optionally of one device. */
    public JsonArray quarantined(String deviceId, int limit) {
        JsonArray list = new JsonArray();
        database.read(em -> {
            var query = deviceId == null
                    ? em.createNativeQuery("SELECT id, device_id, user_name, body, operations, received_at FROM quarantined_push ORDER BY id DESC")
                    : em.createNativeQuery("SELECT id, device_id, user_name, body, operations, received_at FROM quarantined_push "
                    + "WHERE device_id = ?1 ORDER BY id DESC").setParameter(1, deviceId);
            return query.setMaxResults(limit).getResultList();
        }).forEach(row -> {
            Object[] r = (Object[]) row;
            JsonObject item = new JsonObject();
            item.addProperty("id", (String) r[0]);
            item.addProperty("deviceId", (String) r[1]);
            item.addProperty("user", (String) r[2]);
            item.add("operations", parseArray((String) r[3]));
            item.addProperty("count", ((Number) r[4]).intValue());
            item.addProperty("receivedAt", Instant.ofEpochMilli(((Number) r[5]).longValue()).toString());
            list.add(item);
        });
        return list;
    }

    /**
     * Revokes a device: its pushes go to quarantine from now on and its tokens allow nothing else.
     * What it pushed before stays; revoking twice changes nothing more.
     */
    public JsonObject revoke(Caller admin, String deviceId, String reason) {
        return database.inTransaction(em -> {
            DeviceEntity device = Uuids.isCanonical(deviceId) ? em.find(DeviceEntity.class, deviceId) : null;
            if (device == null) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no device " + deviceId);
            }
            if (device.revokedAt == null) {
                device.revokedAt = clock.millis();
                device.revokedBy = admin.username();
                device.revokeReason = reason;
                JsonObject detail = new JsonObject();
                detail.addProperty("deviceId", deviceId);
                if (reason != null) {
                    detail.addProperty("reason", reason);
                }
                audit.append(em, admin.username(), "DEVICE_REVOKED", null, detail);
            }
            return deviceJson(device);
        });
    }

    /**
     * One operation in its own transaction, run again (bounded, with backoff) only when the
     * database says another writer won a race that looking again resolves: see {@link Retries}.
     */
    private String pushOne(String deviceId, String user, Scope scope, JsonElement element, Absent batch) {
        return Retries.retrying(() -> database.inTransaction(em -> answer(em, deviceId, user, scope, element, batch)));
    }

    /**
     * Answers one operation inside the caller's transaction. A refusal is decided before the
     * operation writes anything, so it is stored (rejected log and idempotency record) in the
     * same transaction beside the other operations' changes.
     */
    private String answer(EntityManager em, String deviceId, String user, Scope scope, JsonElement element, Absent absent) {
        SyncOperation op;
        try {
            op = SyncOperation.parse(element);
        } catch (FieldsyncException e) {
            return reject(em, deviceId, user, null, element, e);
        }
        DeviceOpEntity before = absent.op(op.opId()) ? null
                : em.find(DeviceOpEntity.class, new DeviceOpEntity.Key(deviceId, op.opId()));
        if (before != null) {
            return before.requestHash.equals(op.hash()) ? duplicate(op.opId(), before.answer)
                    : reject(em, deviceId, user, op, element, new FieldsyncException(ErrorCode.OP_ID_REUSED, "/opId",
                    "opId " + op.opId() + " was used before for a different operation; a new edit needs a new opId"));
        }
        try {
            String applied = apply(em, deviceId, user, scope, op, absent);
            if (absent.mayBeHeld(op.opId())) {
                held.release(em, deviceId, op.opId());
            }
            return applied;
        } catch (FieldsyncException e) {
            if (op != null) {
                // what links to this record later in the push waits for it instead of being refused
                absent.heldRecords().add(op.id());
            }
            return reject(em, deviceId, user, op, element, notYetInBatch(e, op, absent));
        } finally {
            absent.touched(op);
        }
    }

    /**
     * What a batch's operations and records are known not to have in the database yet, asked in
     * two queries up front instead of two per operation. An operation or record the batch itself
     * writes is forgotten here once touched, so later operations look it up as usual.
     */
    /**
     * A link to a record the server lacks is final — unless an operation on that record was
     * refused earlier in the same push (an inspection waiting for its photo, and the hazard found
     * in it): then the link waits with it, as the device holds it back from the next push on.
     */
    private static FieldsyncException notYetInBatch(FieldsyncException e, SyncOperation op, Absent batch) {
        if (e.code() == ErrorCode.UNKNOWN_REFERENCE && op != null && !batch.heldRecords().isEmpty()
                && RecordLinks.of(op.type(), op.fields()).stream()
                .anyMatch(link -> batch.heldRecords().contains(link.id()))) {
            return new FieldsyncException(ErrorCode.WAITS_FOR_LINKED, e.field(), e.getMessage()
                    + "; it waits in this push, so this record waits with it");
        }
        return e;
    }

    /**
     * @param heldRecords records an operation of which was refused earlier in this push
     */
    private record Absent(Set<String> ops, Set<String> records, Set<String> held, Set<String> heldRecords,
                          AtomicBoolean openConflicts) {

        /** Nothing looked up in advance: every lookup goes to the database. */
        static Absent unknown() {
            return new Absent(null, null, null, new HashSet<>(), new AtomicBoolean(true));
        }

        /** Whether the device may have an open conflict a later edit must keep up to date. */
        boolean mayHaveOpenConflicts() {
            return openConflicts.get();
        }

        static Absent lookUp(EntityManager em, String deviceId, JsonArray operations) {
            Set<String> opIds = new HashSet<>();
            Set<String> recordIds = new HashSet<>();
            for (JsonElement element : operations) {
                if (element.isJsonObject()) {
                    String opId = text(element.getAsJsonObject(), "opId");
                    String id = text(element.getAsJsonObject(), "id");
                    if (Uuids.isCanonical(opId)) {
                        opIds.add(opId);
                    }
                    if (Uuids.isCanonical(id)) {
                        recordIds.add(id);
                    }
                }
            }
            return new Absent(missing(em, "SELECT op_id FROM device_op WHERE device_id = ?1 AND op_id IN ", deviceId, opIds),
                    missing(em, "SELECT id FROM record WHERE id IN ", null, recordIds),
                    HeldOperations.heldAmong(em, deviceId, opIds), new HashSet<>(),
                    new AtomicBoolean(!em.createNativeQuery(
                            "SELECT 1 FROM sync_conflict WHERE status = 'OPEN' AND device_id = ?1")
                            .setParameter(1, deviceId).setMaxResults(1).getResultList().isEmpty()));
        }

        private static Set<String> missing(EntityManager em, String sql, String deviceId, Set<String> ids) {
            Set<String> absent = new HashSet<>(ids);
            if (ids.isEmpty()) {
                return absent;
            }
            List<String> list = new ArrayList<>(ids);
            int first = deviceId == null ? 1 : 2;
            StringBuilder in = new StringBuilder("(");
            for (int i = 0; i < list.size(); i++) {
                in.append(i == 0 ? "" : ",").append('?').append(i + first);
            }
            var query = em.createNativeQuery(sql + in.append(')'));
            if (deviceId != null) {
                query.setParameter(1, deviceId);
            }
            for (int i = 0; i < list.size(); i++) {
                query.setParameter(i + first, list.get(i));
            }
            for (Object present : query.getResultList()) {
                absent.remove(String.valueOf(present));
            }
            return absent;
        }

        boolean op(String opId) {
            return ops != null && ops.contains(opId);
        }

        boolean record(String id) {
            return records != null && records.contains(id);
        }

        /** Whether the operation may have waited in held_op (unknown outside a looked-up batch: then yes). */
        boolean mayBeHeld(String opId) {
            return held == null || held.contains(opId);
        }

        void touched(SyncOperation op) {
            if (ops != null) {
                ops.remove(op.opId());
                records.remove(op.id());
            }
        }
    }

    private String apply(EntityManager em, String deviceId, String user, Scope scope, SyncOperation op, Absent absent) {
        if (!op.type().clientWritable()) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, "/type", op.type().wireName() + " records are written by the server only");
        }
        StoredRecord current = absent.record(op.id()) ? null : store.current(em, op.id()).orElse(null);
        StoredRecord stored;
        String status;
        String conflictId = null;
        Base base;
        if (current == null) {
            if (op.baseVersion() != 0 || op.delete()) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_RECORD, "/id",
                        "the server has no " + op.type().wireName() + " " + op.id() + " to change (yet)");
            }
            if (op.prevOpId() != null) {
                // an edit of a record the device created but whose create has not been applied (it
                // waits for its attachment, say): never taken as a create of its own
                throw new FieldsyncException(ErrorCode.WAITS_FOR_EARLIER, "/prevOpId", "the " + op.type().wireName() + " "
                        + op.id() + " is not on the server yet: its create (operation " + op.prevOpId() + ") comes first");
            }
            base = Base.empty();
            stored = store.insertAbsent(em, scope, new RecordStore.Writer(user, true), op.type(), op.id(), op.fields());
            status = "applied";
        } else {
            // sight first: a record out of sight tells nothing, not even its type
            if (!store.sees(em, scope, op.id())) {
                throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/id", "the " + op.type().wireName() + " " + op.id()
                        + " is outside your jurisdictions and units; the change was not applied");
            }
            if (current.type() != op.type()) {
                throw new FieldsyncException(ErrorCode.TYPE_MISMATCH, "/type",
                        "record " + op.id() + " is a " + current.type().wireName() + ", not a " + op.type().wireName());
            }
            base = base(em, deviceId, op);
            JsonObject server = current.body().deepCopy();
            server.addProperty(ThreeWayMerge.DELETED, current.deleted());
            ThreeWayMerge.Result merge = ThreeWayMerge.merge(op.type().wireName(), base.body(), server, changes(op));
            JsonObject merged = merge.merged();
            boolean deleted = merged.get(ThreeWayMerge.DELETED).getAsBoolean();
            merged.remove(ThreeWayMerge.DELETED);
            stored = merge.changed() ? store.update(em, scope, new RecordStore.Writer(user, true), op.type(), op.id(), merged, deleted, true)
                    : current;
            if (!merge.conflicts().isEmpty()) {
                conflictId = conflicts.open(em, current, stored, deviceId, user, op.opId(), base.version(), merge.conflicts());
                absent.openConflicts().set(true);
                status = "conflict";
            } else {
                status = current.version() == base.version() ? "applied" : "merged";
                if (absent.mayHaveOpenConflicts()) {
                    conflicts.followUp(em, op.id(), deviceId, op.opId(), changes(op));
                }
            }
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("opId", op.opId());
        answer.addProperty("status", status);
        answer.addProperty("id", op.id());
        answer.addProperty("version", stored.version());
        if (conflictId != null) {
            answer.addProperty("conflictId", conflictId);
        }
        String text = answer.toString();
        // what the device saw after this operation; for a create, the record as stored (with its defaults)
        String deviceView = current == null ? withDeleted(stored.body(), false).toString() : base.after(changes(op)).toString();
        em.persist(new DeviceOpEntity(deviceId, op.opId(), op.hash(), op.id(), deviceView, text,
                stored.version(), clock.millis()));
        audit.append(em, actor(deviceId, user), "OP_" + status.toUpperCase(Locale.ROOT), op.id(),
                AuditLog.content(auditDetail(deviceId, answer), stored.version(), stored.deleted(), stored.body()));
        return text;
    }

    private static JsonObject withDeleted(JsonObject body, boolean deleted) {
        JsonObject view = body.deepCopy();
        view.addProperty(ThreeWayMerge.DELETED, deleted);
        return view;
    }

    private static Map<String, JsonElement> changes(SyncOperation op) {
        Map<String, JsonElement> changes = new LinkedHashMap<>();
        op.fields().entrySet().stream()
                .filter(e -> !RecordStore.SERVER_FIELDS.contains(e.getKey()))
                .forEach(e -> changes.put(e.getKey(), e.getValue()));
        if (op.delete()) {
            changes.put(ThreeWayMerge.DELETED, new JsonPrimitive(true));
        }
        return changes;
    }

    /**
     * What the device's edit was made on. For an edit that follows another of the same device
     * on the same record, that is what the device saw after the earlier edit — never the
     * earlier edit's merged result, which may hold server changes the device had not seen
     * (merging against those would let the device overwrite them unseen).
     */
    private Base base(EntityManager em, String deviceId, SyncOperation op) {
        if (op.prevOpId() != null) {
            DeviceOpEntity prev = em.find(DeviceOpEntity.class, new DeviceOpEntity.Key(deviceId, op.prevOpId()));
            if (prev == null || prev.resultVersion == null) {
                // the edit builds on an earlier one of this device that has not been applied: applying
                // this one first would put the two in the wrong order (the older value winning)
                throw new FieldsyncException(ErrorCode.WAITS_FOR_EARLIER, "/prevOpId", "operation " + op.prevOpId()
                        + " of this device on " + op.id() + " has not been applied yet; this edit follows it");
            }
            if (prev != null && prev.deviceView != null && prev.resultVersion != null && op.id().equals(prev.recordId)
                    && prev.resultVersion >= op.baseVersion()) {
                return new Base(prev.resultVersion, parse(prev.deviceView));
            }
        }
        if (op.baseVersion() == 0) {
            return Base.empty();
        }
        return new Base(op.baseVersion(), snapshot(em, op.id(), op.baseVersion()));
    }

    private JsonObject snapshot(EntityManager em, String id, int version) {
        return store.snapshot(em, id, version).orElseThrow(() -> new FieldsyncException(ErrorCode.UNKNOWN_BASE_VERSION,
                "/baseVersion", "record " + id + " has no version " + version));
    }

    private record Base(int version, JsonObject body) {

        static Base empty() {
            JsonObject empty = new JsonObject();
            empty.addProperty(ThreeWayMerge.DELETED, false);
            return new Base(0, empty);
        }

        /** The device's view once its changes are made on this base. */
        JsonObject after(Map<String, JsonElement> changes) {
            JsonObject view = body.deepCopy();
            changes.forEach((field, value) -> {
                if (value == null || value instanceof JsonNull) {
                    view.remove(field);
                } else {
                    view.add(field, value.deepCopy());
                }
            });
            return view;
        }
    }

    private String reject(EntityManager em, String deviceId, String user, SyncOperation op, JsonElement raw,
                          FieldsyncException e) {
        boolean notYet = op != null && e.code().notYet();
        JsonObject answer = new JsonObject();
        if (op != null) {
            answer.addProperty("opId", op.opId());
        }
        answer.addProperty("status", "rejected");
        if (op != null) {
            answer.addProperty("id", op.id());
        }
        answer.addProperty("code", e.code().code());
        answer.addProperty("message", e.getMessage());
        if (e.field() != null) {
            answer.addProperty("field", e.field());
        }
        answer.addProperty("final", !notYet);
        String text = answer.toString();
        long now = clock.millis();
        if (notYet) {
            // not the operation's answer for good: nothing remembered under its opId, the device sends
            // it again; it waits in held_op where an administrator sees it, audited the first time only
            if (held.hold(em, deviceId, user, op, raw.toString(), e, now)) {
                audit.append(em, actor(deviceId, user), "OP_HELD", op.id(), auditDetail(deviceId, answer));
            }
            return text;
        }
        if (op != null) {
            held.release(em, deviceId, op.opId());
        }
        RejectedOpEntity rejected = new RejectedOpEntity();
        rejected.id = Uuids.v7();
        rejected.deviceId = deviceId;
        rejected.userName = user;
        rejected.opId = op == null ? null : op.opId();
        rejected.recordId = op == null ? null : op.id();
        rejected.recordType = op == null ? null : op.type().wireName();
        rejected.code = e.code().code();
        rejected.message = e.getMessage();
        rejected.operation = raw == null ? "null" : raw.toString();
        rejected.createdAt = now;
        em.persist(rejected);
        audit.append(em, actor(deviceId, user), "OP_REJECTED", op == null ? null : op.id(), auditDetail(deviceId, answer));
        if (op != null && e.code() != ErrorCode.OP_ID_REUSED) {
            // a final refusal is remembered, so that a retry of the same operation gets it back
            em.persist(new DeviceOpEntity(deviceId, op.opId(), op.hash(), op.id(), null, text, null, now));
        }
        return text;
    }

    private static String actor(String deviceId, String user) {
        return user == null || user.isBlank() ? "device:" + deviceId : user;
    }

    private static JsonObject auditDetail(String deviceId, JsonObject answer) {
        JsonObject detail = answer.deepCopy();
        detail.addProperty("deviceId", deviceId);
        detail.remove("message");
        return detail;
    }

    private static String duplicate(String opId, String original) {
        // the original answer is embedded as stored, byte for byte
        return "{\"opId\":\"" + opId + "\",\"status\":\"duplicate\",\"original\":" + original + "}";
    }

    /**
     * Changes after the cursor, in change-sequence order, with the next cursor and whether more
     * wait: the text of schemas/sync/changes-page.schema.json, written without a JSON tree.
     */
    public String changes(Caller caller, long since, String scopeKey, int limit) {
        String key = caller.scope().key();
        // a device served under another scope (the user's jurisdictions or units changed) starts
        // again from the beginning, and drops whatever the new feed does not bring back
        boolean reset = since > 0 && !key.equals(scopeKey);
        long from = reset ? 0 : since;
        RecordStore.Feed feed = database.read(em -> store.changesAfter(em, caller.scope(), from, limit));
        List<RecordStore.Change> items = feed.changes();
        StringBuilder json = new StringBuilder(items.size() * 1024 + 64).append("{\"changes\":[");
        for (int i = 0; i < items.size(); i++) {
            RecordStore.Change change = items.get(i);
            json.append(i == 0 ? "" : ",").append("{\"seq\":").append(change.seq())
                    .append(change.removal() ? ",\"removed\":" : ",\"record\":").append(change.recordJson()).append('}');
        }
        json.append("],\"nextCursor\":\"").append(feed.nextCursor()).append("\",\"hasMore\":").append(feed.hasMore())
                .append(",\"scope\":\"").append(key).append('"');
        if (reset) {
            json.append(",\"reset\":true");
        }
        return json.append('}').toString();
    }

    public JsonArray devices() {
        JsonArray list = new JsonArray();
        database.read(em -> em.createQuery("SELECT d FROM DeviceEntity d ORDER BY d.id", DeviceEntity.class).getResultList())
                .forEach(d -> list.add(deviceJson(d)));
        return list;
    }

    /** The operations the server holds as "not yet", oldest first (ADMIN: GET /api/sync/held). */
    public JsonArray held(String deviceId, int limit) {
        return held.list(deviceId, limit);
    }

    public JsonArray rejected(String deviceId, int limit) {
        JsonArray list = new JsonArray();
        database.read(em -> {
                    TypedQuery<RejectedOpEntity> query = deviceId == null
                            ? em.createQuery("SELECT r FROM RejectedOpEntity r ORDER BY r.id DESC", RejectedOpEntity.class)
                            : em.createQuery("SELECT r FROM RejectedOpEntity r WHERE r.deviceId = :device ORDER BY r.id DESC",
                            RejectedOpEntity.class).setParameter("device", deviceId);
                    return query.setMaxResults(limit).getResultList();
                })
                .forEach(r -> {
                    JsonObject item = new JsonObject();
                    item.addProperty("id", r.id);
                    item.addProperty("deviceId", r.deviceId);
                    item.addProperty("user", r.userName);
                    item.addProperty("opId", r.opId);
                    item.addProperty("recordId", r.recordId);
                    item.addProperty("recordType", r.recordType);
                    item.addProperty("code", r.code);
                    item.addProperty("message", r.message);
                    item.add("operation", parse(r.operation));
                    item.addProperty("createdAt", Instant.ofEpochMilli(r.createdAt).toString());
                    list.add(item);
                });
        return list;
    }

    private static JsonObject deviceJson(DeviceEntity d) {
        JsonObject device = new JsonObject();
        device.addProperty("id", d.id);
        device.addProperty("name", d.name);
        if (d.userName != null) {
            device.addProperty("user", d.userName);
        }
        device.addProperty("enrolledAt", Instant.ofEpochMilli(d.enrolledAt).toString());
        if (d.lastSyncAt != null) {
            device.addProperty("lastSyncAt", Instant.ofEpochMilli(d.lastSyncAt).toString());
        }
        if (d.revokedAt != null) {
            device.addProperty("revokedAt", Instant.ofEpochMilli(d.revokedAt).toString());
            device.addProperty("revokedBy", d.revokedBy);
            if (d.revokeReason != null) {
                device.addProperty("revokeReason", d.revokeReason);
            }
        }
        return device;
    }

    private static JsonArray parseArray(String json) {
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

    static JsonObject parse(String json) {
        try {
            JsonElement element = StrictJson.parse(json);
            return element.isJsonObject() ? element.getAsJsonObject() : wrap(element);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }

    private static JsonObject wrap(JsonElement element) {
        JsonObject o = new JsonObject();
        o.add("value", element);
        return o;
    }
}
