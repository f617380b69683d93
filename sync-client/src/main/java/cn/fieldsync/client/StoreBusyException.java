package cn.fieldsync.client;

/**
 * Another process held the store's database longer than the busy timeout (10 s): nothing was
 * written; try again. Always {@link #retriable()}.
 */
public class StoreBusyException extends StoreException {

    public StoreBusyException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
