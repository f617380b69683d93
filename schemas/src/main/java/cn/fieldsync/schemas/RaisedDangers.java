package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

import static cn.fieldsync.schemas.JsonFields.array;
import static cn.fieldsync.schemas.JsonFields.text;

/**
 * A checklist item and the hidden danger raised from it stay true to each other, checked the same
 * on the device (against the records it holds) and on the server (against the stored ones):
 *
 * <ul>
 *   <li>one danger per item: a second live danger naming the same inspection and
 *       {@code checklistItemCode} is refused ({@code item_has_danger}), whichever device or app
 *       sends it — the danger is evidence of one failed criterion, counted once;</li>
 *   <li>an inspection edit never takes away what a danger raised from it stands on: the item is
 *       kept, stays failed, stays of the inspected unit, and a forcesMajor item stays forcesMajor
 *       while its danger is MAJOR ({@code item_has_danger}; 安全生产法 art 118: the criteria of a
 *       重大事故隐患 are the State's, a failed one is a major danger).</li>
 * </ul>
 *
 * <p>The caller finds the dangers (live hazards naming the inspection); this class only reads
 * JSON. Pure Java on Gson, safe on Android API 26. Stateless; thread-safe.
 */
public final class RaisedDangers {

    /** A live hazard as the checker holds it: its id and body. */
    public record Danger(String id, JsonObject body) {
    }

    private RaisedDangers() {
    }

    /**
     * Refuses a danger raised from a checklist item another live danger was raised from already.
     *
     * @param hazardId the danger being written (left out of {@code others})
     * @param before   the danger before this write, or null for a new one
     * @param others   live hazards naming the same inspection (more may be passed; they are filtered)
     */
    public static Optional<RecordChecks.Refusal> secondFromItem(String hazardId, JsonObject before, JsonObject hazard,
                                                                List<Danger> others) {
        String inspectionId = text(hazard, "inspectionId");
        String code = text(hazard, "checklistItemCode");
        if (inspectionId == null || code == null) {
            return Optional.empty();
        }
        if (before != null && inspectionId.equals(text(before, "inspectionId")) && code.equals(text(before, "checklistItemCode"))) {
            // not newly raised from the item: a twin stored before this rule keeps its lifecycle
            return Optional.empty();
        }
        for (Danger other : others) {
            if (!other.id().equals(hazardId) && inspectionId.equals(text(other.body(), "inspectionId"))
                    && code.equals(text(other.body(), "checklistItemCode"))) {
                // by what it says, as the inspector knows it (a tester's finding: the id only)
                String description = text(other.body(), "description");
                String said = description == null ? "" : description.length() > 30 ? description.substring(0, 30) + "…" : description;
                return refuse("/checklistItemCode", Labels.say("itemHasDanger", code, other.id(), place(other.body()), said));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses an inspection edit that a danger raised from one of its items would no longer fit
     * ({@link RecordChecks#dangerFromInspection} read against the edited inspection), and one that
     * drops forcesMajor from the item of a MAJOR danger.
     *
     * @param inspectionId the inspection edited
     * @param before       the inspection before the edit, or null for a new one
     * @param raised       live hazards naming the inspection
     */
    public static Optional<RecordChecks.Refusal> inspectionEdit(String inspectionId, JsonObject before, JsonObject after,
                                                                List<Danger> raised) {
        for (Danger danger : raised) {
            String code = text(danger.body(), "checklistItemCode");
            if (!inspectionId.equals(text(danger.body(), "inspectionId"))) {
                continue;
            }
            Optional<RecordChecks.Refusal> broken = RecordChecks.dangerFromInspection(danger.body(), after);
            // a danger that did not fit before (a record older than this rule) does not lock the inspection
            if (broken.isPresent() && (before == null || !RecordChecks.dangerFromInspection(danger.body(), before).isPresent())) {
                String item = code == null ? "" : code;
                return refuse("/checklist", Labels.say("editBreaksDanger", item, danger.id(), place(danger.body()),
                        broken.get().message()));
            }
            if (code != null && before != null && "MAJOR".equals(text(danger.body(), "grade"))
                    && forcesMajor(item(before, code)) && !forcesMajor(item(after, code))) {
                return refuse("/checklist", Labels.say("forcesMajorKept", code, danger.id(), place(danger.body())));
            }
        }
        return Optional.empty();
    }

    /** The inspection's checklist item of that code, or null. */
    static JsonObject item(JsonObject inspection, String code) {
        JsonObject found = null;
        for (JsonElement element : array(inspection, "checklist")) {
            if (element instanceof JsonObject candidate && code.equals(text(candidate, "itemCode"))) {
                found = candidate;
            }
        }
        return found;
    }

    static boolean forcesMajor(JsonObject item) {
        return item != null && item.has("forcesMajor") && item.get("forcesMajor").isJsonPrimitive()
                && item.get("forcesMajor").getAsBoolean();
    }

    /** Where a danger is, as the inspector recognises it: its address, else the start of its description. */
    static String place(JsonObject hazard) {
        String address = hazard.get("location") instanceof JsonObject location ? text(location, "address") : null;
        if (address != null) {
            return address;
        }
        String description = text(hazard, "description");
        if (description == null) {
            return "";
        }
        return description.length() <= 30 ? description : description.substring(0, 30) + "…";
    }

    private static Optional<RecordChecks.Refusal> refuse(String pointer, String message) {
        return Optional.of(new RecordChecks.Refusal("item_has_danger", pointer, message));
    }
}
