package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Uuids;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import cn.fieldsync.server.persistence.Sql;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * What a pushed batch's operations and records are known not to have in the database yet, asked
 * in a few queries up front instead of two per operation. An operation or record the batch itself
 * writes is forgotten here once touched, so later operations look it up as usual.
 *
 * @param heldRecords records an operation of which was refused earlier in this push
 */
record BatchLookups(Set<String> ops, Set<String> records, Set<String> held, Set<String> heldRecords,
                      AtomicBoolean openConflicts) {

    /** Nothing looked up in advance: every lookup goes to the database. */
    static BatchLookups unknown() {
        return new BatchLookups(null, null, null, new HashSet<>(), new AtomicBoolean(true));
    }

    /** Whether the device may have an open conflict a later edit must keep up to date. */
    boolean mayHaveOpenConflicts() {
        return openConflicts.get();
    }

    static BatchLookups lookUp(EntityManager em, String deviceId, JsonArray operations) {
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
        return new BatchLookups(missing(em, "SELECT op_id FROM device_op WHERE device_id = ? AND op_id IN ", deviceId, opIds),
                missing(em, "SELECT id FROM record WHERE id IN ", null, recordIds),
                HeldOperations.heldAmong(em, deviceId, opIds), new HashSet<>(),
                new AtomicBoolean(!Sql.list(Sql.connection(em), "SELECT 1 FROM sync_conflict WHERE status = 'OPEN' AND device_id = ? LIMIT 1",
                        row -> row.getInt(1), deviceId).isEmpty()));
    }

    /**
     * Which of the ids the database does not have, asked in one statement on the transaction's
     * connection (plain JDBC: a native JPA query binding a thousand parameters cost more than
     * the lookup itself).
     */
    private static Set<String> missing(EntityManager em, String sql, String deviceId, Set<String> ids) {
        Set<String> absent = new HashSet<>(ids);
        if (ids.isEmpty()) {
            return absent;
        }
        StringBuilder in = new StringBuilder(sql).append('(');
        for (int i = 0; i < ids.size(); i++) {
            in.append(i == 0 ? "?" : ",?");
        }
        try (PreparedStatement query = em.unwrap(Connection.class).prepareStatement(in.append(')').toString())) {
            int p = 1;
            if (deviceId != null) {
                query.setString(p++, deviceId);
            }
            for (String id : ids) {
                query.setString(p++, id);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    absent.remove(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("the batch's operations could not be looked up: " + e.getMessage(), e);
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
