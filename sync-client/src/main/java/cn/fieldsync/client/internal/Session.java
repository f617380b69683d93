package cn.fieldsync.client.internal;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SessionEndedException;
import cn.fieldsync.client.SyncTransport;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The device's login: the token pair kept in the store's meta table. A call whose token the
 * server no longer takes (expired, or ended) refreshes the pair once and tries again; when the
 * refresh is refused too, the user is told to log in, and nothing on the device is touched.
 * Refresh tokens are used once: each refresh stores the new pair (see {@link #refresh}).
 */
public final class Session {

    static final String TOKEN = "auth.token";
    static final String REFRESH = "auth.refresh";

    private final DeviceDb db;
    private final SyncTransport transport;

    public Session(DeviceDb db, SyncTransport transport) {
        this.db = db;
        this.transport = transport;
    }

    /** Logs in (bound to the device when it has an id) and keeps the tokens. */
    public static JsonObject login(DeviceDb db, SyncTransport transport, String user, String password, String deviceId) {
        JsonObject answer = Json.fromServer(transport.login(user, password, deviceId));
        keep(db, answer, user);
        return answer;
    }

    static void keep(DeviceDb db, JsonObject answer, String user) {
        db.inTransaction(c -> {
            store(c, answer, user);
            return null;
        });
    }

    private static void store(Connection c, JsonObject answer, String user) throws SQLException {
        DeviceDb.setMeta(c, TOKEN, answer.get("token").getAsString());
        DeviceDb.setMeta(c, REFRESH, answer.get("refreshToken").getAsString());
        DeviceDb.setMeta(c, "auth.expires", answer.get("expiresAt").getAsString());
        if (user != null) {
            DeviceDb.setMeta(c, "user", user);
        }
    }

    /** Runs a call with the current token, refreshing it once when the server refuses it as expired. */
    public <T> T call(Function<String, T> request) {
        String token = db.meta(TOKEN).orElseThrow(() -> new SessionEndedException(
                "this device is not logged in: run fieldsync login --user NAME", null));
        try {
            return request.apply(token);
        } catch (FieldsyncException e) {
            if (!"token_expired".equals(e.code()) && !"unauthenticated".equals(e.code())) {
                throw e;
            }
        }
        return request.apply(refresh(token));
    }

    /**
     * Exchanges the refresh token for a new pair. The server hands out a new refresh token each
     * time and ends the whole login when an exchanged one comes back (reuse detection), so:
     * <ul>
     *     <li>the exchange runs inside a write transaction of the store, which another process or
     *     thread on the same store waits for; it then finds the pair already renewed and uses it,
     *     instead of presenting the old refresh token a second time;</li>
     *     <li>the new pair is stored in that same transaction. When the device dies, or the
     *     connection drops, after the server answered but before the commit, the store still has
     *     the old refresh token; the server exchanges it once more as long as nobody used the pair
     *     it answered with (the answer was evidently lost), so the device is not shut out.</li>
     * </ul>
     */
    private String refresh(String refused) {
        String user = db.meta("user").orElse("NAME");
        return db.inTransaction(c -> {
            // the first write takes the store's write lock: a concurrent refresh waits here
            DeviceDb.setMeta(c, "auth.refreshing", Long.toString(System.currentTimeMillis()));
            String current = DeviceDb.meta(c, TOKEN).orElse(null);
            if (current != null && !current.equals(refused)) {
                return current; // renewed meanwhile by another call
            }
            String refresh = DeviceDb.meta(c, REFRESH).orElse(null);
            if (refresh == null) {
                throw loginAgain(user, null);
            }
            JsonObject answer;
            try {
                answer = Json.fromServer(transport.refresh(refresh));
            } catch (FieldsyncException e) {
                if (e.retriable() || "device_revoked".equals(e.code())) {
                    throw e;
                }
                throw loginAgain(user, e);
            }
            store(c, answer, null);
            return answer.get("token").getAsString();
        });
    }

    private static SessionEndedException loginAgain(String user, FieldsyncException cause) {
        return new SessionEndedException("与服务器的登录已结束，请重新登录 (the session with the server has ended; log in again: fieldsync login --user "
                + user + "; nothing on this device was lost)", cause);
    }
}
