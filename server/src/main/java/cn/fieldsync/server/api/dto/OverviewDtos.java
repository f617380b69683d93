package cn.fieldsync.server.api.dto;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * The shapes of the administrator's and reviewer's overview answers a resource assembles itself
 * ({@code /api/statistics}, {@code /api/admin/jurisdictions}). A {@code null} component is left
 * out; JSON a service builds (the hazard figures of {@code HazardStatistics}, the jurisdiction
 * rows of {@code RecordService}) is carried as it comes. Written by
 * {@link cn.fieldsync.server.dto.DtoJson}; described in {@code openapi.yml} (OpenApiShapesTest).
 */
public final class OverviewDtos {

    private OverviewDtos() {
    }

    /**
     * {@code GET /api/statistics}: the figures of the caller's scope, or of one division code's
     * prefix ({@code jurisdiction}); {@code cases} only for reviewers and administrators.
     */
    public record Statistics(String jurisdiction, JsonObject hazards, CaseFigures cases) {
    }

    /** Cases counted: all, overdue, by grade ({@code NONE} for a case that is not an accident) and by status. */
    public record CaseFigures(int total, int overdue, Map<String, Integer> byGrade, Map<String, Integer> byStatus) {
    }

    /** {@code GET /api/admin/jurisdictions}: {@code [{code, units, records}]}, by code. */
    public record Jurisdictions(JsonArray items) {
    }
}
