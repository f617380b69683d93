package cn.fieldsync.client;

/**
 * A failure the user should read: bad input, a record that does not exist, a server that
 * refused or could not be reached. The message is one line.
 */
public class FieldsyncException extends RuntimeException {

    private final boolean retriable;
    private final String code;

    public FieldsyncException(String message) {
        this(message, false, null);
    }

    public FieldsyncException(String message, boolean retriable, Throwable cause) {
        this(message, retriable, cause, null);
    }

    public FieldsyncException(String message, boolean retriable, Throwable cause, String code) {
        super(message, cause);
        this.retriable = retriable;
        this.code = code;
    }

    /** True when trying again later may work (network down, server restarting). */
    public boolean retriable() {
        return retriable;
    }

    /** The server's error code (its catalogue: "token_expired", "device_revoked", ...), or null. */
    public String code() {
        return code;
    }
}
