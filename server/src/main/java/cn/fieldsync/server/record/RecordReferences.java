package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The other records a record points at, which must exist when it is stored. */
final class RecordReferences {

    /** A pointer into the body and the record it must name. */
    record Reference(String field, RecordType type, String id) {
    }

    private RecordReferences() {
    }

    static List<Reference> of(RecordType type, JsonObject body) {
        List<Reference> refs = new ArrayList<>();
        switch (type) {
            case UNIT -> add(refs, "/supervisingUnitId", RecordType.UNIT, RecordRules.text(body, "supervisingUnitId"));
            case PERSON -> {
                JsonArray positions = body.getAsJsonArray("positions");
                for (int i = 0; i < positions.size(); i++) {
                    add(refs, "/positions/" + i + "/unitId", RecordType.UNIT,
                            RecordRules.text(positions.get(i).getAsJsonObject(), "unitId"));
                }
            }
            case INSPECTION -> {
                add(refs, "/unitId", RecordType.UNIT, RecordRules.text(body, "unitId"));
                add(refs, "/amends", RecordType.INSPECTION, RecordRules.text(body, "amends"));
            }
            case HAZARD -> {
                add(refs, "/unitId", RecordType.UNIT, RecordRules.text(body, "unitId"));
                add(refs, "/inspectionId", RecordType.INSPECTION, RecordRules.text(body, "inspectionId"));
            }
            case PLEDGE -> {
                add(refs, "/amends", RecordType.PLEDGE, RecordRules.text(body, "amends"));
                add(refs, "/signer/unitId", RecordType.UNIT, RecordRules.text(body.getAsJsonObject("signer"), "unitId"));
                if (body.has("counterSigner")) {
                    add(refs, "/counterSigner/unitId", RecordType.UNIT,
                            RecordRules.text(body.getAsJsonObject("counterSigner"), "unitId"));
                }
            }
            case ATTACHMENT, EVIDENCE_LINK -> {
            }
        }
        return refs;
    }

    /**
     * The unit whose jurisdiction a record falls under: a unit is its own; a person belongs to
     * the unit of the post held now (no end date, else the latest begun).
     */
    static String primaryUnit(RecordType type, String id, JsonObject body) {
        return switch (type) {
            case UNIT -> id;
            case INSPECTION, HAZARD -> RecordRules.text(body, "unitId");
            case PLEDGE -> RecordRules.text(body.getAsJsonObject("signer"), "unitId");
            case PERSON -> currentPositionUnit(body.getAsJsonArray("positions"));
            case ATTACHMENT, EVIDENCE_LINK -> null;
        };
    }

    private static String currentPositionUnit(JsonArray positions) {
        JsonObject best = null;
        for (var element : positions) {
            JsonObject position = element.getAsJsonObject();
            if (best == null || rank(position).compareTo(rank(best)) > 0) {
                best = position;
            }
        }
        return best == null ? null : RecordRules.text(best, "unitId");
    }

    private static String rank(JsonObject position) {
        return (position.has("to") ? "0" : "1") + RecordRules.text(position, "from");
    }

    private static void add(List<Reference> refs, String field, RecordType type, String id) {
        if (id != null) {
            refs.add(new Reference(field, type, id));
        }
    }
}
