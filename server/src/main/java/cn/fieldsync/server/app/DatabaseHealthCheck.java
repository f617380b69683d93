package cn.fieldsync.server.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ready when the database answers a query. {@code /health} is open to anyone (load balancers
 * probe it without a token), so it says UP or DOWN and which kind of database, nothing more: no
 * count of changes (the global change count tells an outsider how busy every county is) and no
 * error text (which may name hosts or paths); the error goes to the server's log.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseHealthCheck.class.getName());

    @Inject
    ServerResources resources;

    @Override
    public HealthCheckResponse call() {
        try {
            // one row, whatever the size of the database: probes come often
            resources.database().withConnection(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT value FROM change_seq WHERE id = 1")) {
                    return rs.next();
                }
            });
            return HealthCheckResponse.named("database").up()
                    .withData("database", resources.settings().database().isSqlite() ? "sqlite" : "postgresql").build();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the database does not answer", e);
            return HealthCheckResponse.named("database").down().build();
        }
    }
}
