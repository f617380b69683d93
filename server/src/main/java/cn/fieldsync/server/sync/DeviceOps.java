package cn.fieldsync.server.sync;

import cn.fieldsync.server.persistence.Statements;
import cn.fieldsync.server.persistence.WriteBehind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The idempotency record of a pushed operation (table {@code device_op}, read as
 * {@link DeviceOpEntity}), written with plain JDBC on the transaction's connection: one row per
 * operation of a thousand-operation push, where EclipseLink's unit of work cost more than the
 * insert. Written behind ({@link WriteBehind}), so sent before any later statement of the
 * transaction: a later operation of the same batch (its {@code prevOpId}) finds it.
 */
final class DeviceOps {

    private DeviceOps() {
    }

    /**
     * @param deviceView    what the device saw after the operation, or null when it was refused
     * @param resultVersion the record's version the operation left, or null when it was refused
     */
    static void insert(EntityManager em, String deviceId, String opId, String requestHash, String recordId,
                       String deviceView, String answer, Integer resultVersion, long createdAt) {
        try {
            PreparedStatement insert = Statements.writeBehind(em, "INSERT INTO device_op (device_id, op_id, request_hash,"
                    + " record_id, device_view, answer, result_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    WriteBehind.REFERENCING);
            insert.setString(1, deviceId);
            insert.setString(2, opId);
            insert.setString(3, requestHash);
            insert.setString(4, recordId);
            insert.setString(5, deviceView);
            insert.setString(6, answer);
            if (resultVersion == null) {
                insert.setNull(7, Types.INTEGER);
            } else {
                insert.setInt(7, resultVersion);
            }
            insert.setLong(8, createdAt);
            insert.addBatch();
        } catch (SQLException e) {
            throw new PersistenceException("the answer to operation " + opId + " could not be stored: " + e.getMessage(), e);
        }
    }
}
