package cn.fieldsync.server.sync;

import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.persistence.Statements;
import cn.fieldsync.server.persistence.WriteBehind;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Operations the server cannot take yet (table {@code held_op}): a "not yet" refusal
 * ({@link cn.fieldsync.server.error.ErrorCode#notYet()}) is kept here, one row per device
 * operation however often the device sends it again, so an administrator sees what waits on
 * which device and why — work that lost its scope included. The row goes when the operation is
 * applied or finally refused. Every method runs inside the caller's transaction except
 * {@link #list}.
 */
final class HeldOperations {

    private final Database database;

    HeldOperations(Database database) {
        this.database = database;
    }

    /**
     * Keeps (or refreshes) one held operation.
     *
     * @return true the first time this operation is held (the caller audits it once, not at every sync)
     */
    boolean hold(EntityManager em, String deviceId, String user, SyncOperation op, String raw, FieldsyncException why,
                 long now) {
        int updated = em.createNativeQuery("UPDATE held_op SET code = ?1, message = ?2, operation = ?3, last_at = ?4,"
                        + " attempts = attempts + 1, user_name = ?5 WHERE device_id = ?6 AND op_id = ?7")
                .setParameter(1, why.code().code()).setParameter(2, why.getMessage()).setParameter(3, raw)
                .setParameter(4, now).setParameter(5, user).setParameter(6, deviceId).setParameter(7, op.opId())
                .executeUpdate();
        if (updated > 0) {
            return false;
        }
        em.createNativeQuery("INSERT INTO held_op (device_id, op_id, user_name, record_id, record_type, code, message,"
                        + " operation, first_at, last_at, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)")
                .setParameter(1, deviceId).setParameter(2, op.opId()).setParameter(3, user).setParameter(4, op.id())
                .setParameter(5, op.type().wireName()).setParameter(6, why.code().code()).setParameter(7, why.getMessage())
                .setParameter(8, raw).setParameter(9, now).setParameter(10, now).executeUpdate();
        return true;
    }

    /** The operation was answered for good (applied or finally refused): it no longer waits. */
    void release(EntityManager em, String deviceId, String opId) {
        // written behind (WriteBehind): a push releases each applied or refused operation of a
        // device that has held ones, and any later read of held_op in the transaction sends it first
        Statements.hold(em, "DELETE FROM held_op WHERE device_id = ? AND op_id = ?", WriteBehind.REFERENCING, deviceId, opId);
    }

    /** As {@link #release}; answers 1 when the operation was held, else 0. */
    int releaseCounted(EntityManager em, String deviceId, String opId) {
        // plain SQL on the transaction's connection: once per applied operation that may have waited
        return Sql.update(Sql.connection(em), "DELETE FROM held_op WHERE device_id = ? AND op_id = ?", deviceId, opId);
    }

    /** Which of these operations of a device are held now: asked once per pushed batch. */
    static Set<String> heldAmong(EntityManager em, String deviceId, Set<String> opIds) {
        Set<String> held = new HashSet<>();
        if (opIds.isEmpty()) {
            return held;
        }
        // a device with nothing held (the usual case) costs one indexed probe, not an IN list
        java.sql.Connection c = Sql.connection(em);
        if (Sql.list(c, "SELECT 1 FROM held_op WHERE device_id = ? LIMIT 1", row -> row.getInt(1), deviceId).isEmpty()) {
            return held;
        }
        for (String opId : Sql.list(c, "SELECT op_id FROM held_op WHERE device_id = ?", row -> row.getString(1), deviceId)) {
            if (opIds.contains(opId)) {
                held.add(opId);
            }
        }
        return held;
    }

    /** The held operations, oldest first, optionally of one device: what an administrator reviews. */
    JsonArray list(String deviceId, int limit) {
        JsonArray list = new JsonArray();
        List<?> rows = database.read(em -> {
            var query = deviceId == null
                    ? em.createNativeQuery("SELECT device_id, op_id, user_name, record_id, record_type, code, message,"
                    + " operation, first_at, last_at, attempts FROM held_op ORDER BY first_at, op_id")
                    : em.createNativeQuery("SELECT device_id, op_id, user_name, record_id, record_type, code, message,"
                    + " operation, first_at, last_at, attempts FROM held_op WHERE device_id = ?1 ORDER BY first_at, op_id")
                    .setParameter(1, deviceId);
            return query.setMaxResults(limit).getResultList();
        });
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            JsonObject item = new JsonObject();
            item.addProperty("deviceId", (String) r[0]);
            item.addProperty("opId", (String) r[1]);
            item.addProperty("user", (String) r[2]);
            item.addProperty("recordId", (String) r[3]);
            item.addProperty("recordType", (String) r[4]);
            item.addProperty("code", (String) r[5]);
            item.addProperty("message", (String) r[6]);
            item.add("operation", StoredJson.object((String) r[7]));
            item.addProperty("firstAt", Instant.ofEpochMilli(((Number) r[8]).longValue()).toString());
            item.addProperty("lastAt", Instant.ofEpochMilli(((Number) r[9]).longValue()).toString());
            item.addProperty("attempts", ((Number) r[10]).intValue());
            list.add(item);
        }
        return list;
    }
}
