package cn.fieldsync.client;

/**
 * The server no longer speaks this library's sync protocol version (HTTP 426, code
 * {@code protocol_unsupported}): the app must be updated. Nothing was sent and nothing is lost:
 * the outbox stays on the device and goes out after the update.
 */
public class ProtocolUnsupportedException extends ServerRefusedException {

    public ProtocolUnsupportedException(String message, int httpStatus) {
        super(message, httpStatus, "protocol_unsupported", false);
    }
}
