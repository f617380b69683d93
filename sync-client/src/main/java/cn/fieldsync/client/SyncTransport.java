package cn.fieldsync.client;

import java.nio.file.Path;

/**
 * How the device reaches the server. {@link cn.fieldsync.client.internal.HttpTransport} is the
 * real one; each call is one request and may fail with a {@link FieldsyncException} that carries
 * the server's error code. Every call but login and refresh carries a bearer token.
 */
public interface SyncTransport {

    /** POST /api/auth/login; with a device id the tokens are bound to that device. Returns the answer JSON. */
    String login(String username, String password, String deviceId);

    /** POST /api/auth/refresh with a refresh token; returns a new token pair (JSON). */
    String refresh(String refreshToken);

    /** POST /api/devices with the device's public key (Base64 X.509); returns the answer JSON. */
    String enrol(String token, String deviceName, String publicKey);

    /** POST /api/sync/push with {"operations":[...]}; returns the answer JSON. */
    String push(String token, String requestJson);

    /** GET /api/sync/changes; {@code scope} is the scope key of the previous page (or null). Returns the answer JSON. */
    String changes(String token, long since, String scope, int limit);

    /**
     * GET /api/sync/limits: what the server accepts ({@code {"attachmentMaxBytes": bytes, ...}}),
     * or null when this transport cannot tell.
     */
    String limits(String token);

    /** GET /api/conflicts/{id}; returns the conflict JSON. */
    String conflict(String token, String id);

    /** HEAD /api/attachments/{sha256}. */
    AttachmentState attachment(String token, String sha256);

    /**
     * PUT /api/attachments/{sha256}: the file's bytes from {@code offset} to its end, streamed.
     * Returns what the server holds afterwards.
     */
    AttachmentState upload(String token, String sha256, Path file, long offset);
}
