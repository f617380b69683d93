package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.api.dto.OverviewDtos;
import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.ledger.HazardStatistics;
import cn.fieldsync.server.record.RecordService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/statistics?jurisdiction=3706}: the figures of a county or a city for the console's
 * statistics page, computed in the caller's scope: {@code {"jurisdiction","hazards":{...see
 * HazardStatistics#compute},"cases":{"total","byGrade":{code:n},"byStatus":{code:n},"overdue"}}}.
 * Without {@code jurisdiction}, everything the caller sees. Cases count only for reviewers and
 * administrators, who work on them.
 */
@ApplicationScoped
@Path("/api/statistics")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.REVIEWER, Role.ADMIN})
public class StatisticsResource {

    @Inject
    RecordService records;

    @Inject
    CaseService cases;

    @Inject
    CallerContext caller;

    @GET
    public OverviewDtos.Statistics statistics(@QueryParam("jurisdiction") String jurisdiction) {
        String prefix = QueryParams.matching("jurisdiction", jurisdiction, "[0-9]{1,6}", Labels.say("divisionDigits"));
        Caller who = caller.get();
        Map<String, Integer> byGrade = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        int total = 0;
        int overdue = 0;
        for (CaseDtos.Summary c : cases.list(who, null, null, prefix, null, Integer.MAX_VALUE).items()) {
            total++;
            overdue += c.overdue() ? 1 : 0;
            // a case about something other than an accident has no grade
            byGrade.merge(c.grade() != null ? c.grade() : "NONE", 1, Integer::sum);
            byStatus.merge(c.status(), 1, Integer::sum);
        }
        return new OverviewDtos.Statistics(prefix, new HazardStatistics(records).compute(who, prefix),
                new OverviewDtos.CaseFigures(total, overdue, byGrade, byStatus));
    }
}
