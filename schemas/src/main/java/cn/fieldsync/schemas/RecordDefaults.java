package cn.fieldsync.schemas;

import com.google.gson.JsonObject;

/**
 * What a new record may leave out and gets filled in, the same on the device and on the server
 * (so both see the same record): the first status of its lifecycle.
 */
public final class RecordDefaults {

    private RecordDefaults() {
    }

    public static void apply(RecordType type, JsonObject body) {
        if (body.has("status")) {
            return;
        }
        switch (type) {
            case HAZARD -> body.addProperty("status", "REGISTERED");
            case INSPECTION, PLEDGE -> body.addProperty("status", "DRAFT");
            default -> {
            }
        }
    }
}
