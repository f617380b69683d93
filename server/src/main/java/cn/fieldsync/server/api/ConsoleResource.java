package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The server's address leads to the review console; the console reads its Chinese names here. */
@ApplicationScoped
@Path("/")
public class ConsoleResource {

    @GET
    @Allowed({})
    public Response root() {
        return Response.seeOther(URI.create("/console/")).build();
    }

    /**
     * The one catalogue of Chinese names ({@link Labels}), as the console and the inspector's app read
     * it: {@code {"section":{"CODE":"名称",...},...}}. Public: it holds names, no evidence.
     */
    @GET
    @Path("api/labels")
    @Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
    @Allowed({})
    public Response labels() {
        return Response.ok(Labels.json().toString()).header("Cache-Control", "max-age=300").build();
    }
}
