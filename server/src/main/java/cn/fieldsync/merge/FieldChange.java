package cn.fieldsync.merge;

import com.google.gson.JsonElement;

/**
 * One field both sides changed to different values: the merge kept the server's and holds the
 * three for an administrator. A value is null where the field was absent.
 */
public record FieldChange(String field, JsonElement base, JsonElement server, JsonElement device) {
}
