package cn.fieldsync.client;

import com.google.gson.JsonObject;

/**
 * A conflict the server reported for one of this device's edits.
 *
 * @param fields {"field": {"base": .., "server": .., "device": ..}} when known
 * @param status OPEN until an administrator resolves it on the server
 */
public record LocalConflict(String id, String recordId, String opId, String status, JsonObject fields) {
}
