package cn.fieldsync.server.record;

import cn.fieldsync.server.persistence.BeforeCommit;
import cn.fieldsync.server.persistence.Statements;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The change sequence (table {@code change_seq}, V2__sync.sql): every accepted change takes its
 * next number, and the feed is read in that order. Thread-safe; each method works inside the
 * caller's transaction.
 */
final class ChangeSequence {

    /**
     * The sequence value each open transaction last took; weak, so a closed entity manager drops
     * out. Shared by every instance: the value in the row is only written at the commit, so two
     * stores writing in one transaction must carry the one value.
     */
    private static final Map<EntityManager, long[]> LAST = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The next number of the change sequence. The UPDATE takes the row's lock and keeps it to the
     * end of the transaction (so transactions commit in sequence order), which is why it comes
     * after every check of a write. The value is read once per transaction; later writes of the
     * same transaction (a pushed batch) only move it on in memory, and the row is written once,
     * just before the commit ({@link BeforeCommit}): readers of other transactions only ever see
     * committed values, so they cannot tell.
     *
     * <p>Lock order (one for every writing transaction, so two can never wait on each other —
     * PostgreSQL's "deadlock detected … UPDATE change_seq" under mixed batches): the audit
     * chain's head first, then the change sequence. Every accepted change is audited, so the
     * first write of a transaction takes the audit head here before the sequence; a refusal, which
     * writes only its audit entry, takes the head alone.
     */
    long next(EntityManager em) {
        // plain JDBC on the transaction's connection: a native JPA query per write costs more than the write
        long[] taken = LAST.get(em);
        try {
            if (taken != null) {
                // the row is locked since the first: the value is written once, before the commit
                return ++taken[0];
            }
            Statements.prepared(em, "UPDATE audit_head SET seq = seq WHERE id = 1").executeUpdate();
            Statements.prepared(em, "UPDATE change_seq SET value = value + 1 WHERE id = 1").executeUpdate();
            PreparedStatement select = Statements.prepared(em, "SELECT value FROM change_seq WHERE id = 1");
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                taken = new long[] {rs.getLong(1)};
            }
            long first = taken[0];
            long[] value = taken;
            LAST.put(em, taken);
            BeforeCommit.register(em, "change_seq", () -> {
                if (value[0] != first) {
                    PreparedStatement update = Statements.prepared(em, "UPDATE change_seq SET value = ? WHERE id = 1");
                    update.setLong(1, value[0]);
                    update.executeUpdate();
                }
            });
            return taken[0];
        } catch (SQLException e) {
            throw new PersistenceException("the change sequence could not be advanced: " + e.getMessage(), e);
        }
    }

    /** The change sequence's committed value: every change up to it is committed. */
    static long committed(EntityManager em) {
        Object value = em.createNativeQuery("SELECT value FROM change_seq WHERE id = 1").getSingleResult();
        return ((Number) value).longValue();
    }
}
