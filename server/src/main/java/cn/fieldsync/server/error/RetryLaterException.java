package cn.fieldsync.server.error;

/**
 * A refusal that ends by itself: the answer carries {@code Retry-After} (RFC 9110 §10.2.3), in
 * whole seconds, besides the problem document.
 */
public class RetryLaterException extends FieldsyncException {

    private final long retryAfterSeconds;

    public RetryLaterException(ErrorCode code, String message, long retryAfterSeconds) {
        super(code, null, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds until the same request may succeed, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
