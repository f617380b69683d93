package cn.fieldsync.client;

/**
 * The caller cancelled a sync ({@link CancellationToken#cancel()} or an interrupt of the syncing
 * thread). What was done is kept: operations the server had answered are settled, the rest stay
 * in the outbox, the pull cursor stays at the last whole page; the next sync goes on from there.
 */
public class SyncCancelledException extends FieldsyncException {

    public SyncCancelledException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
