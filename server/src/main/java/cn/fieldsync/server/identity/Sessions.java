package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.identity.dto.UserDtos;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Logins: the password check that starts one (throttled, {@link LoginThrottle}), the bearer token
 * that stands for a caller on every request, and the logout that ends one. A login is a family of
 * tokens: the pair its password check handed out and the pairs of every refresh since
 * ({@link TokenRotation}). An access token lives {@code tokenTtl}; a login lasts {@code refreshTtl}.
 * Thread-safe.
 */
final class Sessions {

    static final int MAX_PASSWORD = 200;

    /**
     * A missing user costs as much time as a wrong password, so names cannot be probed by timing.
     * Made at the first login with an unknown name, not at start-up (600,000 PBKDF2 rounds were
     * about a tenth of the server's start-up CPU).
     */
    private static final class Dummy {
        static final String HASH = Passwords.hash(Passwords.generate());
    }

    private final Database database;
    private final Clock clock;
    private final Duration refreshTtl;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final TokenPairs pairs;

    Sessions(Database database, Clock clock, Duration refreshTtl, AuditLog audit, LoginThrottle throttle, TokenPairs pairs) {
        this.database = database;
        this.clock = clock;
        this.refreshTtl = refreshTtl;
        this.audit = audit;
        this.throttle = throttle;
        this.pairs = pairs;
    }

    /**
     * Checks a password and hands out a token pair, the start of a new login. With a device id,
     * the tokens are bound to that device: it must be enrolled by this user and not revoked.
     * Guessing is throttled across every node sharing the database ({@link LoginThrottle}).
     *
     * @throws FieldsyncException {@code invalid_credentials} (401); {@code too_many_attempts}
     *                            (429, a {@link cn.fieldsync.server.error.RetryLaterException})
     */
    UserDtos.Tokens login(String username, String password, String deviceId, String address) {
        if (username == null || password == null || username.length() > 64 || password.length() > MAX_PASSWORD) {
            throw new FieldsyncException(ErrorCode.INVALID_CREDENTIALS, null, cn.fieldsync.schemas.Labels.say("credentialsMissing"));
        }
        LoginThrottle.Attempt attempt = throttle.begin(username, address);
        boolean counted = false;
        try {
            UserEntity user = database.read(em -> em.find(UserEntity.class, username));
            boolean ok = Passwords.matches(password, user == null ? Dummy.HASH : user.passwordHash) && user != null;
            if (!ok || user.disabled) {
                counted = true;
                throttle.failed(attempt);
                throw new FieldsyncException(ErrorCode.INVALID_CREDENTIALS, null,
                        ok ? cn.fieldsync.schemas.Labels.say("userDisabled", username) : cn.fieldsync.schemas.Labels.say("credentialsWrong"));
            }
            UserDtos.Tokens answer = database.inTransaction(em -> {
                if (deviceId != null) {
                    DeviceBindings.check(Sql.connection(em), deviceId, username);
                }
                throttle.succeeded(Sql.connection(em), attempt);
                JsonObject detail = new JsonObject();
                detail.addProperty("address", address);
                if (deviceId != null) {
                    detail.addProperty("deviceId", deviceId);
                }
                String login = Uuids.v7();
                detail.addProperty("login", login);
                audit.append(em, username, "LOGIN", null, detail);
                // the user's ended logins are of no use to anyone: each login clears them away. An expired
                // access token stays while its login may live, since whether it was used decides a refresh's grace
                long now = clock.millis();
                em.createQuery("DELETE FROM TokenEntity t WHERE t.username = :u AND ((t.kind = :refresh AND t.expiresAt < :now)"
                                + " OR (t.kind = :access AND t.expiresAt < :now AND t.createdAt < :loginsBegun))")
                        .setParameter("u", username).setParameter("refresh", TokenEntity.REFRESH).setParameter("access", TokenEntity.ACCESS)
                        .setParameter("now", now).setParameter("loginsBegun", now - refreshTtl.toMillis()).executeUpdate();
                return pairs.issue(em, user, deviceId, login, clock.millis() + refreshTtl.toMillis());
            });
            counted = true;
            return answer;
        } finally {
            if (!counted) {
                // the password was right but the login failed (a device of someone else's): no guess was made
                throttle.release(attempt);
            }
        }
    }

    /**
     * Ends the login the access token belongs to: every access and refresh token handed out by
     * its password check and the refreshes since. Other logins of the same user (other devices)
     * go on. Audited LOGOUT.
     */
    void logout(String accessToken) {
        database.inTransaction(em -> {
            TokenEntity token = em.find(TokenEntity.class, TokenPairs.sha256(accessToken));
            if (token == null) {
                return null;
            }
            int ended = TokenPairs.endLogin(em, token);
            audit.append(em, token.username, "LOGOUT", null, TokenPairs.endedDetail(token, ended));
            return null;
        });
    }

    /**
     * The caller a bearer token stands for. The user and their scope are read afresh on every
     * request, so a changed scope or a disabled account takes effect at once.
     *
     * @throws FieldsyncException {@code unauthenticated} (401) for a missing, unknown or ended
     *                            token or a disabled user; {@code token_expired} (401)
     */
    Caller authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty() || bearer.length() > 200) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization",
                    cn.fieldsync.schemas.Labels.say("tokenMissing"));
        }
        String hash = TokenPairs.sha256(bearer);
        // every request passes here: the token and its user in one statement and their scope on the
        // same connection, plain SQL with no entity objects; read afresh on every request all the same
        Admitted found = database.withConnection(c -> {
            List<Bearer> rows = Sql.list(c, "SELECT t.kind, t.revoked, t.expires_at, t.username, t.device_id, t.used_at,"
                            + " u.role, u.disabled FROM auth_token t LEFT JOIN app_user u ON u.username = t.username"
                            + " WHERE t.token_hash = ?",
                    rs -> new Bearer(rs.getString(1), rs.getBoolean(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6) != null, rs.getString(7), rs.getBoolean(8)), hash);
            Bearer token = rows.isEmpty() ? null : rows.getFirst();
            if (token == null || !TokenEntity.ACCESS.equals(token.kind) || token.revoked) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization", cn.fieldsync.schemas.Labels.say("tokenInvalid"));
            }
            if (token.expiresAt <= clock.millis()) {
                throw new FieldsyncException(ErrorCode.TOKEN_EXPIRED, "Authorization",
                        cn.fieldsync.schemas.Labels.say("tokenExpired"));
            }
            if (token.role == null || token.userDisabled) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization",
                        cn.fieldsync.schemas.Labels.say("userMayNotLogIn", token.username));
            }
            return new Admitted(caller(c, token), token.used);
        });
        if (!found.used) {
            // marks the pair as used, once: from now on its refresh token's predecessor is no longer
            // exchanged again (see TokenRotation); compare-and-set against that ending the pair
            int marked = database.inTransaction(em -> em.createQuery("UPDATE TokenEntity t SET t.usedAt = :now"
                            + " WHERE t.tokenHash = :hash AND t.usedAt IS NULL AND t.revoked = :live")
                    .setParameter("now", clock.millis()).setParameter("hash", hash).setParameter("live", false).executeUpdate());
            if (marked == 0 && database.read(em -> {
                TokenEntity now = em.find(TokenEntity.class, hash);
                return now == null || now.revoked;
            })) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization", cn.fieldsync.schemas.Labels.say("tokenInvalid"));
            }
        }
        return found.caller;
    }

    /** The columns of an access token and its user that a request is let in by. */
    private record Bearer(String kind, boolean revoked, long expiresAt, String username, String deviceId, boolean used,
                          String role, boolean userDisabled) {
    }

    /** A request let in: whom it is for, and whether its token had been used before. */
    private record Admitted(Caller caller, boolean used) {
    }

    private static Caller caller(Connection c, Bearer token) {
        boolean revoked = token.deviceId != null && DeviceBindings.revoked(c, token.deviceId);
        Scope scope = UserScopes.withNamedCases(c, token.username, UserScopes.own(c, token.username, token.role));
        return new Caller(token.username, Role.valueOf(token.role), scope, token.deviceId, revoked);
    }
}
