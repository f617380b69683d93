package cn.fieldsync.server.api;

import cn.fieldsync.server.sync.SyncService;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Device enrolment: {@code POST /api/devices {"name":..,"user":..,"publicKey":..}} answers the device's id. */
@ApplicationScoped
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    @Inject
    SyncService sync;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enrol(java.io.InputStream body) {
        JsonObject request = RecordsResource.parse(body, 64 * 1024);
        String name = request.has("name") && request.get("name").isJsonPrimitive() ? request.get("name").getAsString() : null;
        String user = request.has("user") && request.get("user").isJsonPrimitive() ? request.get("user").getAsString() : null;
        String publicKey = request.has("publicKey") && request.get("publicKey").isJsonPrimitive()
                ? request.get("publicKey").getAsString() : null;
        return Response.status(201).entity(sync.enrol(name, user, publicKey).toString()).build();
    }

    @GET
    public Response list() {
        JsonObject answer = new JsonObject();
        answer.add("items", sync.devices());
        return Response.ok(answer.toString()).build();
    }
}
