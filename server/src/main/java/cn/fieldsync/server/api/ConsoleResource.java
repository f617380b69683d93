package cn.fieldsync.server.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The server's address leads to the review console. */
@ApplicationScoped
@Path("/")
public class ConsoleResource {

    @GET
    @Allowed({})
    public Response root() {
        return Response.seeOther(URI.create("/console/")).build();
    }
}
