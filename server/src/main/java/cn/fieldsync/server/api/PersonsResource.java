package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/** /api/persons: see {@link RecordsResource}. */
@ApplicationScoped
@Path("/api/persons")
public class PersonsResource extends RecordsResource {
    public PersonsResource() {
        super(RecordType.PERSON);
    }
}
