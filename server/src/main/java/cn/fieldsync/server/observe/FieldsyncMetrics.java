package cn.fieldsync.server.observe;

import cn.fieldsync.schemas.BuildInfo;
import cn.fieldsync.server.app.ServerResources;
import cn.fieldsync.server.persistence.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's metrics, scraped as Prometheus text at {@code /metrics} (Micrometer's Prometheus
 * registry). Names below are Micrometer's; Prometheus sees dots as underscores and gets the unit
 * suffix ({@code fieldsync_sync_push_seconds}, {@code http_server_requests_seconds}).
 *
 * <ul>
 *   <li>{@code http.server.requests} (timer): method, route template, status</li>
 *   <li>{@code fieldsync.sync.push}, {@code fieldsync.sync.pull} (timers): one per push or pull request;
 *       {@code fieldsync.sync.push.operations} (counter, tag {@code outcome}: applied, merged,
 *       conflict, rejected, duplicate, held) and {@code fieldsync.sync.pull.records}</li>
 *   <li>{@code fieldsync.conflicts.open}, {@code fieldsync.operations.held},
 *       {@code fieldsync.operations.rejected}, {@code fieldsync.pushes.quarantined} (gauges, counted in
 *       the database at each scrape, so the same on every node: four indexed or small COUNTs)</li>
 *   <li>{@code fieldsync.attachments.received} (counter, bytes uploaded to this node),
 *       {@code fieldsync.attachments.disk.free} (gauge, bytes usable where attachments are stored)</li>
 *   <li>{@code fieldsync.db.pool.*} (gauges: active, idle, open, max, pending threads)</li>
 *   <li>the JVM's memory, GC, threads, CPU and uptime; {@code fieldsync.info} carries the version as a tag</li>
 * </ul>
 * Thread-safe.
 */
@ApplicationScoped
public class FieldsyncMetrics {

    private static final Logger LOG = Logger.getLogger(FieldsyncMetrics.class.getName());
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Counter attachmentBytes;
    private final Timer push;
    private final Timer pull;
    private final Counter pulledRecords;
    private final Map<String, String> countQueries = new LinkedHashMap<>();

    @Inject
    public FieldsyncMetrics(ServerResources resources) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database database = resources.database();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Gauge.builder("fieldsync.info", () -> 1).tag("version", BuildInfo.current().version())
                .tag("commit", BuildInfo.current().commit().orElse("unknown"))
                .tag("database", database.settings().isSqlite() ? "sqlite" : "postgresql")
                .description("the running release").register(registry);

        pool(database, "active", Database.PoolState::active, "connections in use");
        pool(database, "idle", Database.PoolState::idle, "connections open and free");
        pool(database, "open", Database.PoolState::total, "connections open");
        pool(database, "max", Database.PoolState::max, "the pool's maximum");
        pool(database, "pending", Database.PoolState::waiting, "threads waiting for a connection");

        countQueries.put("fieldsync.conflicts.open", "SELECT COUNT(*) FROM sync_conflict WHERE status = 'OPEN'");
        countQueries.put("fieldsync.operations.held", "SELECT COUNT(*) FROM held_op");
        countQueries.put("fieldsync.operations.rejected", "SELECT COUNT(*) FROM rejected_op");
        countQueries.put("fieldsync.pushes.quarantined", "SELECT COUNT(*) FROM quarantined_push");
        countQueries.forEach((name, sql) -> Gauge.builder(name, () -> count(database, sql)).register(registry));

        Path attachments = resources.settings().dataDir().resolve("attachments");
        Gauge.builder("fieldsync.attachments.disk.free", () -> AttachmentSpaceHealthCheck.usableBytes(attachments)).baseUnit("bytes")
                .description("bytes usable on the file system that holds the attachments").register(registry);
        this.attachmentBytes = Counter.builder("fieldsync.attachments.received").baseUnit("bytes")
                .description("attachment bytes uploaded to this node").register(registry);
        this.push = Timer.builder("fieldsync.sync.push").description("push requests").serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.pull = Timer.builder("fieldsync.sync.pull").description("pull (change feed) requests").serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.pulledRecords = Counter.builder("fieldsync.sync.pull.records").description("changes handed out by pulls").register(registry);
    }

    /** For CDI's proxy only. */
    protected FieldsyncMetrics() {
        this.registry = null;
        this.gc = null;
        this.attachmentBytes = null;
        this.push = null;
        this.pull = null;
        this.pulledRecords = null;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** One HTTP request answered: {@code route} is the template, or a coarse name outside the API. */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests").tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One push request and the outcome of each of its operations ({@code applied}, {@code conflict}, ...). */
    public void pushed(long nanos, Iterable<String> outcomes) {
        push.record(nanos, TimeUnit.NANOSECONDS);
        for (String outcome : outcomes) {
            registry.counter("fieldsync.sync.push.operations", "outcome", outcome).increment();
        }
    }

    /** One pull request that handed out {@code changes} changes. */
    public void pulled(long nanos, int changes) {
        pull.record(nanos, TimeUnit.NANOSECONDS);
        pulledRecords.increment(changes);
    }

    public void attachmentBytesReceived(long bytes) {
        if (bytes > 0) {
            attachmentBytes.increment(bytes);
        }
    }

    private void pool(Database database, String name, ToDoubleFunction<Database.PoolState> value, String description) {
        Gauge.builder("fieldsync.db.pool." + name, () -> value.applyAsDouble(database.poolState()))
                .description(description).register(registry);
    }

    /** One count; NaN while the database does not answer (the scrape still answers). */
    private static double count(Database database, String sql) {
        try {
            return database.withConnection(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                    rs.next();
                    return (double) rs.getLong(1);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics: the database does not answer", e);
            return Double.NaN;
        }
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
