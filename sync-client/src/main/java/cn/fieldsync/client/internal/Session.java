package cn.fieldsync.client.internal;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SyncTransport;
import com.google.gson.JsonObject;

import java.util.function.Function;

/**
 * The device's login: the token pair kept in the store's meta table. A call whose token the
 * server no longer takes (expired, or ended) refreshes the pair once and tries again; when the
 * refresh is refused too, the user is told to log in, and nothing on the device is touched.
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
            DeviceDb.setMeta(c, TOKEN, answer.get("token").getAsString());
            DeviceDb.setMeta(c, REFRESH, answer.get("refreshToken").getAsString());
            DeviceDb.setMeta(c, "auth.expires", answer.get("expiresAt").getAsString());
            if (user != null) {
                DeviceDb.setMeta(c, "user", user);
            }
            return null;
        });
    }

    /** Runs a call with the current token, refreshing it once when the server refuses it as expired. */
    public <T> T call(Function<String, T> request) {
        String token = db.meta(TOKEN).orElseThrow(() -> new FieldsyncException(
                "this device is not logged in: run fieldsync login --user NAME", false, null, "unauthenticated"));
        try {
            return request.apply(token);
        } catch (FieldsyncException e) {
            if (!"token_expired".equals(e.code()) && !"unauthenticated".equals(e.code())) {
                throw e;
            }
        }
        return request.apply(refresh());
    }

    private String refresh() {
        String user = db.meta("user").orElse("NAME");
        String refresh = db.meta(REFRESH).orElse(null);
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
        keep(db, answer, null);
        return answer.get("token").getAsString();
    }

    private static FieldsyncException loginAgain(String user, FieldsyncException cause) {
        return new FieldsyncException("the session with the server has ended; log in again: fieldsync login --user " + user
                + " (nothing on this device was lost)", false, cause, "unauthenticated");
    }
}
