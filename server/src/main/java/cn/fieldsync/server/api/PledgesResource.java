package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/** /api/pledges: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/pledges")
public class PledgesResource extends RecordsResource {
    public PledgesResource() {
        super(RecordType.PLEDGE);
    }
}
