package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.ledger.HazardLedger;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

import java.time.LocalDate;

/** /api/hazards: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/hazards")
public class HazardsResource extends RecordsResource {

    @Inject
    RecordService hazards;

    @Inject
    CallerContext callerContext;

    public HazardsResource() {
        super(RecordType.HAZARD);
    }

    /**
     * The hidden-danger ledger 隐患台账 as a file: {@code format=csv} (default) or {@code xlsx},
     * with the list's filters; what the caller may see only.
     */
    @GET
    @Path("export")
    @Produces({"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaType.APPLICATION_JSON})
    public Response export(@QueryParam("format") String format, @QueryParam("unit") String unit,
                           @QueryParam("jurisdiction") String jurisdiction, @QueryParam("status") String status,
                           @QueryParam("grade") String grade, @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("overdue") String overdue, @QueryParam("listed") String listed) {
        String chosen = QueryParams.matching("format", format, "csv|xlsx", Labels.say("oneOf", "csv、xlsx"));
        boolean xlsx = "xlsx".equals(chosen);
        RecordFilter filter = filter(unit, jurisdiction, status, grade, from, to, overdue, listed);
        Caller caller = callerContext.get();
        HazardLedger ledger = new HazardLedger(hazards);
        StreamingOutput body = out -> {
            if (xlsx) {
                ledger.xlsx(caller, filter, out);
            } else {
                ledger.csv(caller, filter, out);
            }
        };
        String name = "hazard-ledger-" + LocalDate.now(hazards.zone()) + (xlsx ? ".xlsx" : ".csv");
        return Response.ok(body, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
