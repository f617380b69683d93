package cn.fieldsync.server.observe;

import cn.fieldsync.server.app.ServerResources;
import cn.fieldsync.server.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ready while the database's migrations are exactly the ones this binary has. A node stops being
 * ready when a newer release migrates the shared database under it (rolling upgrades: the old
 * nodes leave the load balancer instead of writing into a schema they do not know).
 * Data: {@code applied} and {@code known} migration versions.
 */
@Readiness
@ApplicationScoped
public class SchemaHealthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaHealthCheck.class.getName());

    @Inject
    ServerResources resources;

    @Override
    public HealthCheckResponse call() {
        try {
            Database.SchemaState state = resources.database().schemaState();
            return HealthCheckResponse.named("migrations").status(state.current())
                    .withData("applied", state.applied()).withData("known", state.known()).build();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the migrations cannot be read", e);
            return HealthCheckResponse.named("migrations").down().build();
        }
    }
}
