package cn.fieldsync.server.app;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.record.RecordService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.logging.Logger;

/**
 * Opens the database as the application starts (so a wrong setting fails the start, not the
 * first request), seeds demo data when asked, and says where to go.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, ServerResources resources,
                 RecordService records, Config config) {
        ServerSettings settings = resources.settings();
        if (settings.demoData()) {
            int created = DemoData.seedIfEmpty(records);
            LOG.info(created == 0 ? "fieldsync: demo data already present" : "fieldsync: demo data seeded (" + created + " records)");
        }
        int port = config.getOptionalValue("server.port", Integer.class).orElse(8080);
        LOG.info(() -> "fieldsync is ready: API http://localhost:" + port + "/api/hazards, health http://localhost:"
                + port + "/health, OpenAPI http://localhost:" + port + "/openapi; data directory "
                + settings.dataDir().toAbsolutePath().normalize());
    }
}
