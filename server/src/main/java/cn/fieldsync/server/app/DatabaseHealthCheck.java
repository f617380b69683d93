package cn.fieldsync.server.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers a query. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    @Inject
    ServerResources resources;

    @Override
    public HealthCheckResponse call() {
        try {
            // one row, whatever the size of the database: probes come often
            long changes = resources.database().withConnection(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT value FROM change_seq WHERE id = 1")) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
            return HealthCheckResponse.named("database").up()
                    .withData("database", resources.settings().database().isSqlite() ? "sqlite" : "postgresql")
                    .withData("changes", changes).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
