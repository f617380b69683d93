package cn.fieldsync.server.sync;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.server.attachment.AttachmentStore;
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
    public AttachmentState attachment(String sha256) {
        AttachmentStore.Status status = attachments.status(sha256);
        return new AttachmentState(status.complete(), status.received());
    }

    @Override
    public AttachmentState upload(String sha256, Path file, long offset) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            AttachmentStore.Status status = attachments.append(sha256, offset, Files.size(file), in);
            return new AttachmentState(status.complete(), status.received());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String enrol(String deviceName, String user, String publicKey) {
        return sync.enrol(deviceName, user, publicKey).toString();
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
