package cn.fieldsync.client;

/**
 * The store's database file is damaged, is not a store, or was written by a newer fieldsync.
 * Keep the directory as it is (it is evidence) and ask an administrator; do not delete it.
 */
public class StoreCorruptException extends StoreException {

    public StoreCorruptException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
