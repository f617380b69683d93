package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/** /api/units: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/units")
public class UnitsResource extends RecordsResource {
    public UnitsResource() {
        super(RecordType.UNIT);
    }
}
