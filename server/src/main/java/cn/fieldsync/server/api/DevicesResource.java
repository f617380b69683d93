package cn.fieldsync.server.api;

import cn.fieldsync.server.api.dto.DeviceDtos;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.sync.SyncService;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
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

import java.io.InputStream;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Devices: {@code POST /api/devices {"name":..,"publicKey":..}} enrols one for the calling
 * inspector and answers its id (only inspectors record on site and push: a reviewer's or an
 * administrator's device could never sync, so its enrolment is refused, 403 forbidden, in
 * Chinese); administrators list them and revoke them.
 */
@ApplicationScoped
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    @Inject
    SyncService sync;

    @Inject
    CallerContext caller;

    private static final RequestShape ENROL = RequestShape.of(RequestShape.text("name"), RequestShape.text("publicKey"));
    private static final RequestShape REVOKE = RequestShape.of(RequestShape.text("reason"));

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(value = Role.INSPECTOR, refusal = "enrolInspectorsOnly")
    public Response enrol(InputStream body) {
        JsonObject request = RequestBodies.plain(body, 64 * 1024, ENROL);
        return Response.status(201).entity(sync.enrol(caller.get(), text(request, "name"),
                text(request, "publicKey")).toString()).build();
    }

    @GET
    @Allowed(Role.ADMIN)
    public DeviceDtos.DeviceList list() {
        return new DeviceDtos.DeviceList(sync.devices());
    }

    /** {@code {"reason":"..."}} (optional): from now on the device's pushes go to quarantine. */
    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response revoke(@PathParam("id") String id, InputStream body) {
        JsonObject request = RequestBodies.plain(body, 16 * 1024, REVOKE);
        com.google.gson.JsonElement given = request.get("reason");
        if (given != null && !given.isJsonNull() && !(given.isJsonPrimitive() && given.getAsJsonPrimitive().isString())) {
            // not read as absent: the administrator wrote a reason, and it would be lost without a word
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/reason", "吊销原因须为一段文字；本次未作任何修改");
        }
        String reason = text(request, "reason");
        // refused, not cut: a cut reason is not what the administrator wrote (and could end in half a character)
        if (reason != null && reason.codePointCount(0, reason.length()) > 500) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/reason", "吊销原因最多 500 字，请精简后重试；本次未作任何修改");
        }
        return Response.ok(sync.revoke(caller.get(), id, reason).toString()).build();
    }

    /** What revoked devices tried to push, kept unapplied; {@code device=} narrows to one device. */
    @GET
    @Path("quarantine")
    @Allowed(Role.ADMIN)
    public DeviceDtos.Quarantine quarantine(@QueryParam("device") String device,
                                            @QueryParam("limit") String limit) {
        return new DeviceDtos.Quarantine(sync.quarantined(QueryParams.uuid("device", device), QueryParams.limit(limit)));
    }
}
