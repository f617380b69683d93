package cn.fieldsync.server.app;

import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.sync.SyncService;
import java.time.LocalDate;
import java.util.Optional;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.record.RecordService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import io.helidon.microprofile.server.ServerCdiExtension;
import org.eclipse.microprofile.config.Config;

import java.util.logging.Logger;

/**
 * Opens the database as the application starts (so a wrong setting fails the start, not the
 * first request), seeds demo data when asked, and says where to go once the server listens.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, ServerResources resources,
                 RecordService records, IdentityService identity, CaseService cases, SyncService sync, Config config) {
        ServerSettings settings = resources.settings();
        Optional<String> configured = config.getOptionalValue("fieldsync.admin-password", String.class);
        if (configured.isEmpty() && settings.demoData()) {
            configured = Optional.of(DemoData.ADMIN_PASSWORD);
        }
        identity.bootstrapAdmin(configured).ifPresent(password -> {
            // shown once, on the console of the first start only: it is stored nowhere else in clear
            System.out.println("""

                    ================================================================
                    fieldsync: the administrator account was created.
                      user:     admin
                      password: %s
                    This password is shown only now. Log in and change it:
                      PATCH /api/admin/users/admin {"password":"..."}
                    ================================================================
                    """.formatted(password));
            System.out.flush();
        });
        if (settings.demoData()) {
            // the users first: the demo inspector enrols the device that seals the demo evidence
            int users = DemoData.seedUsers(identity);
            int created = DemoData.seedIfEmpty(records, sync, resources.attachmentStore());
            LOG.info(created == 0 ? "fieldsync: demo data already present" : "fieldsync: demo data seeded (" + created + " records)");
            if (created > 0) {
                DemoData.seedConflict(records, sync);
            }
            if (users > 0) {
                LOG.info("fieldsync: demo users created (see README.md, \"Demo accounts\")");
            }
            if (DemoData.seedCase(cases, LocalDate.now(settings.zone()))) {
                LOG.info("fieldsync: demo case opened (an accident at 栖霞市鑫源化工有限公司)");
            }
        }
        // whoever verifies the audit log later needs this key from somewhere the database's writer cannot reach
        LOG.info(() -> "fieldsync: audit checkpoints signed with the Ed25519 key " + resources.auditAnchor().key().publicKeyBase64()
                + " (key id " + resources.auditAnchor().key().keyId() + ") into " + resources.auditAnchor().checkpointFile().toAbsolutePath()
                + "; keep a copy of this public key to verify with (ops/audit-verify.sh -Dfieldsync.audit.public-key=...)");
    }

    /**
     * Says where to go once the web server listens: Helidon starts it in an observer of the same
     * event at priority {@value #HELIDON_STARTS_THE_SERVER}, so this one runs after it. A server that
     * could not bind its port (in use by another process) is not called ready: Helidon logs the bind
     * failure and "started on port -1"; this throws, so the start fails with a non-zero exit status.
     */
    void onListening(@Observes @Priority(HELIDON_STARTS_THE_SERVER + 100) @Initialized(ApplicationScoped.class) Object event,
                     ServerResources resources, BeanManager beans) {
        ServerCdiExtension server = beans.getExtension(ServerCdiExtension.class);
        int port = server.port();
        if (!server.started() || port <= 0) {
            // thrown out of the container's start, so the process ends with a failure status (a
            // service manager or Kubernetes sees a failed start, not a clean exit)
            throw new IllegalStateException("fieldsync: the web server did not start listening (is the port in use? see above);"
                    + " the server is not started");
        }
        LOG.info(() -> "fieldsync is ready: console http://localhost:" + port + "/console/, API http://localhost:" + port + "/api/hazards, health http://localhost:"
                + port + "/health, OpenAPI http://localhost:" + port + "/openapi; data directory "
                + resources.settings().dataDir().toAbsolutePath().normalize());
    }

    /** The priority of Helidon 4.2's {@code ServerCdiExtension.startServer} observer ({@code PLATFORM_AFTER + 100}). */
    static final int HELIDON_STARTS_THE_SERVER = Interceptor.Priority.PLATFORM_AFTER + 100;
}
