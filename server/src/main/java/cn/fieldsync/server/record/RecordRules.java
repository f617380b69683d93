package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardGrade;
import cn.fieldsync.domain.hazard.HazardLifecycle;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.domain.hazard.LifecycleRefusal;
import cn.fieldsync.domain.hazard.TreatmentPlan;
import cn.fieldsync.schemas.RecordDefaults;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The domain rules a record must keep beyond its schema, applied to schema-valid bodies. The
 * rules themselves live in {@code cn.fieldsync.domain}; this class reads them out of JSON.
 */
final class RecordRules {

    private RecordRules() {
    }

    /** Fills in what a new record may leave out: the first status of its lifecycle. */
    static void applyDefaults(RecordType type, JsonObject body) {
        RecordDefaults.apply(type, body);
    }

    static void checkNew(RecordType type, JsonObject body) {
        if (type == RecordType.HAZARD) {
            refuseIf(HazardLifecycle.checkState(grade(body), status(body), plan(body)));
        }
    }

    static void checkChange(RecordType type, JsonObject before, JsonObject after) {
        if (type == RecordType.HAZARD) {
            refuseIf(HazardLifecycle.checkChange(grade(before), status(before), grade(after), status(after), plan(after)));
        }
    }

    private static final java.util.List<String> LEVELS = java.util.List.of("COUNTY", "CITY", "PROVINCE", "STATE_COUNCIL");

    /**
     * The level a hazard is listed for supervision at (挂牌督办): the last listing event, unless
     * a de-listing followed it; null when not listed.
     */
    static String listedLevel(JsonObject body) {
        String level = null;
        if (body.has("supervisionListing") && body.get("supervisionListing").isJsonArray()) {
            for (var event : body.getAsJsonArray("supervisionListing")) {
                JsonObject e = event.getAsJsonObject();
                level = "LISTED".equals(text(e, "event")) ? text(e, "level") : null;
            }
        }
        return level;
    }

    /**
     * A listed hazard past its deadline escalates: supervision moves one level up (county to
     * city, city to province, province to the State Council). Null when there is nothing to escalate.
     */
    static String escalation(String listedLevel, boolean overdue) {
        if (listedLevel == null || !overdue) {
            return null;
        }
        int at = LEVELS.indexOf(listedLevel);
        return LEVELS.get(Math.min(at + 1, LEVELS.size() - 1));
    }

    static Boolean overdue(RecordType type, JsonObject body, LocalDate today) {
        return type != RecordType.HAZARD ? null : overdue(text(body, "deadline"), text(body, "status"), today);
    }

    static boolean overdue(String deadline, String status, LocalDate today) {
        return cn.fieldsync.domain.hazard.Overdue.isOverdue(deadline == null ? null : LocalDate.parse(deadline),
                HazardStatus.valueOf(status), today);
    }

    private static void refuseIf(Optional<LifecycleRefusal> refusal) {
        refusal.ifPresent(r -> {
            throw new FieldsyncException(codeOf(r.reason()), "/" + r.field(), r.message());
        });
    }

    private static ErrorCode codeOf(LifecycleRefusal.Reason reason) {
        return switch (reason) {
            case ILLEGAL_TRANSITION -> ErrorCode.ILLEGAL_TRANSITION;
            case STATUS_NOT_OF_GRADE -> ErrorCode.STATUS_NOT_OF_GRADE;
            case TREATMENT_PLAN_INCOMPLETE -> ErrorCode.TREATMENT_PLAN_INCOMPLETE;
            case GRADE_CHANGE_AFTER_REGISTRATION -> ErrorCode.GRADE_CHANGE_NOT_ALLOWED;
        };
    }

    private static HazardGrade grade(JsonObject body) {
        return HazardGrade.valueOf(text(body, "grade"));
    }

    private static HazardStatus status(JsonObject body) {
        return HazardStatus.valueOf(text(body, "status"));
    }

    private static TreatmentPlan plan(JsonObject body) {
        if (!body.has("treatmentPlan")) {
            return TreatmentPlan.NONE;
        }
        JsonObject plan = body.getAsJsonObject("treatmentPlan");
        return new TreatmentPlan(text(plan, "objectivesAndTasks"), text(plan, "methodsAndMeasures"),
                text(plan, "fundsAndMaterials"), text(plan, "responsibleBodyAndPeople"), text(plan, "timeLimit"),
                text(plan, "safetyAndEmergencyMeasures"));
    }

    static String text(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
