package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Labels;

import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import cn.fieldsync.merge.FieldChange;
import cn.fieldsync.merge.ThreeWayMerge;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies one pushed operation inside the caller's transaction and answers it (docs/protocol.md):
 * idempotency by opId, a create, or an edit merged three ways against what the device saw
 * (applied, merged, or a conflict opened), each answer remembered under its opId and audited with
 * the content hash of the version it left. A refusal is decided before the operation writes
 * anything ({@link OperationRefusals}). Thread-safe.
 */
final class OperationApplier {

    private final RecordStore store;
    private final Clock clock;
    private final ConflictService conflicts;
    private final AuditLog audit;
    private final HeldOperations held;
    private final OperationRefusals refusals;

    OperationApplier(RecordStore store, Clock clock, ConflictService conflicts, AuditLog audit, HeldOperations held,
                     OperationRefusals refusals) {
        this.store = store;
        this.clock = clock;
        this.conflicts = conflicts;
        this.audit = audit;
        this.held = held;
        this.refusals = refusals;
    }

    /**
     * Answers one operation inside the caller's transaction. A refusal is decided before the
     * operation writes anything, so it is stored (rejected log and idempotency record) in the
     * same transaction beside the other operations' changes.
     */
    String answer(EntityManager em, String deviceId, String user, Scope scope, PushedOperation pushed, BatchLookups absent) {
        JsonElement element = pushed.raw();
        if (pushed.malformed() != null) {
            return refusals.reject(em, deviceId, user, null, element, pushed.malformed());
        }
        SyncOperation op = pushed.op();
        DeviceOpEntity before = absent.op(op.opId()) ? null
                : em.find(DeviceOpEntity.class, new DeviceOpEntity.Key(deviceId, op.opId()));
        if (before != null) {
            return before.requestHash.equals(op.hash()) ? OperationRefusals.duplicate(op.opId(), before.answer)
                    : refusals.reject(em, deviceId, user, op, element, new FieldsyncException(ErrorCode.OP_ID_REUSED, "/opId",
                    Labels.say("opIdReused", op.opId())));
        }
        try {
            String applied = apply(em, deviceId, user, scope, pushed, absent);
            if (absent.mayBeHeld(op.opId())) {
                held.release(em, deviceId, op.opId());
            }
            return applied;
        } catch (FieldsyncException e) {
            if (op != null) {
                // what links to this record later in the push waits for it instead of being refused
                absent.heldRecords().add(op.id());
            }
            return refusals.reject(em, deviceId, user, op, element, notYetInBatch(e, op, absent));
        } finally {
            absent.touched(op);
        }
    }

    /**
     * A link to a record the server lacks is final — unless an operation on that record was
     * refused earlier in the same push (an inspection waiting for its photo, and the hazard found
     * in it): then the link waits with it, as the device holds it back from the next push on.
     */
    /** A record type's Chinese name, as the inspector's device shows it. */
    private static String what(cn.fieldsync.schemas.RecordType type) {
        return Labels.name("recordTypes", type.wireName());
    }

    private static FieldsyncException notYetInBatch(FieldsyncException e, SyncOperation op, BatchLookups batch) {
        if (e.code() == ErrorCode.UNKNOWN_REFERENCE && op != null && !batch.heldRecords().isEmpty()
                && RecordLinks.of(op.type(), op.fields()).stream()
                .anyMatch(link -> batch.heldRecords().contains(link.id()))) {
            return new FieldsyncException(ErrorCode.WAITS_FOR_LINKED, e.field(), Labels.say("waitsForLinkedInPush"));
        }
        return e;
    }

    /**
     * Whether the merge, held in part, leaves a record the rules refuse for the part applied alone: then all of it is
     * held. Two devices that moved one hidden danger apart (one verified it, one found the fix failed and put it
     * back): the status is held as a conflict, and the step fields that went with it (验收日期, 整改完成日期
     * removed) would break the rules on the server's status. A seal, a signed pledge or a kept history is refused
     * on its own, conflict or not (not among {@code RecordRules.RULE_REFUSALS}).
     */
    private boolean heldTogether(EntityManager em, Scope scope, SyncOperation op, JsonObject merged) {
        JsonObject document = merged.deepCopy();
        document.remove(ThreeWayMerge.DELETED);
        return store.refusalOf(em, scope, op.type(), op.id(), document)
                .filter(e -> cn.fieldsync.server.record.RecordRules.RULE_REFUSALS.contains(e.code())).isPresent();
    }

    private String apply(EntityManager em, String deviceId, String user, Scope scope, PushedOperation pushed, BatchLookups absent) {
        SyncOperation op = pushed.op();
        if (!op.type().clientWritable()) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, "/type", Labels.say("serverWrittenOnly", what(op.type())));
        }
        StoredRecord current = absent.record(op.id()) ? null : store.current(em, op.id()).orElse(null);
        StoredRecord stored;
        String status;
        String conflictId = null;
        String conflictMessage = null;
        Base base;
        if (current == null) {
            if (op.baseVersion() != 0 || op.delete()) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_RECORD, "/id",
                        Labels.say("noRecordToChange", what(op.type()), op.id()));
            }
            if (op.prevOpId() != null) {
                // an edit of a record the device created but whose create has not been applied (it
                // waits for its attachment, say): never taken as a create of its own
                throw new FieldsyncException(ErrorCode.WAITS_FOR_EARLIER, "/prevOpId",
                        Labels.say("createComesFirst", what(op.type()), op.id()));
            }
            base = Base.empty();
            RecordStore.Writer writer = new RecordStore.Writer(user, true, deviceId);
            stored = pushed.create() != null ? store.insertAbsent(em, scope, writer, op.id(), pushed.create())
                    : store.insertAbsent(em, scope, writer, op.type(), op.id(), op.fields());
            status = "applied";
        } else {
            // sight first: a record out of sight tells nothing, not even its type
            if (!store.sees(em, scope, op.id())) {
                throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/id", Labels.say("changeOutOfScope", what(op.type()), op.id()));
            }
            // read through a case's reach, not the writer's own: refused for good, never held to apply should the
            // writer's scope grow one day (a second tester's finding: it waited as out_of_scope)
            if (store.seesOnlyAsCaseEvidence(em, scope, op.id())) {
                throw new FieldsyncException(ErrorCode.FORBIDDEN, "/id", Labels.say("caseEvidenceReadOnly", what(op.type()), op.id()));
            }
            if (current.type() != op.type()) {
                throw new FieldsyncException(ErrorCode.TYPE_MISMATCH, "/type",
                        Labels.say("typeMismatch", op.id(), what(current.type()), what(op.type())));
            }
            if (!op.delete()) {
                // only inspectors push; a unit or person is changed by an administrator alone (a deletion: Deletions)
                cn.fieldsync.server.record.RecordRules.refuseShared(cn.fieldsync.schemas.AdministeredRecords.changeByNonAdministrator(op.type(), op.id()));
            }
            if (op.delete() && !current.deleted()) {
                // the rule is about the record as it is now, whatever version the device last saw
                store.checkDeletion(em, op.type(), op.id(), current.body());
                store.checkDeletedByCreator(em, op.type(), op.id(), user);
            }
            base = base(em, deviceId, op);
            JsonObject server = current.body().deepCopy();
            server.addProperty(ThreeWayMerge.DELETED, current.deleted());
            Map<String, JsonElement> changes = changes(op);
            // the fields this device's open conflict on the record holds are not applied by a later edit of the same
            // device: the new value joins the conflict, and the other side's value stays until an administrator decides
            List<FieldChange> stillHeld = new ArrayList<>();
            if (absent.mayHaveOpenConflicts()) {
                for (String field : conflicts.heldFields(em, op.id(), deviceId)) {
                    if (changes.containsKey(field)) {
                        stillHeld.add(new FieldChange(field, base.body().get(field), server.get(field), changes.remove(field)));
                    }
                }
            }
            ThreeWayMerge.Result merge = ThreeWayMerge.merge(op.type().wireName(), base.body(), server, changes);
            if (!merge.conflicts().isEmpty() && merge.changed() && heldTogether(em, scope, op, merge.merged())) {
                merge = ThreeWayMerge.holdAll(op.type().wireName(), base.body(), server, changes);
            }
            JsonObject merged = merge.merged();
            boolean deleted = merged.get(ThreeWayMerge.DELETED).getAsBoolean();
            merged.remove(ThreeWayMerge.DELETED);
            stored = merge.changed() ? store.update(em, scope, new RecordStore.Writer(user, true), op.type(), op.id(), merged, deleted, true)
                    : current;
            List<FieldChange> held = new ArrayList<>(merge.conflicts());
            held.addAll(stillHeld);
            if (!held.isEmpty()) {
                conflictId = conflicts.open(em, current, stored, deviceId, user, op.opId(), base.version(), held);
                conflictMessage = ConflictService.signedOnMessage(held);
                absent.openConflicts().set(true);
                status = "conflict";
            } else {
                status = current.version() == base.version() ? "applied" : "merged";
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
        if (conflictMessage != null) {
            // a signature given on older content: say why it waits (安全生产法 art 68)
            answer.addProperty("message", conflictMessage);
        }
        String text = answer.toString();
        // what the device saw after this operation; for a create, the record as stored (with its defaults)
        String deviceView = current == null
                ? (pushed.create() != null ? notDeleted(pushed.create().text()) : withDeleted(stored.body(), false).toString())
                : base.after(changes(op)).toString();
        DeviceOps.insert(em, deviceId, op.opId(), op.hash(), op.id(), deviceView, text, stored.version(), clock.millis());
        JsonObject detail = OperationRefusals.auditDetail(deviceId, answer);
        audit.append(em, OperationRefusals.actor(deviceId, user), "OP_" + status.toUpperCase(Locale.ROOT), op.id(),
                current == null && pushed.createSha256() != null
                        ? AuditLog.content(detail, stored.version(), stored.deleted(), pushed.createSha256())
                        : AuditLog.content(detail, stored.version(), stored.deleted(), stored.body()));
        return text;
    }

    /**
     * A created record's stored text (a JSON object that never holds {@code deleted}, a server
     * field) with {@code "deleted":false} added: the same document as {@link #withDeleted} writes,
     * without copying and writing the body again.
     */
    private static String notDeleted(String storedText) {
        String deleted = "\"" + ThreeWayMerge.DELETED + "\":false}";
        return storedText.length() <= 2 ? "{" + deleted : storedText.substring(0, storedText.length() - 1) + "," + deleted;
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
                throw new FieldsyncException(ErrorCode.WAITS_FOR_EARLIER, "/prevOpId", Labels.say("editFollowsEarlier", op.id()));
            }
            if (prev != null && prev.deviceView != null && prev.resultVersion != null && op.id().equals(prev.recordId)
                    && prev.resultVersion >= op.baseVersion()) {
                return new Base(prev.resultVersion, StoredJson.object(prev.deviceView));
            }
        }
        if (op.baseVersion() == 0) {
            return Base.empty();
        }
        return new Base(op.baseVersion(), snapshot(em, op.id(), op.baseVersion()));
    }

    private JsonObject snapshot(EntityManager em, String id, int version) {
        return store.snapshot(em, id, version).orElseThrow(() -> new FieldsyncException(ErrorCode.UNKNOWN_BASE_VERSION,
                "/baseVersion", Labels.say("noSuchVersion", id, version)));
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
}
