package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.identity.Role;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Cases (一案双查): {@code /api/cases}. Reviewers and administrators open and work on them; the
 * answer to every change is the whole case, both tracks side by side ({@link CaseDtos.Detail},
 * written by {@link ApiJson}).
 */
@ApplicationScoped
@Path("/api/cases")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.REVIEWER, Role.ADMIN})
public class CasesResource {

    private static final int LIMIT = 64 * 1024;

    @Inject
    CaseService cases;

    @Inject
    CallerContext caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(CaseDtos.Detail.class)
    public Response open(InputStream body, @Context UriInfo uri) {
        CaseDtos.Detail opened = cases.open(caller.get(), RequestBodies.plain(body, LIMIT, CaseRequests.OPEN));
        return Response.created(uri.getAbsolutePathBuilder().path(opened.id()).build()).entity(opened).build();
    }

    @GET
    public CaseDtos.CaseList list(@QueryParam("status") String status, @QueryParam("grade") String grade,
                                  @QueryParam("jurisdiction") String jurisdiction, @QueryParam("overdue") String overdue,
                                  @QueryParam("limit") String limit) {
        return cases.list(caller.get(),
                QueryParams.matching("status", status, "OPEN|CLOSED",
                        Labels.say("oneOf", Labels.named("caseStatus", List.of("OPEN", "CLOSED")))),
                QueryParams.matching("grade", grade, String.join("|", Labels.section("accidentGrades").keySet()),
                        Labels.say("oneOf", Labels.named("accidentGrades", Labels.section("accidentGrades").keySet()))),
                QueryParams.matching("jurisdiction", jurisdiction, "[0-9]{1,6}", Labels.say("divisionDigits")),
                QueryParams.bool("overdue", overdue), QueryParams.limit(limit));
    }

    @GET
    @Path("{id}")
    public CaseDtos.Detail get(@PathParam("id") String id) {
        return cases.get(caller.get(), id);
    }

    @POST
    @Path("{id}/parties")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail party(@PathParam("id") String id, InputStream body) {
        return cases.addParty(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.PARTY));
    }

    @POST
    @Path("{id}/findings")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail finding(@PathParam("id") String id, InputStream body) {
        return cases.addFinding(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.FINDING));
    }

    @POST
    @Path("{id}/links")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail link(@PathParam("id") String id, InputStream body) {
        return cases.proposeLink(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.LINK));
    }

    @POST
    @Path("{id}/links/{link}/confirm")
    public CaseDtos.Detail confirm(@PathParam("id") String id, @PathParam("link") String link, InputStream body) {
        JsonObject request = RequestBodies.plainOrEmpty(body, LIMIT, CaseRequests.DECISION);
        return cases.decideLink(caller.get(), id, link, true, text(request, "reason"));
    }

    /** {@code {"reason":"..."}}: required; the rejected proposal stays visible with it. */
    @POST
    @Path("{id}/links/{link}/reject")
    public CaseDtos.Detail reject(@PathParam("id") String id, @PathParam("link") String link, InputStream body) {
        return cases.decideLink(caller.get(), id, link, false, text(RequestBodies.plainOrEmpty(body, LIMIT, CaseRequests.DECISION), "reason"));
    }

    /** Runs the evidence engine again (it also runs on its own whenever evidence of the unit syncs in). */
    @POST
    @Path("{id}/propose")
    public CaseDtos.Detail propose(@PathParam("id") String id) {
        return cases.proposeAgain(caller.get(), id);
    }

    @POST
    @Path("{id}/actions")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail action(@PathParam("id") String id, InputStream body) {
        return cases.proposeAction(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.ACTION));
    }

    @POST
    @Path("{id}/actions/{action}/steps")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail step(@PathParam("id") String id, @PathParam("action") String action, InputStream body) {
        return cases.step(caller.get(), id, action, RequestBodies.plain(body, LIMIT, CaseRequests.STEP));
    }

    @POST
    @Path("{id}/checklist")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail checklist(@PathParam("id") String id, InputStream body) {
        return cases.checklist(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.CHECKLIST));
    }

    @POST
    @Path("{id}/report-extension")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail extend(@PathParam("id") String id, InputStream body) {
        return cases.extendReport(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.EXTENSION));
    }

    @POST
    @Path("{id}/report-submitted")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail reportSubmitted(@PathParam("id") String id, InputStream body) {
        return cases.reportSubmitted(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.REPORT_SUBMITTED));
    }

    /**
     * {@code {"investigators":["name",..]}}: replaces the case's investigators. A reviewer names
     * only users who already see the case's jurisdiction; an administrator names anyone. Audited.
     */
    @POST
    @Path("{id}/investigators")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail investigators(@PathParam("id") String id, InputStream body) {
        return cases.setInvestigators(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.INVESTIGATORS));
    }

    /** {@code {"jurisdictions":["370602"]}}: ADMIN only; the case may then touch those counties' records (audited). */
    @POST
    @Path("{id}/reach")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail grantReach(@PathParam("id") String id, InputStream body) {
        return cases.grantReach(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.REACH));
    }

    /** ADMIN only: takes back a granted division code (audited). */
    @DELETE
    @Path("{id}/reach/{code}")
    public CaseDtos.Detail revokeReach(@PathParam("id") String id, @PathParam("code") String code) {
        return cases.revokeReach(caller.get(), id, code);
    }

    /** The government's reply (批复), 493号令 art 32. */
    @POST
    @Path("{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail replyReceived(@PathParam("id") String id, InputStream body) {
        return cases.replyReceived(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.REPLY));
    }

    /** The one extension of the reply on a 特别重大 accident (art 32). */
    @POST
    @Path("{id}/reply-extension")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail extendReply(@PathParam("id") String id, InputStream body) {
        return cases.extendReply(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.EXTENSION));
    }

    /** Casualties changed within art 13's window; the grade follows. */
    @POST
    @Path("{id}/casualties")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail casualtiesChanged(@PathParam("id") String id, InputStream body) {
        return cases.casualtiesChanged(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.CASUALTIES));
    }

    /** 迟报/漏报/谎报/瞒报 (arts 35, 36, 39). */
    @POST
    @Path("{id}/reporting-marks")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail markReporting(@PathParam("id") String id, InputStream body) {
        return cases.markReporting(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.MARK));
    }

    /** Art 9's report times (knownAt, reportedAt) known after opening. */
    @POST
    @Path("{id}/report-times")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail reportTimes(@PathParam("id") String id, InputStream body) {
        return cases.reportTimes(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.REPORT_TIMES));
    }

    /** 事故性质: 责任事故 or not. */
    @POST
    @Path("{id}/nature")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail setNature(@PathParam("id") String id, InputStream body) {
        return cases.setNature(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.NATURE));
    }

    /** The education record 四不放过 needs. */
    @POST
    @Path("{id}/education")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail recordEducation(@PathParam("id") String id, InputStream body) {
        return cases.recordEducation(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.EDUCATION));
    }

    /** The one-year evaluation of the rectification (安全生产法 art 86(3)). */
    @POST
    @Path("{id}/evaluation")
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseDtos.Detail scheduleEvaluation(@PathParam("id") String id, InputStream body) {
        return cases.scheduleEvaluation(caller.get(), id, RequestBodies.plain(body, LIMIT, CaseRequests.EVALUATION));
    }

    @POST
    @Path("{id}/close")
    public CaseDtos.Detail close(@PathParam("id") String id) {
        return cases.close(caller.get(), id);
    }
}
