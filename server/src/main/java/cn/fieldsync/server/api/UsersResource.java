package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.Role;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;

/**
 * User administration: {@code POST /api/admin/users {"username","password","role","jurisdictions":[..],
 * "units":[..],"cases":[..]}}, list, read, and {@code PATCH} of role, scope, password or disabled.
 */
@ApplicationScoped
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class UsersResource {

    @Inject
    IdentityService identity;

    @Inject
    CallerContext caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body, @Context UriInfo uri) {
        JsonObject user = identity.createUser(caller.get(), RecordsResource.parse(body, 64 * 1024));
        return Response.created(uri.getAbsolutePathBuilder().path(user.get("username").getAsString()).build())
                .entity(user.toString()).build();
    }

    @GET
    public Response list() {
        JsonObject answer = new JsonObject();
        answer.add("items", identity.users());
        return Response.ok(answer.toString()).build();
    }

    @GET
    @Path("{username}")
    public Response get(@PathParam("username") String username) {
        return Response.ok(identity.user(username).toString()).build();
    }

    @PATCH
    @Path("{username}")
    @Consumes({RecordsResource.MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response change(@PathParam("username") String username, InputStream body) {
        return Response.ok(identity.updateUser(caller.get(), username, RecordsResource.parse(body, 64 * 1024)).toString()).build();
    }
}
