package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.domain.hazard.HazardRecord;
import cn.fieldsync.domain.hazard.HazardRules;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.domain.hazard.LifecycleRefusal;
import cn.fieldsync.domain.hazard.ListingLevel;
import cn.fieldsync.domain.hazard.Overdue;
import cn.fieldsync.schemas.HazardDocuments;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordChecks;
import cn.fieldsync.schemas.RecordDefaults;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.WireTimes;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static cn.fieldsync.schemas.JsonFields.array;
import static cn.fieldsync.schemas.JsonFields.text;

/**
 * The domain rules a record must keep beyond its schema, applied to schema-valid bodies. The
 * rules themselves live in {@code cn.fieldsync.domain} (hazards) and {@link InspectionSignatures}
 * (安全生产法 art 68); this class reads them out of JSON. See docs/hazards.md.
 */
public final class RecordRules {

    private RecordRules() {
    }

    /** Fills in what a new record may leave out: the first status of its lifecycle. */
    static void applyDefaults(RecordType type, JsonObject body) {
        RecordDefaults.apply(type, body);
    }

    /**
     * @param now      the server's clock (a time recorded on site lies before it, within
     *                 {@link RecordChecks#ALLOWED_CLOCK_SKEW})
     * @param anyLevel the writer may record a 挂牌督办 listing at any level (an administrator)
     */
    static void checkNew(RecordType type, JsonObject body, ZoneId zone, Instant now, HazardPolicy policy,
                         int minInspectors, boolean anyLevel) {
        refuseShared(RecordChecks.dates(type, body, now, zone));
        refuseShared(RecordChecks.content(type, null, body, now, zone));
        if (type == RecordType.HAZARD) {
            refuseIf(HazardRules.checkNew(hazard(body, zone), LocalDate.ofInstant(now, zone), policy, anyLevel));
        } else if (type == RecordType.INSPECTION) {
            checkInspection(body, minInspectors);
        }
    }

    static void checkChange(RecordType type, JsonObject before, JsonObject after, ZoneId zone, Instant now,
                            HazardPolicy policy, int minInspectors, boolean anyLevel) {
        refuseShared(RecordChecks.dates(type, after, now, zone));
        refuseShared(RecordChecks.content(type, before, after, now, zone));
        if (type == RecordType.HAZARD) {
            refuseIf(HazardRules.checkChange(hazard(before, zone), hazard(after, zone), LocalDate.ofInstant(now, zone), policy, anyLevel));
        } else if (type == RecordType.INSPECTION) {
            checkInspection(after, minInspectors);
        }
    }

    /**
     * A danger raised in an inspection ({@link RecordChecks#dangerFromInspection}, the rule the
     * device applies before it saves): the inspection is of the danger's unit; a checklist item
     * named is one of its items, failed, and a failed forcesMajor item yields a MAJOR danger.
     *
     * @param inspection the stored inspection named by inspectionId, or null when none is named
     */
    static void checkDangerFromInspection(JsonObject hazard, JsonObject inspection) {
        refuseShared(RecordChecks.dangerFromInspection(hazard, inspection));
    }

    /**
     * The refusals of a record's schema and lifecycle rules — what a record is, not who may write it
     * nor what is sealed, signed or kept: a merge that breaks one only by applying part of an edit
     * holds the edit whole, and a conflict resolution that breaks one is refused as invalid_resolution.
     */
    public static final java.util.Set<ErrorCode> RULE_REFUSALS = java.util.EnumSet.of(ErrorCode.ILLEGAL_TRANSITION,
            ErrorCode.STEP_NOT_RECORDED, ErrorCode.STATUS_NOT_OF_GRADE, ErrorCode.DATE_OUT_OF_ORDER, ErrorCode.TREATMENT_PLAN_INCOMPLETE,
            ErrorCode.DEADLINE_REQUIRED, ErrorCode.EXTENSION_REQUIRED, ErrorCode.INVALID_RECORD, ErrorCode.GRADE_CHANGE_NOT_ALLOWED,
            ErrorCode.GRADE_MUST_BE_MAJOR, ErrorCode.LISTING_REFUSED);

    /**
     * What a record must be on its own, whatever it was before: a hidden danger's status with what
     * that status needs recorded, its dates and its histories in order ({@code HazardRules.checkState}).
     */
    static void checkState(RecordType type, JsonObject after, ZoneId zone, Instant now) {
        if (type == RecordType.HAZARD) {
            refuseIf(HazardRules.checkState(hazard(after, zone), LocalDate.ofInstant(now, zone)));
        }
    }

    /**
     * What holds even for an administrator's conflict resolution, which may put a status back:
     * append-only histories stay whole.
     */
    static void checkHistoryKept(RecordType type, JsonObject before, JsonObject after) {
        if (type != RecordType.HAZARD) {
            return;
        }
        for (String field : List.of("supervisionListing", "extensions", "reinspections")) {
            JsonArray was = array(before, field);
            JsonArray now = array(after, field);
            boolean prefix = now.size() >= was.size();
            for (int i = 0; prefix && i < was.size(); i++) {
                prefix = was.get(i).equals(now.get(i));
            }
            if (!prefix) {
                throw new FieldsyncException(ErrorCode.APPEND_ONLY, "/" + field, Labels.say("appendOnly", Labels.name("fields", field)));
            }
        }
    }

    /**
     * An inspection (its dates are {@link RecordChecks#dates}): a sealed record carries the
     * signatures art 68 needs; a refusal report follows the refusal.
     */
    private static void checkInspection(JsonObject body, int minInspectors) {
        if ("SEALED".equals(text(body, "status"))) {
            String[] problem = InspectionSignatures.problem(body, minInspectors);
            if (problem != null) {
                throw new FieldsyncException(ErrorCode.SIGNATURES_INCOMPLETE, problem[0], problem[1]);
            }
        }
        if (body.has("refusalReport")) {
            if (!body.has("refusalToSign")) {
                throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/refusalReport", Labels.say("refusalReportWithoutRefusal"));
            }
            OffsetDateTime refused = WireTimes.offsetDateTime(text(body.getAsJsonObject("refusalToSign"), "recordedAt"));
            OffsetDateTime reported = WireTimes.offsetDateTime(text(body.getAsJsonObject("refusalReport"), "reportedAt"));
            if (reported.isBefore(refused)) {
                throw new FieldsyncException(ErrorCode.DATE_OUT_OF_ORDER, "/refusalReport/reportedAt",
                        "报告时间 " + reported + " 早于拒签记录时间 " + refused);
            }
        }
    }

    /**
     * The level a hazard is listed for supervision at (挂牌督办): the last listing event, unless
     * a de-listing followed it; null when not listed.
     */
    static String listedLevel(JsonObject body) {
        String level = null;
        for (JsonElement event : array(body, "supervisionListing")) {
            JsonObject e = event.getAsJsonObject();
            level = "LISTED".equals(text(e, "event")) ? text(e, "level") : null;
        }
        return level;
    }

    /**
     * A listed hazard past its deadline escalates: supervision moves {@code steps} levels up
     * (county to city, city to province, province to the State Council). Null when there is
     * nothing to escalate, and for a State Council listing, which has no body above it.
     */
    static String escalation(String listedLevel, boolean overdue, int steps) {
        if (listedLevel == null || !overdue) {
            return null;
        }
        ListingLevel to = ListingLevel.valueOf(listedLevel).escalatedBy(steps);
        return to == null ? null : to.name();
    }

    static Boolean overdue(RecordType type, JsonObject body, LocalDate today) {
        return type != RecordType.HAZARD ? null : overdue(text(body, "deadline"), text(body, "status"), today);
    }

    static boolean overdue(String deadline, String status, LocalDate today) {
        return Overdue.isOverdue(deadline == null ? null : WireTimes.localDate(deadline),
                HazardStatus.valueOf(status), today);
    }

    private static void refuseIf(Optional<LifecycleRefusal> refusal) {
        refusal.ifPresent(r -> {
            throw new FieldsyncException(codeOf(r.reason()), "/" + r.field(), r.message());
        });
    }

    /** A shared rule's refusal, answered with the error code it names (the codes are the catalogue's wire names). */
    public static void refuseShared(Optional<RecordChecks.Refusal> refusal) {
        refusal.ifPresent(r -> {
            ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(r.code())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no error code " + r.code()));
            throw new FieldsyncException(code, r.pointer(), r.message());
        });
    }

    static ErrorCode codeOf(LifecycleRefusal.Reason reason) {
        return switch (reason) {
            case ILLEGAL_TRANSITION -> ErrorCode.ILLEGAL_TRANSITION;
            case STATUS_NOT_OF_GRADE -> ErrorCode.STATUS_NOT_OF_GRADE;
            case TREATMENT_PLAN_INCOMPLETE -> ErrorCode.TREATMENT_PLAN_INCOMPLETE;
            case GRADE_CHANGE_AFTER_REGISTRATION -> ErrorCode.GRADE_CHANGE_NOT_ALLOWED;
            case DEADLINE_REQUIRED -> ErrorCode.DEADLINE_REQUIRED;
            case DATE_OUT_OF_ORDER -> ErrorCode.DATE_OUT_OF_ORDER;
            case STEP_NOT_RECORDED -> ErrorCode.STEP_NOT_RECORDED;
            case EXTENSION_REQUIRED -> ErrorCode.EXTENSION_REQUIRED;
            case APPEND_ONLY -> ErrorCode.APPEND_ONLY;
            case LISTING_REFUSED -> ErrorCode.LISTING_REFUSED;
            case LISTING_NOT_PERMITTED -> ErrorCode.LISTING_NOT_PERMITTED;
            case GRADE_MUST_BE_MAJOR -> ErrorCode.GRADE_MUST_BE_MAJOR;
        };
    }

    /**
     * A hazard's JSON as the rules read it; dates of date-times are days in the zone. Public for
     * the case engine, which reads a danger's deadline and closure as of the event day.
     */
    public static HazardRecord hazard(JsonObject body, ZoneId zone) {
        return HazardDocuments.read(body, zone);
    }
}
