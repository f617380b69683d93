package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.record.RecordService;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/admin/jurisdictions}: the division codes in use, with their units and records.
 * A jurisdiction exists by its units (a unit is created or moved with {@code /api/units}); users
 * are given them as prefixes in their scope.
 */
@ApplicationScoped
@Path("/api/admin/jurisdictions")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class JurisdictionsResource {

    @Inject
    RecordService records;

    @GET
    public Response list() {
        JsonObject answer = new JsonObject();
        answer.add("items", records.jurisdictions());
        return Response.ok(answer.toString()).build();
    }
}
