package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Retries;
import cn.fieldsync.server.record.RecordListener;
import cn.fieldsync.server.record.RecordStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of the sync protocol (docs/protocol.md): push with a per-operation answer, the change
 * feed, and the devices. A pushed batch is applied in one transaction; a refusal is decided before
 * its operation writes anything, so one refused operation never takes the others of its batch with
 * it, and a batch the database itself fails is applied again one operation at a time.
 *
 * <p>The parts: {@link OperationApplier} answers one operation, {@link OperationRefusals} the
 * refusals and duplicates, {@link BatchLookups} what a batch looks up once, {@link DeviceRegistry}
 * the devices, {@link ChangeFeedPages} the feed, {@link ConflictService} the conflicts and
 * {@link HeldOperations} what waits.
 */
public final class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());

    private final Database database;
    private final Clock clock;
    private final ConflictService conflicts;
    private final AuditLog audit;
    private final HeldOperations held;
    private final DeviceRegistry devices;
    private final OperationRefusals refusals;
    private final OperationApplier applier;
    private final ChangeFeedPages feed;
    private final RecordStore store;
    private volatile RecordListener listener = RecordListener.NONE;

    public SyncService(Database database, RecordStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.audit = new AuditLog(clock);
        this.conflicts = new ConflictService(database, store, clock, audit);
        this.held = new HeldOperations(database);
        this.devices = new DeviceRegistry(database, clock, audit);
        this.refusals = new OperationRefusals(database, clock, audit, held);
        this.applier = new OperationApplier(store, clock, conflicts, audit, held, refusals);
        this.feed = new ChangeFeedPages(database, store);
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
        return devices.enrol(caller, name, publicKey);
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
                    cn.fieldsync.schemas.Labels.say("deviceRequired", cn.fieldsync.server.error.Named.field("deviceId")));
        }
        // the caller's authentication read the device's state in this request (a device no longer
        // enrolled reads as revoked): only a revoked device is looked up again, for its reason
        if (caller.deviceRevoked()) {
            DeviceEntity device = devices.find(deviceId);
            if (device == null) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_DEVICE, "Authorization",
                        cn.fieldsync.schemas.Labels.say("deviceNotEnrolled", deviceId));
            }
            devices.quarantine(caller, operations);
            throw new FieldsyncException(ErrorCode.DEVICE_REVOKED, null, cn.fieldsync.schemas.Labels.say("deviceRevokedQuarantined",
                    device.revokeReason == null ? "" : "（" + device.revokeReason + "）", operations.size()));
        }
        String who = caller.username();
        Scope scope = caller.scope();
        // what needs no database (parsing, request hashes, a create's schema and rule checks) before the writer lock
        boolean anyLevel = scope.everything();
        List<PushedOperation> pushed = PushedOperation.all(operations, (type, document) -> store.checkNewDocument(type, document, anyLevel));
        List<String> answers;
        try {
            answers = database.inTransaction(em -> {
                List<String> batch = new ArrayList<>(operations.size());
                BatchLookups absent = BatchLookups.lookUp(em, deviceId, operations);
                for (PushedOperation operation : pushed) {
                    batch.add(applier.answer(em, deviceId, who, scope, operation, absent));
                }
                // last, as before: after the audit head and the change sequence (one lock order)
                Sql.update(Sql.connection(em), "UPDATE device SET last_sync_at = ? WHERE id = ?", clock.millis(), deviceId);
                return batch;
            });
        } catch (PersistenceException e) {
            LOG.log(Level.FINE, "batch collided with another writer; applying one by one", e);
            answers = new ArrayList<>(operations.size());
            BatchLookups unknown = BatchLookups.unknown();
            for (PushedOperation operation : pushed) {
                answers.add(pushOne(deviceId, who, scope, operation, unknown));
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
            audit.append(em, OperationRefusals.actor(caller.deviceId(), caller.username()), "OPS_RELEASED", null, detail);
            return null;
        });
    }

    /** The quarantined pushes, newest first, optionally of one device. */
    public JsonArray quarantined(String deviceId, int limit) {
        return devices.quarantined(deviceId, limit);
    }

    /**
     * Revokes a device: its pushes go to quarantine from now on and its tokens allow nothing else.
     * What it pushed before stays; revoking twice changes nothing more.
     */
    public JsonObject revoke(Caller admin, String deviceId, String reason) {
        return devices.revoke(admin, deviceId, reason);
    }

    /**
     * One operation in its own transaction, run again (bounded, with backoff) only when the
     * database says another writer won a race that looking again resolves: see {@link Retries}.
     */
    private String pushOne(String deviceId, String user, Scope scope, PushedOperation operation, BatchLookups batch) {
        return Retries.retrying(() -> database.inTransaction(em -> applier.answer(em, deviceId, user, scope, operation, batch)));
    }

    /**
     * Changes after the cursor, in change-sequence order, with the next cursor and whether more
     * wait: a page of schemas/sync/changes-page.schema.json, written without a JSON tree.
     */
    public ChangePage changes(Caller caller, long since, String scopeKey, int limit) {
        return feed.page(caller, since, scopeKey, limit);
    }

    public JsonArray devices() {
        return devices.devices();
    }

    /** The operations the server holds as "not yet", oldest first (ADMIN: GET /api/sync/held). */
    public JsonArray held(String deviceId, int limit) {
        return held.list(deviceId, limit);
    }

    public JsonArray rejected(String deviceId, int limit) {
        return refusals.rejected(deviceId, limit);
    }
}
