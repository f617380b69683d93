package cn.fieldsync.client;

/** The store's database failed: {@link StoreBusyException} or {@link StoreCorruptException}, or another SQL failure. */
public class StoreException extends FieldsyncException {

    public StoreException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }
}
