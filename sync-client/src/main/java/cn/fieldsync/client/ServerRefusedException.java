package cn.fieldsync.client;

/**
 * The server answered with a refusal: {@link #code()} is its error code (the server's ErrorCode
 * catalogue, e.g. {@code device_revoked}, {@code forbidden}), {@link #httpStatus()} the HTTP status.
 * {@link #retriable()} when the server was only unavailable for a moment (5xx, 429). The device's
 * outbox is kept whatever the refusal.
 */
public class ServerRefusedException extends FieldsyncException {

    private final int httpStatus;

    /**
     * @param httpStatus the HTTP status (e.g. 403), or 0 when the refusal came inside a 2xx answer
     * @param code       the server's error code, or null when the answer named none
     */
    public ServerRefusedException(String message, int httpStatus, String code, boolean retriable) {
        super(message, retriable, null, code);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the refusal, or 0 when not known. */
    public int httpStatus() {
        return httpStatus;
    }
}
