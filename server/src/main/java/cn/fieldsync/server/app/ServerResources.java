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
import java.time.Duration;
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
    public ServerResources(EarlyOpening early, Config config) {
        Parts parts = early.take(config);
        this.settings = parts.settings();
        this.database = parts.database();
        this.attachments = parts.attachments();
        this.records = parts.records();
        this.sync = parts.sync();
        this.identity = parts.identity();
        this.cases = parts.cases();
        this.anchor = parts.anchor();
        this.documents = parts.documents();
    }

    /** What {@link #open} makes: the database and the services built on it. */
    record Parts(ServerSettings settings, Database database, AttachmentStore attachments, RecordService records, SyncService sync,
                 IdentityService identity, CaseService cases, AuditAnchor anchor, DocumentService documents) {

        /** Closes what was opened: the anchor first (its last entries go while the database is open). */
        void close() {
            anchor.close();
            database.close();
        }
    }

    /**
     * Opens the database (migrating it) and builds the services on it from the settings in
     * {@code config}. Runs on {@link EarlyOpening}'s thread while CDI boots, or here when that was
     * not started with the same configuration. Throws what {@link Database#open} throws (a database
     * that cannot be reached, a schema newer than this release).
     */
    static Parts open(Config config) {
        return open(config, () -> { });
    }

    /**
     * {@link #open(Config)}, calling {@code beforeWriting} before the first write anywhere: a new
     * SQLite file, a migration ({@link Database#open(DatabaseSettings, Runnable)}), the attachment
     * directories, the audit key and the audit anchor's checkpoints. What comes before it only reads
     * (SQLite's native library, the pool, Flyway's reading, EclipseLink's metadata), so an early
     * opening of a start that is then refused (a bad setting CDI finds) writes nothing. Whatever was
     * opened is closed when this throws.
     */
    static Parts open(Config config, Runnable beforeWriting) {
        ServerSettings settings = ServerSettings.from(config);
        RuleSettings rules = RuleSettings.from(config);
        PeriodRules periods = PeriodSettings.from(config);
        ThrottleLimits throttle = throttleLimits(config);
        AuditSettings audit = AuditSettings.from(key -> config.getOptionalValue(key, String.class), settings.dataDir());
        DocumentSettings printing = DocumentSettings.from(key -> config.getOptionalValue(key, String.class));
        Database database = Database.open(settings.database(), beforeWriting);
        try {
            beforeWriting.run();
            AttachmentStore attachments = new FileAttachmentStore(settings.dataDir().resolve("attachments"), settings.attachmentMaxBytes());
            RecordService records = new RecordService(database, Clock.systemUTC(), settings.zone(), attachments, rules.hazardPolicy(), rules.minInspectors());
            SyncService sync = new SyncService(database, records.store(), Clock.systemUTC());
            IdentityService identity = new IdentityService(database, Clock.systemUTC(), settings.tokenTtl(), settings.refreshTtl(), throttle);
            CaseService cases = new CaseService(database, records.store(), Clock.systemUTC(), settings.zone(), settings.caseNumberPattern(), settings.caseWindowMonths(),
                    periods);
            // evidence that arrives after a case was opened is proposed then
            records.listen(cases::evidenceArrived);
            sync.listen(cases::evidenceArrived);
            AuditAnchor anchor = new AuditAnchor(database, AuditKey.loadOrCreate(audit.keyFile()), audit.checkpointFile(),
                    audit.checkpointEvery(), audit.checkpointInterval(), Clock.systemUTC());
            anchor.start();
            if (printing.font().filter(java.nio.file.Files::isReadable).isEmpty()) {
                LOG.warning(() -> "fieldsync: no Chinese font to print documents with (" + printing.fontSetting()
                        + "): install fonts-wqy-microhei or set fieldsync.documents.font; printing answers document_font_missing until then");
            }
            DocumentService documents = new DocumentService(database, records, cases, attachments, printing, Clock.systemUTC(), settings.zone());
            LOG.info(() -> "fieldsync: records in " + settings.database().describe());
            return new Parts(settings, database, attachments, records, sync, identity, cases, anchor, documents);
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    /**
     * Loads what the first request that writes a record would otherwise load while the device
     * waits: the JSON Schemas of every record type and sync message, with their validators (about
     * 0.4 s of a cold JVM). Run after the opening, on its thread, while the server is still
     * starting; a request that comes first waits for the same loading instead of doing it twice
     * (the schemas are a lazily initialised holder class).
     */
    static void warmUp() {
        try {
            cn.fieldsync.schemas.RecordSchemas.get();
        } catch (RuntimeException | Error e) {
            // the first request that needs them says what is wrong, in its answer
            LOG.log(java.util.logging.Level.FINE, "the record schemas could not be loaded ahead", e);
        }
    }

    /** {@code fieldsync.auth.throttle.per-user}, {@code .per-address}, {@code .window} (ISO-8601), defaults in {@link ThrottleLimits#DEFAULT}. */
    private static ThrottleLimits throttleLimits(Config config) {
        ThrottleLimits d = ThrottleLimits.DEFAULT;
        return new ThrottleLimits(
                config.getOptionalValue("fieldsync.auth.throttle.per-user", Integer.class).orElse(d.perUser()),
                config.getOptionalValue("fieldsync.auth.throttle.per-address", Integer.class).orElse(d.perAddress()),
                config.getOptionalValue("fieldsync.auth.throttle.window", String.class).map(Duration::parse).orElse(d.window()));
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
        // the last entries are anchored while the database is still open
        anchor.close();
        database.close();
    }
}
