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

    /** The device holds no record with this id (never pulled to it, another user's, or a never-synced record withdrawn). */
    public static FieldsyncException noRecord(String id) {
        return new FieldsyncException("本设备上没有记录 " + id + "：它从未同步到本设备，或是已撤回的未同步记录（见 fieldsync attention --withdrawn）"
                + " (no record " + id + " on this device)");
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
