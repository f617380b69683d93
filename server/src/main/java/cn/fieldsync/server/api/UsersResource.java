package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.dto.UserDtos;
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

    /** What an account holds: password, role, name, the three scope lists (each checked by the account rules). */
    private static final RequestShape ACCOUNT = RequestShape.of(RequestShape.text("password"), RequestShape.text("role"),
            RequestShape.any("displayName"), RequestShape.any("jurisdictions"), RequestShape.any("units"), RequestShape.any("cases"));
    /** A new account is enabled: "disabled" is a change's, and would have been ignored here. */
    private static final RequestShape NEW_USER = ACCOUNT.with(RequestShape.text("username"));
    /** The user name is the path's: an account is not renamed. */
    private static final RequestShape USER_CHANGE = ACCOUNT.with(RequestShape.any("disabled"));

    @Inject
    IdentityService identity;

    @Inject
    CallerContext caller;

    /** {@code 201 Created}, {@code Location} the user's address, answering the user. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(UserDtos.User.class)
    public Response create(InputStream body, @Context UriInfo uri) {
        UserDtos.User user = identity.createUser(caller.get(), RequestBodies.plain(body, 64 * 1024, NEW_USER));
        return Response.created(uri.getAbsolutePathBuilder().path(user.username()).build()).entity(user).build();
    }

    @GET
    public UserDtos.UserList list() {
        return new UserDtos.UserList(identity.users());
    }

    @GET
    @Path("{username}")
    public UserDtos.User get(@PathParam("username") String username) {
        return identity.user(username);
    }

    @PATCH
    @Path("{username}")
    @Consumes({RecordsResource.MERGE_PATCH, MediaType.APPLICATION_JSON})
    public UserDtos.User change(@PathParam("username") String username, InputStream body) {
        return identity.updateUser(caller.get(), username, RequestBodies.plain(body, 64 * 1024, USER_CHANGE));
    }
}
