package cn.fieldsync.server.app;

import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.server.casefile.CaseService;

import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.ThrottleLimits;

import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.server.audit.AuditAnchor;
import cn.fieldsync.server.audit.AuditKey;
import cn.fieldsync.server.audit.AuditService;
import cn.fieldsync.server.audit.AuditSettings;
import cn.fieldsync.server.evidence.BundleService;
import cn.fieldsync.server.document.DocumentService;
import cn.fieldsync.server.document.DocumentSettings;
import cn.fieldsync.server.attachment.FileAttachmentStore;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.sync.SyncService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Clock;
import java.util.logging.Logger;

/**
 * Opens the database once when the application starts and hands out the services built on it;
 * closes it when the application stops.
 */
@ApplicationScoped
public class ServerResources {

    private static final Logger LOG = Logger.getLogger(ServerResources.class.getName());

    private final ServerSettings settings;
    private final Database database;
    private final RecordService records;
    private final SyncService sync;
    private final AttachmentStore attachments;
    private final IdentityService identity;
    private final CaseService cases;
    private final AuditAnchor anchor;
    private final DocumentService documents;

    @Inject
    public ServerResources(Config config) {
        // every setting is read before the database is opened: a malformed one refuses the start
        // before anything is created or migrated (a rolling upgrade with a mistyped setting must
        // not migrate the database the running nodes share)
        this.settings = ServerSettings.from(config);
        RuleSettings rules = RuleSettings.from(config);
        PeriodRules periods = PeriodSettings.from(config);
        ThrottleLimits throttle = throttleLimits(config);
        AuditSettings audit = AuditSettings.from(key -> config.getOptionalValue(key, String.class), settings.dataDir());
        DocumentSettings printing = DocumentSettings.from(key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
        this.database = Database.open(settings.database());
        try {
            this.attachments = new FileAttachmentStore(settings.dataDir().resolve("attachments"), settings.attachmentMaxBytes());
            this.records = new RecordService(database, Clock.systemUTC(), settings.zone(), attachments, rules.hazardPolicy(), rules.minInspectors());
            this.sync = new SyncService(database, records.store(), Clock.systemUTC());
            this.identity = new IdentityService(database, Clock.systemUTC(), settings.tokenTtl(), settings.refreshTtl(), throttle);
            this.cases = new CaseService(database, records.store(), Clock.systemUTC(), settings.zone(), settings.caseNumbers(), settings.caseWindowMonths(),
                    periods);
            // evidence that arrives after a case was opened is proposed then
            records.listen(cases::evidenceArrived);
            sync.listen(cases::evidenceArrived);
            this.anchor = new AuditAnchor(database, AuditKey.loadOrCreate(audit.keyFile()), audit.checkpointFile(),
                    audit.checkpointEvery(), audit.checkpointInterval(), Clock.systemUTC());
            anchor.start();
            if (printing.font().filter(java.nio.file.Files::isReadable).isEmpty()) {
                LOG.warning(() -> "fieldsync: no Chinese font to print documents with (" + printing.fontSetting()
                        + "): install fonts-wqy-microhei or set fieldsync.documents.font; printing answers document_font_missing until then");
            }
            this.documents = new DocumentService(database, records, cases, attachments, printing, Clock.systemUTC(), settings.zone());
        } catch (RuntimeException | Error e) {
            // a bean whose creation failed is created again at its next use: no pool is left open behind it
            database.close();
            throw e;
        }
        LOG.info(() -> "fieldsync: records in " + settings.database().describe());
    }

    /** {@code fieldsync.auth.throttle.per-user}, {@code .per-address}, {@code .window} (ISO-8601), defaults in {@link ThrottleLimits#DEFAULT}. */
    private static ThrottleLimits throttleLimits(Config config) {
        ThrottleLimits d = ThrottleLimits.DEFAULT;
        return new ThrottleLimits(
                config.getOptionalValue("fieldsync.auth.throttle.per-user", Integer.class).orElse(d.perUser()),
                config.getOptionalValue("fieldsync.auth.throttle.per-address", Integer.class).orElse(d.perAddress()),
                ServerSettings.duration(config, "fieldsync.auth.throttle.window", d.window().toString()));
    }

    /** For CDI's proxy only. */
    protected ServerResources() {
        this.settings = null;
        this.database = null;
        this.records = null;
        this.sync = null;
        this.attachments = null;
        this.identity = null;
        this.cases = null;
        this.anchor = null;
        this.documents = null;
    }

    @Produces
    public DocumentService documentService() {
        return documents;
    }

    @Produces
    public CaseService caseService() {
        return cases;
    }

    @Produces
    public IdentityService identityService() {
        return identity;
    }

    /** Dependent scope: the service is a plain final class, shared by returning the one instance. */
    @Produces
    public RecordService recordService() {
        return records;
    }

    @Produces
    public SyncService syncService() {
        return sync;
    }

    @Produces
    public BundleService bundleService() {
        return new BundleService(database, records.store(), attachments, Clock.systemUTC(), settings.dataDir().resolve("tmp"), anchor);
    }

    @Produces
    public AuditService auditService() {
        return new AuditService(database, anchor);
    }

    public AuditAnchor auditAnchor() {
        return anchor;
    }

    @Produces
    public AttachmentStore attachmentStore() {
        return attachments;
    }

    public ServerSettings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    @PreDestroy
    void close() {
        // the last entries are anchored while the database is still open; the web server has stopped,
        // so no request is left for the queue to refuse, and the last checkpoint goes through it
        database.acceptQueuedWork();
        anchor.close();
        database.close();
    }
}
