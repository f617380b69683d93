package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;

/** The other records a record points at, which must exist when it is stored. */
final class RecordReferences {

    /** A pointer into the body and the record it must name. */
    record Reference(String field, RecordType type, String id) {
    }

    private RecordReferences() {
    }

    static List<Reference> of(RecordType type, JsonObject body) {
        return RecordLinks.of(type, body).stream()
                .map(link -> new Reference(link.field(), link.type(), link.id())).toList();
    }

    /**
     * The unit whose jurisdiction a record falls under: a unit is its own; a person belongs to
     * the unit of the post held now (no end date, else the latest begun).
     */
    static String primaryUnit(RecordType type, String id, JsonObject body) {
        return switch (type) {
            case UNIT -> id;
            case INSPECTION, HAZARD -> text(body, "unitId");
            case PLEDGE -> text(body.getAsJsonObject("signer"), "unitId");
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
        return best == null ? null : text(best, "unitId");
    }

    private static String rank(JsonObject position) {
        return (position.has("to") ? "0" : "1") + text(position, "from");
    }
}
