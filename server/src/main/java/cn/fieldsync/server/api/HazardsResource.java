package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/** /api/hazards: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/hazards")
public class HazardsResource extends RecordsResource {
    public HazardsResource() {
        super(RecordType.HAZARD);
    }
}
