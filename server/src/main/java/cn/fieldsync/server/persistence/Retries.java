package cn.fieldsync.server.persistence;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a transaction again when the database says that running it again can succeed, and only
 * then: a serialisation failure (SQLSTATE 40001), a deadlock the database broke by aborting this
 * transaction (40P01), a key another transaction inserted first (23505: a concurrent writer of the
 * same record or the same opId won the race, and looking again answers the operation), and
 * SQLite's SQLITE_BUSY / SQLITE_LOCKED. Anything else (a constraint the data itself breaks, a
 * lost connection, a bug) is thrown at once: running it again would fail the same way.
 *
 * <p>Bounded: at most {@link #ATTEMPTS} attempts, waiting between them an exponentially growing,
 * randomised time (full jitter, from {@link #BASE_DELAY_MILLIS} up to {@link #MAX_DELAY_MILLIS}),
 * so that two transactions that collided do not collide again in step. When every attempt
 * fails, the last failure is thrown with the earlier ones attached as suppressed exceptions.
 * Thread-safe (no state); sleeps on the calling thread.
 */
public final class Retries {

    /** Attempts in all, the first included. */
    public static final int ATTEMPTS = 5;
    static final long BASE_DELAY_MILLIS = 5;
    static final long MAX_DELAY_MILLIS = 200;

    /** PostgreSQL's SQLSTATEs of a transaction that lost a race and may simply be run again. */
    private static final List<String> RETRIABLE_STATES = List.of("40001", "40P01", "23505");
    /** SQLite's result codes SQLITE_BUSY (5) and SQLITE_LOCKED (6), primary or extended (low byte). */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private Retries() {
    }

    /**
     * Whether the failure, or one of its causes, is one that the same transaction run again can
     * get past (see the class comment).
     */
    public static boolean retriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null && RETRIABLE_STATES.contains(sql.getSQLState())) {
                    return true;
                }
                if (sql.getClass().getName().startsWith("org.sqlite.")
                        && ((sql.getErrorCode() & 0xff) == SQLITE_BUSY || (sql.getErrorCode() & 0xff) == SQLITE_LOCKED)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the work, and again while it fails retriably, at most {@link #ATTEMPTS} times in all.
     *
     * @throws RuntimeException the work's own failure when it is not retriable, or the last
     *                          retriable failure once the attempts are used up, with the earlier
     *                          failures as suppressed exceptions
     */
    public static <T> T retrying(Supplier<T> work) {
        List<RuntimeException> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!retriable(e) || attempt >= ATTEMPTS) {
                    earlier.forEach(e::addSuppressed);
                    throw e;
                }
                earlier.add(e);
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(BASE_DELAY_MILLIS, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to run a transaction again", e);
        }
    }
}
