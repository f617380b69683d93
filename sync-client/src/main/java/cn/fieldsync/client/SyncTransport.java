package cn.fieldsync.client;

/**
 * How the device reaches the server. {@link cn.fieldsync.client.internal.HttpTransport} is the
 * real one; each call is one request and may fail with a retriable {@link FieldsyncException}.
 */
public interface SyncTransport {

    /** POST /api/devices with the device's public key (Base64 X.509); returns the answer JSON. */
    String enrol(String deviceName, String user, String publicKey);

    /** POST /api/sync/push with {"operations":[...]}; returns the answer JSON. */
    String push(String deviceId, String user, String requestJson);

    /** GET /api/sync/changes; returns the answer JSON. */
    String changes(long since, int limit);

    /** GET /api/conflicts/{id}; returns the conflict JSON. */
    String conflict(String id);

    /** HEAD /api/attachments/{sha256}. */
    AttachmentState attachment(String sha256);

    /**
     * PUT /api/attachments/{sha256}: the file's bytes from {@code offset} to its end, streamed.
     * Returns what the server holds afterwards.
     */
    AttachmentState upload(String sha256, java.nio.file.Path file, long offset);
}
