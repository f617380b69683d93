package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.dto.UserDtos;
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

/** Logins: {@code POST /api/auth/login}, {@code /refresh}, {@code /logout}, and {@code GET /api/auth/me}
 * (the user, with {@code zone}: the server's {@code fieldsync.zone}, in which the console shows times). */
@ApplicationScoped
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    IdentityService identity;

    @Inject
    CallerContext caller;

    @Inject
    cn.fieldsync.server.record.RecordService records;

    private static final RequestShape LOGIN = RequestShape.of(RequestShape.text("username"), RequestShape.text("password"),
            RequestShape.text("deviceId"));
    private static final RequestShape REFRESH = RequestShape.of(RequestShape.text("refreshToken"));

    /** {@code {"username","password","deviceId"?}}: with a device id, the tokens are bound to that device. */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({})
    public UserDtos.Tokens login(InputStream body, @Context ServerRequest request) {
        JsonObject login = RequestBodies.carryingRecords(body, 16 * 1024, LOGIN);
        return identity.login(text(login, "username"), text(login, "password"), text(login, "deviceId"), request.remotePeer().host());
    }

    /** {@code {"refreshToken"}}: a new pair; the refresh token given is used up. */
    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({})
    public UserDtos.Tokens refresh(InputStream body) {
        return identity.refresh(text(RequestBodies.carryingRecords(body, 16 * 1024, REFRESH), "refreshToken"));
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
    public UserDtos.Me me() {
        // the zone the server counts days in (fieldsync.zone): the console shows every time in it
        return UserDtos.Me.of(identity.user(caller.get().username()), caller.get().deviceId(), caller.get().scope().key(),
                records.zone().getId());
    }

    /**
     * {@code GET /api/auth/names?user=liqing&user=admin}: {@code {"liqing":"李青",...}}, the names the
     * users given are known by (at most 100; unknown user names are left out), so that every page
     * names a person, not an account.
     */
    @GET
    @Path("names")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response names(@jakarta.ws.rs.QueryParam("user") java.util.List<String> users) {
        if (users.size() > 100) {
            throw new cn.fieldsync.server.error.FieldsyncException(cn.fieldsync.server.error.ErrorCode.INVALID_PARAMETER, "user",
                    cn.fieldsync.schemas.Labels.say("tooManyNames", 100));
        }
        return Response.ok(identity.displayNames(caller.get(), new java.util.LinkedHashSet<>(users)).toString()).build();
    }
}
