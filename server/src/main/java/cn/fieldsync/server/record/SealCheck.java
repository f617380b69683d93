package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.security.PublicKey;
import java.util.List;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Seals on the server: a record written as SEALED must carry a seal that holds against the key
 * its device enrolled; a sealed record takes no further change; every read says whether the
 * stored record still matches its seal.
 */
final class SealCheck {

    static final Set<RecordType> SEALABLE = Set.of(RecordType.INSPECTION, RecordType.PLEDGE);

    private SealCheck() {
    }

    static boolean isSealed(JsonObject body) {
        return "SEALED".equals(text(body, "status"));
    }

    /**
     * Refuses a change of a sealed record, but for the one thing done after sealing: the report
     * of a refusal to sign to the department (安全生产法 art 68), added once and outside the seal.
     */
    static void refuseChangeOf(RecordType type, String id, JsonObject before, JsonObject after) {
        if (SEALABLE.contains(type) && isSealed(before) && !addsOnlyRefusalReport(before, after)) {
            throw new FieldsyncException(ErrorCode.SEALED, null, cn.fieldsync.schemas.Labels.say("sealed",
                    cn.fieldsync.schemas.Labels.name("recordTypes", type.wireName()), id));
        }
    }

    private static boolean addsOnlyRefusalReport(JsonObject before, JsonObject after) {
        if (before.has("refusalReport") || !after.has("refusalReport") || !before.has("refusalToSign")) {
            return false;
        }
        JsonObject without = after.deepCopy();
        without.remove("refusalReport");
        return without.equals(before);
    }

    /** Refuses a record that claims a seal that does not hold. */
    static void check(EntityManager em, RecordType type, JsonObject body) {
        if (!SEALABLE.contains(type) || !(isSealed(body) || body.has("seal"))) {
            return;
        }
        if (!isSealed(body) || !body.has("seal")) {
            throw new FieldsyncException(ErrorCode.INVALID_SEAL, "/seal", sealedNeedsBoth());
        }
        Sealing.Flaw flaw = Sealing.flaw(body, keyOf(em, body));
        if (flaw != null) {
            String why = switch (flaw) {
                case NO_SEAL -> sealedNeedsBoth();
                case CONTENT_CHANGED -> cn.fieldsync.schemas.Labels.say("sealContentChanged", Sealing.hash(body));
                case KEY_UNKNOWN -> cn.fieldsync.schemas.Labels.say("sealKeyUnknown");
                case WRONG_SIGNATURE -> cn.fieldsync.schemas.Labels.say("sealSignatureWrong");
            };
            throw new FieldsyncException(ErrorCode.INVALID_SEAL, "/seal", why);
        }
    }

    /** Whether a stored record still matches its seal; null when it has none. */
    static Boolean verified(EntityManager em, RecordType type, JsonObject body) {
        if (!SEALABLE.contains(type) || !body.has("seal")) {
            return null;
        }
        return Sealing.flaw(body, keyOf(em, body)) == null;
    }

    private static PublicKey keyOf(EntityManager em, JsonObject body) {
        JsonObject seal = body.getAsJsonObject("seal");
        String deviceId = seal.has("deviceId") ? seal.get("deviceId").getAsString() : null;
        if (deviceId == null) {
            return null;
        }
        // by SQL, not by the sync package's entity: records know devices only as seal keys
        List<?> keys = em.createNativeQuery("SELECT public_key FROM device WHERE id = ?1")
                .setParameter(1, deviceId).getResultList();
        Object key = keys.isEmpty() ? null : keys.getFirst();
        try {
            return key == null ? null : Sealing.publicKey(key.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String sealedNeedsBoth() {
        return cn.fieldsync.schemas.Labels.say("sealedNeedsBoth", "SEALED", cn.fieldsync.server.error.Named.field("seal"));
    }
}
