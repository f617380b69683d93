package cn.fieldsync.client;

import java.nio.file.Path;

/**
 * How the device reaches the server: the seam an app fills with its own HTTP client (OkHttp, a
 * certificate pin, a proxy). {@link #http(String)} is the default, on {@code HttpURLConnection}
 * (the JDK's and Android's). Each call is one request; every call but login and refresh carries
 * the bearer token given. An implementation:
 * <ul>
 *   <li>sends {@link SyncProtocol#HEADER}{@code : }{@link SyncProtocol#VERSION} on every request;</li>
 *   <li>answers the body of a 2xx answer (JSON text), and throws
 *       {@link SyncProtocol#refusal(int, String)} for any other (503 may be retried first: every
 *       request is safe to repeat);</li>
 *   <li>throws {@link ServerUnreachableException} when no answer came (I/O failure, timeout);</li>
 *   <li>is thread-safe, and blocks the calling thread (the library calls it off the UI thread).</li>
 * </ul>
 * Paths are relative to the server's address; see docs/protocol.md for the bodies.
 */
public interface SyncTransport {

    /** The default transport to a server ({@code http://} or {@code https://} address). */
    static SyncTransport http(String serverUrl) {
        return new cn.fieldsync.client.internal.HttpTransport(serverUrl);
    }

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
