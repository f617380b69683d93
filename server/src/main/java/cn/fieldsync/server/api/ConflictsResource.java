package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;

import cn.fieldsync.server.record.RecordService;

import cn.fieldsync.server.identity.Role;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.sync.ConflictService;
import cn.fieldsync.server.sync.SyncService;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Sync conflicts for administrators: list, read, resolve. */
@ApplicationScoped
@Path("/api/conflicts")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictsResource {

    @Inject
    SyncService sync;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    @GET
    @Allowed(Role.ADMIN)
    public Response list(@QueryParam("status") String status, @QueryParam("record") String record,
                         @QueryParam("device") String device, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        return Response.ok(sync.conflicts().list(
                QueryParams.matching("status", status, "OPEN|RESOLVED", "OPEN or RESOLVED"),
                QueryParams.uuid("record", record), QueryParams.uuid("device", device),
                QueryParams.uuid("cursor", cursor), QueryParams.limit(limit)).toString()).build();
    }

    /** A device reads the conflict its push opened; anyone may read a conflict of a record they see. */
    @GET
    @Path("{id}")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response get(@PathParam("id") String id) {
        JsonObject conflict = sync.conflicts().get(id);
        if (!caller.get().is(Role.ADMIN)) {
            try {
                records.get(caller.get(), RecordType.fromWireName(conflict.get("recordType").getAsString()).orElseThrow(),
                        conflict.get("recordId").getAsString());
            } catch (FieldsyncException e) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no conflict " + id);
            }
        }
        return Response.ok(conflict.toString()).build();
    }

    /** {@code {"resolution":"SERVER"}}, {@code {"resolution":"DEVICE"}} or {@code {"resolution":"MERGED","values":{...}}}. */
    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response resolve(@PathParam("id") String id, java.io.InputStream body) {
        JsonObject request = RecordsResource.parse(body, RecordsResource.RECORD_LIMIT);
        JsonElement resolution = request.get("resolution");
        ConflictService.Resolution chosen;
        try {
            chosen = ConflictService.Resolution.valueOf(resolution == null ? "" : resolution.getAsString());
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/resolution",
                    "resolution must be SERVER, DEVICE or MERGED");
        }
        JsonElement values = request.get("values");
        if (values != null && !values.isJsonObject()) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values", "values must be an object of field values");
        }
        return Response.ok(sync.conflicts().resolve(id, chosen, values == null ? null : values.getAsJsonObject(),
                caller.get().username()).toString()).build();
    }
}
