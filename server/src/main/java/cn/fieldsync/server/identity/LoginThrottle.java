package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.RetryLaterException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Failed logins, counted in the database so that every node sharing it, and every restart, sees
 * the same counts. Within a sliding window of {@link ThrottleLimits#window()} (15 minutes):
 * <ul>
 *     <li>a user name gets {@link ThrottleLimits#perUser()} (5) wrong passwords, from wherever they come; then every
 *     attempt for it is refused, the right password too, until the oldest failure leaves the
 *     window (OWASP Authentication Cheat Sheet, "Protect against automated attacks");</li>
 *     <li>an address gets {@link ThrottleLimits#perAddress()} (100) wrong passwords over all user names (password
 *     spraying); then it is refused for every user who has not logged in from it successfully
 *     within {@link #KNOWN_FOR}. A county office behind one proxy is one address: a colleague's
 *     guessing locks out only the account guessed at, and a sprayer does not lock out the office's
 *     own users.</li>
 * </ul>
 * A refused attempt never reaches the password check: guessing costs the guesser time, not the
 * server CPU, and is answered {@code 429 too_many_attempts} with {@code Retry-After}.
 *
 * <p>An attempt is written down <em>before</em> its password is checked, and counted after that
 * write committed: of two attempts at the same moment, on any nodes, the one counted later sees
 * the other, so the limits hold under concurrency (at the edge both may be refused, never both
 * let through). A successful login deletes its own row and its user's wrong passwords already
 * checked; attempts of the user still being checked stay and count when they fail (else a guesser
 * sending guesses beside the user's own login had them all forgiven by it). A refused attempt
 * deletes its own row.
 *
 * <p>An attempt under way (its row has {@code checking = 1}) counts like a failure, so that
 * guesses sent together cannot get more checks than the limit. But a login refused only because
 * of them — fewer than {@link ThrottleLimits#perUser()} of its user's attempts in the window were
 * wrong passwords, the rest are being checked (one inspector's devices logging in at once) — is
 * not locked out: it withdraws its row, waits a few tens of milliseconds (random, so that
 * attempts that met do not meet again) and tries again, for up to {@link #CROWDED_WAIT}; the
 * others' successes clear the way. Only if they are still under way then is it refused, with
 * {@code Retry-After: 1} and a message saying so, neither counted nor audited as a lockout. An
 * attempt still "checking" after {@link #STALE_CHECK} (its node stopped mid-check) counts as a
 * wrong password.
 *
 * <p>Audit: each wrong password is an entry (LOGIN_FAILED, at most {@link ThrottleLimits#perUser()} (5) per user and
 * {@link ThrottleLimits#perAddress()} (100) per address in a window, since the throttle caps them); reaching a limit is
 * one LOGIN_LOCKED; refused attempts of one lockout are counted in {@code login_lock} and audited
 * as LOGIN_THROTTLED at the 1st, 10th, 100th, 1000th... refusal, with the count, so 500 refused
 * attempts make 3 entries, not 500.
 */
final class LoginThrottle {

    static final Duration KNOWN_FOR = Duration.ofDays(90);
    /** How long a login crowded out by its own user's attempts under way tries again before it is refused. */
    static final Duration CROWDED_WAIT = Duration.ofSeconds(5);
    /** After this, an attempt still marked as being checked is taken as a wrong password. */
    static final Duration STALE_CHECK = Duration.ofSeconds(60);
    private static final int ADDRESS_LENGTH = 100;

    private final Database database;
    private final Clock clock;
    private final AuditLog audit;
    private final int perUser;
    private final int perAddress;
    private final long window;

    LoginThrottle(Database database, Clock clock, AuditLog audit, ThrottleLimits limits) {
        this.database = database;
        this.perUser = limits.perUser();
        this.perAddress = limits.perAddress();
        this.window = limits.window().toMillis();
        this.clock = clock;
        this.audit = audit;
    }

    /** A login attempt under way: its row in login_failure until it succeeds or is released. */
    record Attempt(String id, String username, String address) {
    }

    /**
     * Writes the attempt down and lets it through, or refuses it.
     *
     * @throws RetryLaterException {@code too_many_attempts} (429), with the seconds until the
     *                             oldest failure that counts leaves the window
     */
    Attempt begin(String username, String rawAddress) {
        String address = address(rawAddress);
        long giveUpAt = clock.millis() + CROWDED_WAIT.toMillis();
        while (true) {
            Attempt attempt = new Attempt(Uuids.v7(), username, address);
            // a lockout under way refuses at once, without writing the attempt down
            Lock lock = database.withConnection(c -> binding(c, attempt, clock.millis()));
            if (lock == null) {
                long now = clock.millis();
                database.inTransaction(em -> {
                    Connection c = Sql.connection(em);
                    // the table holds one window of failures at most
                    Sql.update(c, "DELETE FROM login_failure WHERE at <= ?", now - window);
                    Sql.update(c, "INSERT INTO login_failure (id, username, address, at, checking) VALUES (?, ?, ?, ?, 1)",
                            attempt.id, username, address, now);
                    return null;
                });
                // counted again now that the attempt is committed: attempts made at the same moment see each other
                lock = database.withConnection(c -> binding(c, attempt, clock.millis()));
                if (lock == null) {
                    return attempt;
                }
                if (lock.crowded) {
                    database.inTransaction(em -> {
                        delete(Sql.connection(em), attempt);
                        return null;
                    });
                }
            }
            if (lock.crowded) {
                if (clock.millis() < giveUpAt) {
                    pause();
                    continue;
                }
                throw new RetryLaterException(ErrorCode.TOO_MANY_ATTEMPTS, cn.fieldsync.schemas.Labels.say("loginsUnderWay"), 1);
            }
            throw refuse(attempt, lock);
        }
    }

    /** A lockout: the attempt leaves no row, the refusal is counted (and audited now and then), and answered 429. */
    private RetryLaterException refuse(Attempt attempt, Lock lock) {
        Lock refusing = lock;
        database.inTransaction(em -> {
            delete(Sql.connection(em), attempt);
            refused(em, attempt, refusing);
            return null;
        });
        // in plain Chinese, the wait as people say it (15 分钟, not 898 秒); Retry-After keeps the seconds
        return new RetryLaterException(ErrorCode.TOO_MANY_ATTEMPTS, cn.fieldsync.schemas.Labels.say(
                refusing.user ? "tooManyLogins" : "tooManyLoginsFromAddress",
                cn.fieldsync.schemas.ChineseDates.duration(refusing.seconds())), refusing.seconds());
    }

    /** A few tens of milliseconds, different for each attempt, so that attempts that met do not meet again. */
    private static void pause() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for other logins", e);
        }
    }

    /** The password was wrong (or the user is disabled): the attempt stays counted, and is audited. */
    void failed(Attempt attempt) {
        database.inTransaction(em -> {
            long now = clock.millis();
            Connection c = Sql.connection(em);
            if (Sql.update(c, "UPDATE login_failure SET checking = 0 WHERE id = ?", attempt.id) == 0) {
                // its row went while the password was checked (the window's trim): the wrong password still counts
                Sql.update(c, "INSERT INTO login_failure (id, username, address, at, checking) VALUES (?, ?, ?, ?, 0)",
                        attempt.id, attempt.username, attempt.address, now);
            }
            List<Long> byUser = times(c, "username", attempt.username, now, null);
            List<Long> byAddress = times(c, "address", attempt.address, now, null);
            JsonObject detail = new JsonObject();
            detail.addProperty("address", attempt.address);
            detail.addProperty("failures", byUser.size());
            audit.append(em, attempt.username, "LOGIN_FAILED", null, detail);
            if (byUser.size() >= perUser) {
                locked(em, attempt, new Lock(true, "user:" + attempt.username, waitMillis(byUser, perUser, now), false), byUser.size());
            }
            if (byAddress.size() >= perAddress) {
                locked(em, attempt, new Lock(false, "address:" + attempt.address, waitMillis(byAddress, perAddress, now), false),
                        byAddress.size());
            }
            return null;
        });
    }

    /**
     * The login succeeded: the user's wrong passwords checked so far are forgiven and this address
     * becomes one of theirs. Attempts still being checked are not forgiven: they are guesses made
     * beside this login, and count when they fail. Inside the login's transaction.
     */
    void succeeded(Connection c, Attempt attempt) {
        long now = clock.millis();
        Sql.update(c, "DELETE FROM login_failure WHERE id = ? OR (username = ? AND (checking = 0 OR at <= ?))",
                attempt.id, attempt.username, now - STALE_CHECK.toMillis());
        Sql.update(c, "DELETE FROM login_lock WHERE throttle_key = ?", "user:" + attempt.username);
        Sql.update(c, "INSERT INTO login_known_address (username, address, last_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (username, address) DO UPDATE SET last_at = ?", attempt.username, attempt.address, now, now);
    }

    /** The attempt ended without a verdict on the password (a refused device, a failure): it does not count. */
    void release(Attempt attempt) {
        database.inTransaction(em -> {
            delete(Sql.connection(em), attempt);
            return null;
        });
    }

    /** The lock that refuses this attempt (the one that lasts longer when both apply), or null. */
    private Lock binding(Connection c, Attempt attempt, long now) {
        Lock lock = null;
        List<Long> byUser = times(c, "username", attempt.username, now, attempt.id);
        if (byUser.size() >= perUser) {
            lock = new Lock(true, "user:" + attempt.username, waitMillis(byUser, perUser, now),
                    wrongPasswords(c, attempt, now) < perUser);
        }
        List<Long> byAddress = times(c, "address", attempt.address, now, attempt.id);
        if (byAddress.size() >= perAddress && !known(c, attempt, now)) {
            Lock address = new Lock(false, "address:" + attempt.address, waitMillis(byAddress, perAddress, now), false);
            if (lock == null || address.millis > lock.millis) {
                lock = address;
            }
        }
        return lock;
    }

    private boolean known(Connection c, Attempt attempt, long now) {
        return !Sql.list(c, "SELECT last_at FROM login_known_address WHERE username = ? AND address = ? AND last_at > ?",
                row -> row.getLong(1), attempt.username, attempt.address, now - KNOWN_FOR.toMillis()).isEmpty();
    }

    /** The user's wrong passwords in the window (not the attempts being checked now), other than this attempt. */
    private int wrongPasswords(Connection c, Attempt attempt, long now) {
        return Sql.list(c, "SELECT COUNT(*) FROM login_failure WHERE username = ? AND at > ? AND id <> ?"
                        + " AND (checking = 0 OR at <= ?)", row -> row.getInt(1),
                attempt.username, now - window, attempt.id, now - STALE_CHECK.toMillis()).getFirst();
    }

    /** When the attempts of this user or address within the window were made, oldest first. */
    private List<Long> times(Connection c, String column, String value, long now, String exceptId) {
        return Sql.list(c, "SELECT at FROM login_failure WHERE " + column + " = ? AND at > ? AND id <> ? ORDER BY at",
                row -> row.getLong(1), value, now - window, exceptId == null ? "" : exceptId);
    }

    /** Until enough of the oldest failures have left the window for one more attempt to be allowed. */
    private long waitMillis(List<Long> times, int limit, long now) {
        long oldestCounted = times.get(times.size() - limit);
        return Math.max(1000, oldestCounted + window - now);
    }

    /** A limit was reached by this failure: LOGIN_LOCKED, once per lockout (however many nodes saw it). */
    private void locked(EntityManager em, Attempt attempt, Lock lock, int failures) {
        long now = clock.millis();
        int started = Sql.update(Sql.connection(em), "INSERT INTO login_lock (throttle_key, locked_at, until_at, refused) VALUES (?, ?, ?, 0)"
                        + " ON CONFLICT (throttle_key) DO UPDATE SET locked_at = ?, until_at = ?, refused = 0 WHERE login_lock.until_at < ?",
                lock.key, now, now + lock.millis, now, now + lock.millis, now);
        if (started > 0) {
            JsonObject detail = new JsonObject();
            detail.addProperty("scope", lock.user ? "user" : "address");
            detail.addProperty("address", attempt.address);
            detail.addProperty("failures", failures);
            detail.addProperty("retryAfterSeconds", lock.seconds());
            audit.append(em, attempt.username, "LOGIN_LOCKED", null, detail);
        }
    }

    /** Counts a refused attempt against its lockout; audits the 1st, 10th, 100th... */
    private void refused(EntityManager em, Attempt attempt, Lock lock) {
        long now = clock.millis();
        Connection c = Sql.connection(em);
        Sql.update(c, "INSERT INTO login_lock (throttle_key, locked_at, until_at, refused) VALUES (?, ?, ?, 1)"
                        + " ON CONFLICT (throttle_key) DO UPDATE SET"
                        + " refused = CASE WHEN login_lock.until_at < ? THEN 1 ELSE login_lock.refused + 1 END,"
                        + " locked_at = CASE WHEN login_lock.until_at < ? THEN ? ELSE login_lock.locked_at END,"
                        + " until_at = ?",
                lock.key, now, now + lock.millis, now, now, now, now + lock.millis);
        long refused = Sql.list(c, "SELECT refused FROM login_lock WHERE throttle_key = ?", row -> row.getLong(1), lock.key).getFirst();
        if (isPowerOfTen(refused)) {
            JsonObject detail = new JsonObject();
            detail.addProperty("scope", lock.user ? "user" : "address");
            detail.addProperty("address", attempt.address);
            detail.addProperty("refused", refused);
            detail.addProperty("retryAfterSeconds", lock.seconds());
            audit.append(em, attempt.username, "LOGIN_THROTTLED", null, detail);
        }
    }

    static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    private static void delete(Connection c, Attempt attempt) {
        Sql.update(c, "DELETE FROM login_failure WHERE id = ?", attempt.id);
    }

    private static String address(String address) {
        String known = address == null || address.isBlank() ? "unknown" : address;
        return known.length() > ADDRESS_LENGTH ? known.substring(0, ADDRESS_LENGTH) : known;
    }

    /**
     * A limit reached: by a user name or by an address; how long until the next attempt is allowed;
     * crowded when the user's attempts under way, not their wrong passwords, reach it.
     */
    private record Lock(boolean user, String key, long millis, boolean crowded) {
        long seconds() {
            return Math.max(1, (millis + 999) / 1000);
        }
    }
}
