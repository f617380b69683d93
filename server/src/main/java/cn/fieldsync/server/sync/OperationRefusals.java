package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cn.fieldsync.server.persistence.Statements;
import cn.fieldsync.server.persistence.WriteBehind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Clock;
import java.time.Instant;

/**
 * The answers that are not an applied change: a refusal ("not yet", held in held_op and sent
 * again by the device; or final, kept in the rejected log and remembered under its opId so a
 * retry gets it back), and a duplicate, which embeds the original answer byte for byte. Every
 * refusal is audited. Thread-safe; works inside the caller's transaction except {@link #rejected}.
 */
final class OperationRefusals {

    private final Database database;
    private final Clock clock;
    private final AuditLog audit;
    private final HeldOperations held;

    OperationRefusals(Database database, Clock clock, AuditLog audit, HeldOperations held) {
        this.database = database;
        this.clock = clock;
        this.audit = audit;
        this.held = held;
    }


    String reject(EntityManager em, String deviceId, String user, SyncOperation op, JsonElement raw,
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
        // the inspector's device shows it: the rule's Chinese words, or the code's Chinese name in
        // place of English details (those stay in rejected_op and held_op for administrators)
        answer.addProperty("message", cn.fieldsync.schemas.PlainWords.hasChinese(e.getMessage()) ? e.getMessage()
                : cn.fieldsync.schemas.Labels.name("errors", e.code().code()));
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
        // a new row with plain SQL (no entity for EclipseLink to register and write at commit), written behind
        Statements.hold(em, "INSERT INTO rejected_op (id, device_id, user_name, op_id, record_id, record_type, code, message, "
                        + "operation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", WriteBehind.REFERENCING, Uuids.v7(), deviceId, user,
                op == null ? null : op.opId(), op == null ? null : op.id(), op == null ? null : op.type().wireName(), e.code().code(),
                e.getMessage(), raw == null ? "null" : raw.toString(), now);
        audit.append(em, actor(deviceId, user), "OP_REJECTED", op == null ? null : op.id(), auditDetail(deviceId, answer));
        if (op != null && e.code() != ErrorCode.OP_ID_REUSED) {
            // a final refusal is remembered, so that a retry of the same operation gets it back
            DeviceOps.insert(em, deviceId, op.opId(), op.hash(), op.id(), null, text, null, now);
        }
        return text;
    }

    JsonArray rejected(String deviceId, int limit) {
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
                    item.add("operation", StoredJson.object(r.operation));
                    item.addProperty("createdAt", Instant.ofEpochMilli(r.createdAt).toString());
                    list.add(item);
                });
        return list;
    }

    static String actor(String deviceId, String user) {
        return user == null || user.isBlank() ? "device:" + deviceId : user;
    }

    static JsonObject auditDetail(String deviceId, JsonObject answer) {
        JsonObject detail = answer.deepCopy();
        detail.addProperty("deviceId", deviceId);
        detail.remove("message");
        return detail;
    }

    static String duplicate(String opId, String original) {
        // the original answer is embedded as stored, byte for byte
        return "{\"opId\":\"" + opId + "\",\"status\":\"duplicate\",\"original\":" + original + "}";
    }
}
