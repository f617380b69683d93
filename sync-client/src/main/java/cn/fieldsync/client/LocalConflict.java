package cn.fieldsync.client;

import com.google.gson.JsonObject;

/**
 * A conflict the server reported for one of this device's edits.
 *
 * @param fields {"field": {"base": .., "server": .., "device": ..}} when known
 * @param status {@link #OPEN} until an administrator resolves it on the server ({@link #RESOLVED});
 *               {@link #OUT_OF_SCOPE} while its record is outside the user's scope (the server no longer
 *               shows the conflict to them; an administrator decides it; asked for again each sync)
 */
public record LocalConflict(String id, String recordId, String opId, String status, JsonObject fields) {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    public static final String OUT_OF_SCOPE = "OUT_OF_SCOPE";
}
