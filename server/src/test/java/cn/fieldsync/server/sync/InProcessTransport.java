package cn.fieldsync.server.sync;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device's transport wired straight to the server's sync service, with the same JSON texts
 * as over HTTP: for property tests that run hundreds of server instances, where starting a web
 * server per try would cost minutes. The HTTP path itself is covered by the scenario tests.
 */
final class InProcessTransport implements SyncTransport {

    private final SyncService sync;
    private final AttachmentStore attachments;

    InProcessTransport(SyncService sync, AttachmentStore attachments) {
        this.sync = sync;
        this.attachments = attachments;
    }

    @Override
    public AttachmentState attachment(String token, String sha256) {
        AttachmentStore.Status status = attachments.status(sha256);
        return new AttachmentState(status.complete(), status.received());
    }

    @Override
    public AttachmentState upload(String token, String sha256, Path file, long offset) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            AttachmentStore.Status status = attachments.append(sha256, offset, Files.size(file), in);
            return new AttachmentState(status.complete(), status.received());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logins are not what these tests are about (and a password hash per device would cost
     * minutes over hundreds of tries): a token here names the user and the device, and stands
     * for an inspector who sees everything. Authentication is tested over HTTP.
     */
    @Override
    public String login(String username, String password, String deviceId) {
        JsonObject answer = new JsonObject();
        answer.addProperty("token", username + "|" + (deviceId == null ? "" : deviceId));
        answer.addProperty("refreshToken", "refresh|" + username + "|" + (deviceId == null ? "" : deviceId));
        answer.addProperty("expiresAt", "2100-01-01T00:00:00Z");
        return answer.toString();
    }

    @Override
    public String refresh(String refreshToken) {
        throw new UnsupportedOperationException("in-process tokens do not expire");
    }

    private final java.util.Map<String, Scope> scopes = new java.util.concurrent.ConcurrentHashMap<>();

    /** An administrator changes what the user may see (the next pull starts again under it); null restores "everything". */
    void scope(String username, Scope scope) {
        if (scope == null) {
            scopes.remove(username);
        } else {
            scopes.put(username, scope);
        }
    }

    private Caller caller(String token) {
        String[] parts = token.split("\\|", -1);
        return new Caller(parts[0], Role.INSPECTOR, scopes.getOrDefault(parts[0], Scope.ALL), parts[1].isEmpty() ? null : parts[1], false);
    }

    @Override
    public String enrol(String token, String deviceName, String publicKey) {
        return sync.enrol(caller(token), deviceName, publicKey).toString();
    }

    @Override
    public String push(String token, String requestJson) {
        try {
            JsonObject request = StrictJson.parseObject(requestJson);
            if (request.has("released")) {
                java.util.List<String> released = new java.util.ArrayList<>();
                request.getAsJsonArray("released").forEach(id -> released.add(id.getAsString()));
                sync.release(caller(token), released);
            }
            return "{\"answers\":[" + String.join(",", sync.push(caller(token), request.getAsJsonArray("operations"))) + "]}";
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String changes(String token, long since, String scope, int limit) {
        return sync.changes(caller(token), since, scope, limit).text();
    }

    /** Another party (another device, an administrator) uploads these bytes. */
    void uploadFromElsewhere(byte[] bytes) {
        attachments.append(cn.fieldsync.server.testing.TestAttachments.sha256(bytes), 0, bytes.length,
                new java.io.ByteArrayInputStream(bytes));
    }

    /** The in-process server has no HTTP limits to tell: the device learns them from refusals. */
    @Override
    public String limits(String token) {
        return null;
    }

    @Override
    public String conflict(String token, String id) {
        return sync.conflicts().get(id).toString();
    }
}
