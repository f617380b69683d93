package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/** /api/inspections: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/inspections")
public class InspectionsResource extends RecordsResource {
    public InspectionsResource() {
        super(RecordType.INSPECTION);
    }
}
