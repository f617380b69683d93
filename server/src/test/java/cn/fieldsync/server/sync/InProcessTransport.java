package cn.fieldsync.server.sync;

import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

/**
 * The device's transport wired straight to the server's sync service, with the same JSON texts
 * as over HTTP: for property tests that run hundreds of server instances, where starting a web
 * server per try would cost minutes. The HTTP path itself is covered by the scenario tests.
 */
final class InProcessTransport implements SyncTransport {

    private final SyncService sync;

    InProcessTransport(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public String enrol(String deviceName, String user) {
        return sync.enrol(deviceName, user).toString();
    }

    @Override
    public String push(String deviceId, String user, String requestJson) {
        try {
            JsonObject request = StrictJson.parseObject(requestJson);
            return "{\"answers\":[" + String.join(",", sync.push(deviceId, user, request.getAsJsonArray("operations"))) + "]}";
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String changes(long since, int limit) {
        return sync.changes(since, limit);
    }

    @Override
    public String conflict(String id) {
        return sync.conflicts().get(id).toString();
    }
}
