package cn.fieldsync.server.observe;

import cn.fieldsync.server.app.ServerResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready while the file system that holds the attachments has at least
 * {@code fieldsync.attachments.min-free-bytes} (default 1 GiB) usable: a full disk is the likeliest
 * failure in a county office, and an upload that cannot be stored must not be taken by this node.
 * Readiness rather than liveness: restarting the server frees no disk. Data: {@code freeBytes},
 * {@code minFreeBytes}.
 */
@Readiness
@ApplicationScoped
public class AttachmentSpaceHealthCheck implements HealthCheck {

    @Inject
    ServerResources resources;

    @Inject
    @ConfigProperty(name = "fieldsync.attachments.min-free-bytes", defaultValue = "1073741824")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        long free = usableBytes(resources.settings().dataDir().resolve("attachments"));
        return HealthCheckResponse.named("attachmentSpace").status(free >= minFreeBytes)
                .withData("freeBytes", free).withData("minFreeBytes", minFreeBytes).build();
    }

    /** Bytes usable on the file system of {@code dir} (or of its nearest existing parent); -1 when unreadable. */
    static long usableBytes(Path dir) {
        try {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
