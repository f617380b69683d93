package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.FieldsyncException;

import cn.fieldsync.server.error.ErrorCode;

import cn.fieldsync.server.identity.Role;

import cn.fieldsync.server.audit.AuditService;
import cn.fieldsync.server.audit.dto.AuditDtos;
import cn.fieldsync.server.record.RecordService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/** The audit log: read (paged, filtered) and verified end to end. */
@ApplicationScoped
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditService audit;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    /** An administrator reads the whole log; a reviewer the trail of one record in sight ({@code record=}). */
    @GET
    @Allowed({Role.REVIEWER, Role.ADMIN})
    public AuditDtos.EntryPage list(@QueryParam("record") String record, @QueryParam("actor") String actor,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        if (!caller.get().is(Role.ADMIN)) {
            String id = QueryParams.uuid("record", record);
            if (id == null) {
                throw new FieldsyncException(ErrorCode.FORBIDDEN, "record", Labels.say("auditTrailOfOneRecord", "record=记录编号"));
            }
            if (!records.sees(caller.get(), id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, "record", Labels.say("recordNotFound", id));
            }
        }
        Instant[] period = QueryParams.period(from, to, records.zone());
        Instant fromInstant = period[0];
        Instant toInstant = period[1];
        long after = cursor == null || cursor.isEmpty() ? 0
                : Long.parseLong(QueryParams.matching("cursor", cursor, "[0-9]{1,18}", Labels.say("cursorGiven", "nextCursor")));
        return audit.list(QueryParams.uuid("record", record),
                QueryParams.matching("actor", actor, "[^\\p{Cntrl}]{1,200}", Labels.say("actorName")),
                fromInstant == null ? null : fromInstant.toEpochMilli(), toInstant == null ? null : toInstant.toEpochMilli(),
                after, QueryParams.limit(limit));
    }

    /**
     * {"intact":true,"entries":N,"checkpoints":C,"lastCheckpoint":{...},"unanchoredEntries":U,"recordVersions":V}
     * or {"intact":false,"brokenSeq":S,"reason":"...","recordId":...}: the chain, its signed
     * checkpoints and every stored record version (see AuditVerifier). The U entries after the last
     * checkpoint are proved by the chain alone until the next checkpoint.
     */
    @GET
    @Path("verify")
    @Allowed(Role.ADMIN)
    public AuditDtos.Verification verify() {
        return audit.verification();
    }

    /**
     * The server's audit public key: {"algorithm":"Ed25519","publicKey":"Base64 X.509","keyId":"hex"}.
     * Anyone may read it; keep a copy outside the server to verify checkpoints and bundles with.
     */
    @GET
    @Path("key")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public AuditDtos.Key key() {
        return audit.key();
    }

    /** The latest signed checkpoints, newest first: {"items":[{"checkpoint","seq","headHash","at","keyId","signature"}]}. */
    @GET
    @Path("checkpoints")
    @Allowed(Role.ADMIN)
    public AuditDtos.Checkpoints checkpoints(@QueryParam("limit") String limit) {
        return audit.checkpoints(QueryParams.limit(limit));
    }

    /**
     * Signs a checkpoint of the chain's head now (say before a backup, or before handing over a
     * copy of the database). 200 with the checkpoint; 409 audit_log_altered when the entries since
     * the last checkpoint no longer link to it, in which case nothing is signed.
     */
    @POST
    @Path("checkpoint")
    @Allowed(Role.ADMIN)
    public Response checkpoint() {
        return audit.checkpoint().map(cp -> Response.ok(cp.toString()).build())
                .orElseThrow(() -> new FieldsyncException(ErrorCode.AUDIT_LOG_ALTERED, null,
                        Labels.say("checkpointRefused", "GET /api/audit/verify")));
    }
}
