package cn.fieldsync.client;

/**
 * Where a record stands between the device and the server, as the inspector's list shows it.
 * When several hold, the first in this order is the record's state: a refusal waits for the
 * inspector before anything else.
 */
public enum RecordState {
    /** The server refused a change for good: fix it ({@link FieldStore#edit}) and {@link FieldStore#resend}, or {@link FieldStore#withdraw}. */
    NEEDS_ATTENTION,
    /** The server holds a conflict over one of the device's changes until an administrator decides it. */
    IN_CONFLICT,
    /** A change waits for a file (a photo, a signature) to reach the server; sent again at every sync. */
    WAITING_FOR_FILE,
    /** Changes wait to be sent (or wait for a linked record or the user's scope): sent at the next sync. */
    PENDING,
    /** The server holds the device's version: nothing waits. */
    SYNCED
}
