package cn.fieldsync.server.observe;

import cn.fieldsync.schemas.BuildInfo;
import cn.fieldsync.server.api.Allowed;
import cn.fieldsync.server.app.ServerResources;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /version}, open like {@code /health}: which release answers, so an operator (or a
 * rolling upgrade's script) can tell nodes apart. Answers {@code {"version":"0.1.0-SNAPSHOT",
 * "commit":"3f2a9c1e0b" (when built from git), "schema":"14" (the migration applied last),
 * "schemaKnown":"14" (the newest this binary has)}}.
 */
@Path("/version")
@RequestScoped
public class VersionResource {

    @Inject
    ServerResources resources;

    @GET
    @Allowed({})
    @Produces(MediaType.APPLICATION_JSON)
    public String version() {
        BuildInfo build = BuildInfo.current();
        Database.SchemaState schema = resources.database().schemaState();
        JsonObject answer = new JsonObject();
        answer.addProperty("version", build.version());
        build.commit().ifPresent(c -> answer.addProperty("commit", c));
        answer.addProperty("schema", schema.applied());
        answer.addProperty("schemaKnown", schema.known());
        return answer.toString();
    }
}
