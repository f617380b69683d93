package cn.fieldsync.client;

/**
 * A failure the user should read: bad input, a record that does not exist, a server that
 * refused or could not be reached. The message is one line.
 */
public class FieldsyncException extends RuntimeException {

    private final boolean retriable;

    public FieldsyncException(String message) {
        this(message, false, null);
    }

    public FieldsyncException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** True when trying again later may work (network down, server restarting). */
    public boolean retriable() {
        return retriable;
    }
}
