package cn.fieldsync.server.record;

import cn.fieldsync.server.persistence.Statements;
import cn.fieldsync.server.persistence.WriteBehind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The rows a record write adds, as plain JDBC statements on the transaction's connection
 * (prepared once per transaction, {@link Statements}): the new record's row and every version's
 * row. This is the hot path of a push — a thousand creates in one transaction — where
 * EclipseLink's unit of work (registering each new entity, computing its change set at commit)
 * cost more than the inserts themselves. Rows are written behind ({@link WriteBehind}: a push's
 * rows reach the database in one batch per table) and sent before any later statement of the
 * transaction, so that later reads of it (em.find of a record linked to, a query) see them like
 * any other row.
 *
 * <p>A changed record's row is still the managed {@link RecordEntity}, written at commit: it
 * has been read in this transaction already.
 */
final class RecordRows {

    private RecordRows() {
    }

    /**
     * A new record's row, at version 1.
     *
     * @param createdBy     the user who created it, or null (the server itself)
     * @param createdDevice the device whose push created it, or null (through the API)
     */
    static void insertRecord(EntityManager em, String id, String type, RecordIndex index, String body, long seq, long now,
                             String createdBy, String createdDevice) {
        try {
            PreparedStatement insert = Statements.writeBehind(em, "INSERT INTO record (id, record_type, version, deleted,"
                    + " unit_id, jurisdiction, status, grade, event_at, deadline, listed_level, case_id, seq, body,"
                    + " created_at, updated_at, created_by, created_device) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", WriteBehind.REFERENCED);
            insert.setString(1, id);
            insert.setString(2, type);
            insert.setBoolean(3, false);
            insert.setString(4, index.unitId());
            insert.setString(5, index.jurisdiction());
            insert.setString(6, index.status());
            insert.setString(7, index.grade());
            if (index.eventAt() == null) {
                insert.setNull(8, Types.BIGINT);
            } else {
                insert.setLong(8, index.eventAt());
            }
            insert.setString(9, index.deadline());
            insert.setString(10, index.listedLevel());
            insert.setString(11, index.caseId());
            insert.setLong(12, seq);
            insert.setString(13, body);
            insert.setLong(14, now);
            insert.setLong(15, now);
            insert.setString(16, createdBy);
            insert.setString(17, createdDevice);
            insert.addBatch();
        } catch (SQLException e) {
            throw new PersistenceException("the record " + id + " could not be stored: " + e.getMessage(), e);
        }
    }

    /** One version of a record, kept for ever. */
    static void insertVersion(EntityManager em, String id, int version, boolean deleted, String body, long now) {
        try {
            PreparedStatement insert = Statements.writeBehind(em,
                    "INSERT INTO record_version (record_id, version, deleted, body, changed_at) VALUES (?, ?, ?, ?, ?)",
                    WriteBehind.REFERENCING);
            insert.setString(1, id);
            insert.setInt(2, version);
            insert.setBoolean(3, deleted);
            insert.setString(4, body);
            insert.setLong(5, now);
            insert.addBatch();
        } catch (SQLException e) {
            throw new PersistenceException("version " + version + " of record " + id + " could not be stored: "
                    + e.getMessage(), e);
        }
    }
}
