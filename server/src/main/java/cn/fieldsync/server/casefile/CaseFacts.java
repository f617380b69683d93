package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.casefile.AccidentReporting;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.schemas.JsonFields.textOr;

/**
 * The further facts of a case kept as JSON in {@code case_file.facts} (V12): for an accident the
 * missing and the poisoned (493号令 arts 3, 12), the sector (art 13's window), the report times
 * (art 9), casualty changes, the 批复 and its extension (art 32), marks of 迟报/漏报/谎报/瞒报
 * (arts 35, 36, 39), 事故性质; for every case its supervising units with their kind.
 */
final class CaseFacts {

    /** 属地, 行业主管, 应急管理部门, 纪委监委: the bodies whose duty a leadership track examines. */
    static final List<String> SUPERVISOR_KINDS = List.of("TERRITORIAL", "INDUSTRY", "EMERGENCY_MANAGEMENT", "DISCIPLINE_COMMISSION");
    /** 责任事故 (someone's fault; 安全生产法 art 87's 责任追究 follows), 非责任事故, or not yet determined. */
    static final List<String> NATURES = List.of("LIABILITY", "NON_LIABILITY", "UNDETERMINED");

    private final ZoneId zone;

    CaseFacts(ZoneId zone) {
        this.zone = zone;
    }

    /** The facts given when a case is opened; refused when malformed or out of order. */
    JsonObject opening(JsonObject request, JsonObject event, String kind, OffsetDateTime at) {
        JsonObject facts = new JsonObject();
        facts.add("supervisors", supervisors(request));
        if (!kind.equals("ACCIDENT")) {
            return facts;
        }
        facts.addProperty("missing", CaseJson.count(event, "missing", "/event/missing"));
        facts.addProperty("poisoned", CaseJson.count(event, "poisoned", "/event/poisoned"));
        String sector = textOr(event, "sector", "OTHER"); // null reads as not given, as everywhere
        try {
            AccidentReporting.Sector.valueOf(sector);
        } catch (IllegalArgumentException e) {
            throw invalid("/event/sector", Labels.say("caseSector", Labels.named("accidentSectors",
                    Arrays.asList(AccidentReporting.Sector.values()))));
        }
        facts.addProperty("sector", sector);
        String nature = textOr(event, "nature", "UNDETERMINED");
        if (!NATURES.contains(nature)) {
            throw CaseJson.notOneOf("/event/nature", "accidentNatures", NATURES);
        }
        facts.addProperty("nature", nature);
        OffsetDateTime known = optionalTime(event, "knownAt");
        OffsetDateTime reported = optionalTime(event, "reportedAt");
        reportTimes(facts, at, known, reported);
        facts.add("marks", new JsonArray());
        facts.add("casualtyChanges", new JsonArray());
        return facts;
    }

    /**
     * Records art 9's report times: when the unit's person in charge learned of the accident and
     * when it was reported to the regulators; refused out of order. Either may be null (kept as is).
     */
    static void reportTimes(JsonObject facts, OffsetDateTime at, OffsetDateTime known, OffsetDateTime reported) {
        OffsetDateTime knownNow = known != null ? known
                : facts.has("knownAt") ? OffsetDateTime.parse(facts.get("knownAt").getAsString()) : null;
        if (knownNow != null && knownNow.isBefore(at)) {
            throw invalid("/event/knownAt", Labels.say("caseKnownBeforeAccident", knownNow, at));
        }
        OffsetDateTime reportedNow = reported != null ? reported
                : facts.has("reportedAt") ? OffsetDateTime.parse(facts.get("reportedAt").getAsString()) : null;
        if (reportedNow != null && reportedNow.isBefore(knownNow != null ? knownNow : at)) {
            throw invalid("/event/reportedAt", knownNow != null ? Labels.say("caseReportedBeforeKnown", reportedNow, knownNow)
                    : Labels.say("caseReportedBeforeAccident", reportedNow, at));
        }
        if (known != null) {
            facts.addProperty("knownAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(known));
        }
        if (reported != null) {
            facts.addProperty("reportedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(reported));
        }
    }

    /** Art 9's times from a request ({@code knownAt}, {@code reportedAt}), in the server's zone. */
    OffsetDateTime optionalTime(JsonObject o, String name) {
        return text(o, name) != null ? dateTime(o, name) : null; // null reads as not given
    }

    /** The accident's grade, counting the missing with the dead and acute poisoning with serious injuries. */
    static AccidentGrade grade(int deaths, int seriousInjuries, BigDecimal loss, JsonObject facts) {
        return figures(deaths, seriousInjuries, loss, facts).grade();
    }

    static AccidentReporting.Figures figures(int deaths, int seriousInjuries, BigDecimal loss, JsonObject facts) {
        return new AccidentReporting.Figures(deaths, intOf(facts, "missing"), seriousInjuries, intOf(facts, "poisoned"), loss);
    }

    static List<String> supervisorIds(JsonObject facts) {
        List<String> ids = new ArrayList<>();
        if (facts.has("supervisors")) {
            facts.getAsJsonArray("supervisors").forEach(e -> ids.add(e.getAsJsonObject().get("unitId").getAsString()));
        }
        return ids;
    }

    static int intOf(JsonObject facts, String name) {
        return facts != null && facts.has(name) ? facts.get(name).getAsInt() : 0;
    }

    private static JsonArray supervisors(JsonObject request) {
        JsonArray out = new JsonArray();
        JsonElement list = request.get("supervisors");
        if (list == null) {
            return out;
        }
        if (!list.isJsonArray() || list.getAsJsonArray().size() > 20) {
            throw invalid("/supervisors", Labels.say("caseSupervisorsList"));
        }
        int i = 0;
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw invalid("/supervisors/" + i, Labels.say("caseSupervisorEntry", i + 1));
            }
            String unitId = text(e.getAsJsonObject(), "unitId");
            String kind = text(e.getAsJsonObject(), "kind");
            if (unitId == null || !Uuids.isCanonical(unitId)) {
                throw invalid("/supervisors/" + i + "/unitId", Labels.say("caseSupervisorUnit", i + 1));
            }
            if (kind == null || !SUPERVISOR_KINDS.contains(kind)) { // List.of(..).contains(null) throws
                throw invalid("/supervisors/" + i + "/kind", Labels.say("caseSupervisorKind", i + 1,
                        Labels.named("supervisorKinds", SUPERVISOR_KINDS)));
            }
            JsonObject s = new JsonObject();
            s.addProperty("unitId", unitId);
            s.addProperty("kind", kind);
            out.add(s);
            i++;
        }
        return out;
    }

    private OffsetDateTime dateTime(JsonObject o, String name) {
        try {
            return OffsetDateTime.parse(text(o, name)).atZoneSameInstant(zone).toOffsetDateTime();
        } catch (DateTimeParseException | NullPointerException e) {
            throw invalid("/event/" + name, Labels.say("caseDateTime", CaseJson.fieldName(name), CaseJson.quoted(text(o, name))));
        }
    }


    private static FieldsyncException invalid(String field, String message) {
        return new FieldsyncException(ErrorCode.INVALID_CASE, field, message);
    }
}
