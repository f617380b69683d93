package cn.fieldsync.client;

/**
 * A failure the user should read. The message is one line, Chinese first where an inspector
 * reads it. What went wrong is told by the subclass, never by the message text:
 * <ul>
 *   <li>{@link InputRefusedException}: the input or the store's state refuses the call (an
 *       invalid record, an unknown id, a sealed record, a store not initialised);</li>
 *   <li>{@link ServerUnreachableException}: no answer from the server (network down, timeout);</li>
 *   <li>{@link ServerRefusedException}: the server answered with a refusal ({@link #code()} is its
 *       error code); {@link ProtocolUnsupportedException} when this library is too old for it;</li>
 *   <li>{@link SessionEndedException}: the device must log in again;</li>
 *   <li>{@link StoreBusyException}, {@link StoreCorruptException} (both {@link StoreException}):
 *       the store's database is held by someone else too long, or damaged;</li>
 *   <li>{@link SyncCancelledException}: the caller cancelled a sync (nothing was lost).</li>
 * </ul>
 * Unchecked: every public method of {@link FieldStore} may throw one, as its javadoc says.
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
    public static InputRefusedException noRecord(String id) {
        return new InputRefusedException("本设备上没有记录 " + id + "：它从未同步到本设备，或是已撤回的未同步记录（撤回的记录仍完整保留在本设备的“已撤回的记录”中）"
                + " (no record " + id + " on this device)", "no_record");
    }

    /** True when trying again later may work (network down, server restarting, store busy). */
    public boolean retriable() {
        return retriable;
    }

    /**
     * The server's error code (its catalogue: "token_expired", "device_revoked", ...) or a device
     * code ("no_record", "invalid_record"), or null.
     */
    public String code() {
        return code;
    }
}
