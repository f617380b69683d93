package cn.fieldsync.client;

import java.time.Instant;

/**
 * @param lastSync           when the last sync round finished, or null
 * @param rejectedOperations operations the server ever refused for good (the device's log of refusals)
 * @param needsAttention     records whose refused changes wait for the inspector: fix and resend, or withdraw
 * @param waiting            records whose changes wait for an attachment, a linked record or the user's scope
 */
public record StoreStatus(String server, String deviceId, String deviceName, int pendingOperations, Instant lastSync,
                          int openConflicts, int rejectedOperations, long cursor, int needsAttention, int waiting) {
}
