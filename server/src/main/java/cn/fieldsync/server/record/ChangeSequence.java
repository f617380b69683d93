package cn.fieldsync.server.record;

import cn.fieldsync.server.persistence.Sql;

import cn.fieldsync.server.persistence.BeforeCommit;
import cn.fieldsync.server.persistence.Statements;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The change sequence (table {@code change_seq}, V2__sync.sql): every accepted change takes its
 * next number, and the feed is read in that order. Thread-safe; each method works inside the
 * caller's transaction.
 */
final class ChangeSequence {

    private final Clock clock;

    /** @param clock the server's clock: the floor of every transaction's first number ({@link #next}) */
    ChangeSequence(Clock clock) {
        this.clock = clock;
    }

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
     *
     * <p>A transaction's first number is never below the server clock's microseconds since the
     * epoch ({@link #floor}). A database restored from a backup (ops/restore.sh, a pg_restore, a disk
     * snapshot) comes back with the counter it had when the backup was made, while every device
     * that pulled after that keeps a cursor above it: numbers counted on from the restored value
     * would sort below those cursors, and each device would skip the changes written after the
     * restore for ever (found by trying: a hidden danger recorded on the restored server never
     * reached a device). Taken from the clock, the numbers after a restore are above every cursor
     * given out before it, which was never ahead of the clock of its day; when the clock is behind
     * the counter (a burst of more than one change a microsecond, two nodes whose clocks differ, a
     * clock set back) the counter goes on by one, so the numbers only ever grow. Numbers need not
     * be consecutive: the feed reads {@code seq > since} in order.
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
            long counted;
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                counted = rs.getLong(1);
            }
            taken = new long[] {Math.max(counted, floor())};
            long[] value = taken;
            LAST.put(em, taken);
            BeforeCommit.register(em, "change_seq", () -> {
                if (value[0] != counted) {
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

    /**
     * The least first number of a transaction: the server clock's microseconds since the epoch
     * (about 1.8 × 10^15 in 2026; a cursor stays below 2^53, exact as a JavaScript number, until
     * the year 2255).
     */
    private long floor() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /** The change sequence's committed value: every change up to it is committed. */
    static long committed(java.sql.Connection c) {
        return Sql.list(c, "SELECT value FROM change_seq WHERE id = 1", row -> row.getLong(1)).getFirst();
    }
}
