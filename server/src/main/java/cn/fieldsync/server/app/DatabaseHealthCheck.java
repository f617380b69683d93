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
            long units = resources.database().read(em ->
                    em.createQuery("SELECT COUNT(r) FROM RecordEntity r", Long.class).getSingleResult());
            return HealthCheckResponse.named("database").up()
                    .withData("database", resources.settings().database().isSqlite() ? "sqlite" : "postgresql")
                    .withData("records", units).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
