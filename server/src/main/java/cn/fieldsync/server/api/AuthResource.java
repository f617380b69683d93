package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.Role;
import com.google.gson.JsonObject;
import io.helidon.webserver.http.ServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

import static cn.fieldsync.schemas.JsonFields.text;

/** Logins: {@code POST /api/auth/login}, {@code /refresh}, {@code /logout}, and {@code GET /api/auth/me}. */
@ApplicationScoped
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    IdentityService identity;

    @Inject
    CallerContext caller;

    /** {@code {"username","password","deviceId"?}}: with a device id, the tokens are bound to that device. */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({})
    public Response login(InputStream body, @Context ServerRequest request) {
        JsonObject login = RecordsResource.parse(body, 16 * 1024);
        return Response.ok(identity.login(text(login, "username"), text(login, "password"), text(login, "deviceId"),
                request.remotePeer().host()).toString()).build();
    }

    /** {@code {"refreshToken"}}: a new pair; the refresh token given is used up. */
    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({})
    public Response refresh(InputStream body) {
        return Response.ok(identity.refresh(text(RecordsResource.parse(body, 16 * 1024), "refreshToken")).toString()).build();
    }

    @POST
    @Path("logout")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response logout(@HeaderParam("Authorization") String authorization) {
        identity.logout(authorization.substring(7).trim());
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response me() {
        JsonObject me = identity.user(caller.get().username());
        if (caller.get().deviceId() != null) {
            me.addProperty("deviceId", caller.get().deviceId());
        }
        me.addProperty("scopeKey", caller.get().scope().key());
        return Response.ok(me.toString()).build();
    }
}
