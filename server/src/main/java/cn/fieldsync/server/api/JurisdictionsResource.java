package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.api.dto.OverviewDtos;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
    public OverviewDtos.Jurisdictions list() {
        return new OverviewDtos.Jurisdictions(records.jurisdictions());
    }
}
