package cn.fieldsync.server.record;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed responsibility pledge (责任书) is a commitment made on the day it was signed; 一案双查
 * reads it as evidence of what the leader undertook. Once it has a {@code signedAt} its content —
 * who signed, the period, the items, the day of signing — is fixed: rewriting it after an accident
 * would rewrite the evidence. Only its status may move on (SEALED with a seal, SUPERSEDED by a new
 * pledge); a correction is a new pledge that supersedes it.
 */
public final class SignedPledge {

    /** The fields fixed once the pledge is signed. */
    public static final List<String> FIXED = List.of("kind", "signer", "counterSigner", "period", "items", "signedAt", "supersedes");

    private SignedPledge() {
    }

    /** Why the change is refused, or empty when allowed. */
    public static Optional<String> refuseChange(JsonObject before, JsonObject after) {
        JsonElement signed = before.get("signedAt");
        if (signed == null || signed.isJsonNull()) {
            return Optional.empty();
        }
        for (String field : FIXED) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                return Optional.of(Labels.say("pledgeSigned", signed.getAsString(), PlainWords.fieldName(RecordType.PLEDGE, "/" + field),
                        Named.field("supersedes")));
            }
        }
        return Optional.empty();
    }
}
