package cn.fieldsync.client;

import java.time.Instant;

/**
 * @param lastSync when the last sync round finished, or null
 */
public record StoreStatus(String server, String deviceId, String deviceName, int pendingOperations, Instant lastSync,
                          int openConflicts, int rejectedOperations, long cursor) {
}
