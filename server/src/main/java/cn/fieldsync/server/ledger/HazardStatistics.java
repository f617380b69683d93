package cn.fieldsync.server.ledger;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.domain.hazard.HazardLifecycle;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.record.Page;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a county's or a city's hidden dangers, as the statistics page shows them: counts by
 * grade, status, month found (in the server's zone) and unit; how many are overdue and how many
 * rectified, with the rates; and the dangers listed for supervision (挂牌督办) now. Computed from the
 * records the caller sees under the division-code prefix — never from anyone else's scope.
 *
 * <p>Rates are shares of all hidden dangers counted: 逾期率 = overdue / all (overdue as the ledger
 * says: past the deadline and not closed out, 安全生产法 art 102); 整改率 = rectified / all
 * ({@link HazardLifecycle#isRectified}: rectified, verified, assessed, resumption requested or
 * closed out). Codes stay codes in the answer; the console names them from the label catalogue.
 */
public final class HazardStatistics {

    private final RecordService records;

    public HazardStatistics(RecordService records) {
        this.records = records;
    }

    /**
     * {@code {"total","overdue","rectified","overdueRate","rectificationRate","byGrade":{code:n},
     * "byStatus":{code:n},"byMonth":{"2026-11":n},"byUnit":[{"unitId","name","total","overdue"}],
     * "listed":[{"id","unitId","unitName","description","grade","level","documentNumber","deadline","overdue"}]}};
     * rates are fractions 0..1 with 4 decimals (0 when there is no danger).
     */
    public JsonObject compute(Caller caller, String jurisdictionPrefix) {
        RecordFilter filter = new RecordFilter(null, jurisdictionPrefix, null, null, null, null, null, null);
        Map<String, Integer> byGrade = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byMonth = new TreeMap<>();
        Map<String, int[]> byUnit = new HashMap<>();
        Map<String, String> unitNames = new HashMap<>();
        JsonArray listed = new JsonArray();
        int total = 0;
        int overdue = 0;
        int rectified = 0;
        String cursor = null;
        do {
            Page<StoredRecord> page = records.list(caller, RecordType.HAZARD, filter, cursor, 500);
            for (StoredRecord hazard : page.items()) {
                JsonObject json = hazard.toJson();
                total++;
                boolean late = json.has("overdue") && json.get("overdue").getAsBoolean();
                overdue += late ? 1 : 0;
                String status = text(json, "status");
                rectified += isRectified(status) ? 1 : 0;
                byGrade.merge(text(json, "grade"), 1, Integer::sum);
                byStatus.merge(status, 1, Integer::sum);
                month(text(json, "foundAt")).ifPresent(m -> byMonth.merge(m, 1, Integer::sum));
                String unitId = text(json, "unitId");
                int[] unit = byUnit.computeIfAbsent(unitId, id -> new int[2]);
                unit[0]++;
                unit[1] += late ? 1 : 0;
                JsonObject listing = currentListing(json);
                if (listing != null) {
                    JsonObject item = new JsonObject();
                    item.addProperty("id", hazard.id());
                    item.addProperty("unitId", unitId);
                    item.addProperty("unitName", unitNames.computeIfAbsent(unitId, id -> unitName(caller, id)));
                    item.addProperty("description", text(json, "description"));
                    item.addProperty("grade", text(json, "grade"));
                    item.addProperty("level", text(listing, "level"));
                    item.addProperty("documentNumber", text(listing, "documentNumber"));
                    item.addProperty("deadline", text(json, "deadline"));
                    item.addProperty("overdue", late);
                    listed.add(item);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        JsonObject answer = new JsonObject();
        answer.addProperty("total", total);
        answer.addProperty("overdue", overdue);
        answer.addProperty("rectified", rectified);
        answer.addProperty("overdueRate", rate(overdue, total));
        answer.addProperty("rectificationRate", rate(rectified, total));
        answer.add("byGrade", counts(byGrade));
        answer.add("byStatus", counts(byStatus));
        answer.add("byMonth", counts(byMonth));
        JsonArray units = new JsonArray();
        byUnit.entrySet().stream().sorted((a, b) -> b.getValue()[0] - a.getValue()[0]).forEach(e -> {
            JsonObject unit = new JsonObject();
            unit.addProperty("unitId", e.getKey());
            unit.addProperty("name", unitNames.computeIfAbsent(e.getKey(), id -> unitName(caller, id)));
            unit.addProperty("total", e.getValue()[0]);
            unit.addProperty("overdue", e.getValue()[1]);
            units.add(unit);
        });
        answer.add("byUnit", units);
        answer.add("listed", listed);
        return answer;
    }

    private static boolean isRectified(String status) {
        try {
            return HazardLifecycle.isRectified(HazardStatus.valueOf(status));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The month a danger was found, in the server's zone (a danger found at 23:30 UTC is the next day in 东八区). */
    private java.util.Optional<String> month(String foundAt) {
        try {
            return java.util.Optional.of(YearMonth.from(OffsetDateTime.parse(foundAt).atZoneSameInstant(records.zone())).toString());
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static JsonObject currentListing(JsonObject hazard) {
        JsonElement events = hazard.get("supervisionListing");
        if (events == null || !events.isJsonArray() || events.getAsJsonArray().isEmpty()) {
            return null;
        }
        JsonObject last = events.getAsJsonArray().get(events.getAsJsonArray().size() - 1).getAsJsonObject();
        return "LISTED".equals(text(last, "event")) ? last : null;
    }

    private String unitName(Caller caller, String id) {
        try {
            return text(records.get(caller, RecordType.UNIT, id).body(), "name");
        } catch (RuntimeException e) {
            return "（单位不在您的辖区内）";
        }
    }

    private static double rate(int part, int whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    /** Counts by code as a JSON object, in the map's order. */
    public static JsonObject counts(Map<String, Integer> counts) {
        JsonObject json = new JsonObject();
        counts.forEach(json::addProperty);
        return json;
    }

    private static String text(JsonObject o, String name) {
        return JsonFields.textOr(o, name, "");
    }
}
