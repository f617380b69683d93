package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;

import java.time.Instant;

/**
 * A record whose pending work did not reach the server, and why: every operation an inspector
 * makes ends applied on the server, held in a conflict an administrator sees, or here.
 *
 * @param kind       {@link Kind#NEEDS_ACTION}: refused for good — fix it ({@code edit}) and
 *                   {@code resend}, or {@code withdraw} it; {@link Kind#WAITING}: sent again at
 *                   every sync until what it waits for arrives
 * @param code       the server's error code, or a device code of {@link Reasons}
 * @param reason     why, in Chinese, with the server's details
 * @param operations how many of the device's operations on the record wait
 * @param since      when this was first noted
 */
public record AttentionItem(String recordId, RecordType type, String summary, Kind kind, String code, String reason,
                            int operations, Instant since) {

    /** What the inspector has to do. */
    public enum Kind {
        /** The server refused the change for good: the inspector fixes and resends it, or withdraws it. */
        NEEDS_ACTION,
        /** The change waits (an attachment, a linked record, the user's scope) and is sent again at each sync. */
        WAITING
    }
}
