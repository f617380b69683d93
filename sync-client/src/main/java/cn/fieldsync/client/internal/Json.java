package cn.fieldsync.client.internal;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

/** Reading JSON objects the device did not just type: its own store's, or the server's answers. */
public final class Json {

    private Json() {
    }

    /** What this device stored; damage here is not something a retry mends. */
    public static JsonObject fromStore(String json) {
        try {
            return StrictJson.parseObject(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw new cn.fieldsync.client.StoreCorruptException("the store holds damaged JSON: " + e.getMessage(), e);
        }
    }

    /** What the server answered; a garbled answer may be a proxy or a cut connection, so it is retriable. */
    public static JsonObject fromServer(String json) {
        try {
            return StrictJson.parseObject(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw garbled(e);
        }
    }

    /** The failure of an answer of the server that is not JSON: retriable (a proxy, a cut connection). */
    static cn.fieldsync.client.ServerUnreachableException garbled(StrictJson.MalformedJsonException e) {
        return new cn.fieldsync.client.ServerUnreachableException("the server answered something that is not JSON (a proxy or a cut connection?): "
                + e.getMessage() + "; nothing was lost, sync again", e);
    }
}
