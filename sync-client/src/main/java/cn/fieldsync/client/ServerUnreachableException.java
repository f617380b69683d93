package cn.fieldsync.client;

/**
 * No usable answer from the server: no network, a timeout, a cut connection, or something in
 * between answering instead (a captive portal's page). Nothing was lost: the outbox is kept and
 * the next sync goes on where this one stopped. Always {@link #retriable()}.
 */
public class ServerUnreachableException extends FieldsyncException {

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
