package cn.fieldsync.client;

/**
 * Cancels a running {@link FieldStore#sync(SyncListener, CancellationToken)} from another thread
 * (the app going to the background, the user's "stop"). The sync stops before its next request
 * to the server (a request already on the wire finishes, or times out); what was done is kept and
 * the next sync resumes from there: the outbox keeps what was not answered, the pull cursor the
 * last whole page. The sync then throws {@link SyncCancelledException}. Interrupting the syncing
 * thread has the same effect. Thread-safe; one token may serve one sync or many.
 */
public final class CancellationToken {

    private volatile boolean cancelled;

    /** Asks the sync to stop; it returns soon after with {@link SyncCancelledException}. */
    public void cancel() {
        cancelled = true;
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * @throws SyncCancelledException when cancelled, or when the calling thread was interrupted
     *                                (its interrupt flag stays set)
     */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new SyncCancelledException("同步已取消，已完成的部分都已保存，下次同步继续 (sync cancelled; nothing was lost)", null);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new SyncCancelledException("同步被中断，已完成的部分都已保存，下次同步继续 (sync interrupted; nothing was lost)", null);
        }
    }

    /** A token nobody cancels (only an interrupt stops the sync). */
    public static CancellationToken none() {
        return new CancellationToken();
    }
}
