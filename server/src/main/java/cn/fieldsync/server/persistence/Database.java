package cn.fieldsync.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The server's database: a connection pool, the schema brought up to date by Flyway, and an
 * EclipseLink RESOURCE_LOCAL factory on top (see docs/stack.md, "Persistence", for why not Helidon's JTA route).
 * Plain Java so that persistence tests run it without a container.
 */
public final class Database implements AutoCloseable {

    public static final String PERSISTENCE_UNIT = "fieldsync";

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;
    /** The node's one writer thread, or null when writers are not queued (see {@link #inTransaction}). */
    private final ExecutorService writers;
    private final Flyway flyway;
    /** The schema state read last, and when ({@link System#nanoTime}): see {@link #schemaState()}. */
    private volatile SchemaReading schemaRead;

    private Database(DatabaseSettings settings, HikariDataSource dataSource, EntityManagerFactory emf, Flyway flyway,
                     SchemaState atStart) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.emf = emf;
        this.flyway = flyway;
        this.schemaRead = atStart == null ? null : new SchemaReading(atStart, System.nanoTime());
        this.writers = settings.isSqlite() || settings.queueWriters() ? Executors.newSingleThreadExecutor(Database::writerThread) : null;
    }

    public static Database open(DatabaseSettings settings) {
        if (settings.isSqlite()) {
            createParentDirectory(settings.url());
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(settings));
        try {
            Flyway flyway = flyway(settings, dataSource);
            MigrationInfoService info = flyway.info();
            refuseNewerSchema(info);
            boolean current = exactlyThisRelease(info);
            if (!current) {
                // migrate() validates again (checksums, names, gaps: validateOnMigrate) and applies what is pending
                flyway.migrate();
            }
            Map<String, Object> properties = new HashMap<>();
            // inserts of the push path are sent in batches, before anything that could read them (WriteBehind)
            properties.put("jakarta.persistence.nonJtaDataSource", WriteBehind.around(dataSource));
            // EclipseLink has no SQLite platform; PostgreSQL's SQL is what both understand (docs/stack.md, trap 3).
            properties.put("eclipselink.target-database", "org.eclipse.persistence.platform.database.PostgreSQLPlatform");
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
            // the start's own reading answers the first /version and readiness checks (a migrated start reads again)
            return new Database(settings, dataSource, emf, flyway, current ? schemaState(info) : null);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public EntityManagerFactory entityManagerFactory() {
        return emf;
    }

    /**
     * Runs work in one transaction; commits when it returns, rolls back when it throws. A node's
     * writers queue here, in the order they came. On SQLite always: it has one writer anyway, and a
     * transaction that read before it wrote would otherwise fail at once with SQLITE_BUSY when
     * another writer committed between. On PostgreSQL by default ({@code fieldsync.db.queue-writers}):
     * every writing transaction appends to the one audit chain and takes the change sequence, so
     * writes are one at a time across all nodes whatever happens here; unqueued, every waiting
     * transaction held a pool connection (load harness, two nodes: 16–18 of 20 waiting on the
     * head's row lock, the pulls waiting for a connection, p99 9.6 s) and shared the processors with
     * the one that held the lock. Queued, the pulls' p99 fell to 0.3 s and the pushes' from 12.8 s
     * to 4.7 s at 10% more operations a second. The lock order still matters across nodes
     * (MixedBatchesApiTest runs unqueued to keep proving it).
     *
     * <p>The queue is one platform thread per node ({@code fieldsync-writer}) that runs the
     * writing transactions one after another, in the order they came; the caller's thread waits
     * for the result (uninterruptibly, as it waited for the lock before) and gets the work's own
     * failure, unwrapped. Why a thread of its own rather than a lock taken on the request's
     * virtual thread: the writer holds the database's global locks (audit head, change sequence)
     * from its first change to its commit, and after each of its statements it must run again;
     * a virtual thread then waits in the carriers' queue behind every request that is parsing or
     * validating, while the other node's writer waits for its locks. Measured with
     * {@code ops/bench/load.sh --db pg} (docs/operations.md, "The writer's own thread").
     * Work that itself opens a transaction runs it on the writer thread directly (a nested
     * transaction, as the re-entrant lock allowed).
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        if (writers == null || Thread.currentThread() == writer) {
            return transaction(work);
        }
        java.util.concurrent.Future<T> result = writers.submit(() -> {
            writer = Thread.currentThread();
            if (stopping) {
                throw new cn.fieldsync.server.error.RetryLaterException(cn.fieldsync.server.error.ErrorCode.SERVER_STOPPING,
                        cn.fieldsync.schemas.Labels.name("errors", "server_stopping"), STOPPING_RETRY_AFTER_SECONDS);
            }
            return transaction(work);
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new PersistenceException("a writing transaction failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private volatile boolean stopping;

    /**
     * The server stops and its grace period is over: the writing transactions still queued are not
     * run but fail with {@code 503 server_stopping} and Retry-After (nothing of them was written;
     * the one running finishes).
     * Without this a long queue (a tester: 70 persons created at once, 0.65 s each) held the
     * stop for a minute while the web server had already been told to stop.
     */
    public void refuseQueuedWork() {
        stopping = true;
    }

    /** Runs queued writing transactions again: the web server has stopped, the last checkpoint is to be written. */
    public void acceptQueuedWork() {
        stopping = false;
    }

    /** Retry-After of {@code server_stopping}: a restart takes a few seconds; another node may answer at once. */
    public static final int STOPPING_RETRY_AFTER_SECONDS = 5;

    /** The writer thread, once it has run a transaction: work on it runs nested transactions directly. */
    private volatile Thread writer;

    private static Thread writerThread(Runnable r) {
        Thread t = new Thread(r, "fieldsync-writer");
        t.setDaemon(true);
        return t;
    }

    private <T> T transaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        // Written once, at commit. With the default (AUTO) EclipseLink recomputes the changes of
        // every managed entity before each query, which makes a batch of n writes cost n².
        // Work inside a transaction reads its own writes through em.find, never through queries.
        em.setFlushMode(FlushModeType.COMMIT);
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            BeforeCommit.run(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            // The rollback of a transaction whose connection the database dropped (PostgreSQL
            // restarting: 57P01) fails too — the pool has closed that connection ("Connection is
            // closed", no SQLSTATE). Thrown from here it would replace the cause that says the
            // database went away, and a retriable 503 would be answered as a 500.
            rollback(tx, e);
            throw databaseFailure(e);
        } catch (Error e) {
            rollback(tx, e);
            throw e;
        } finally {
            BeforeCommit.forget(em);
            em.close();
        }
    }

    /**
     * Every failure of the database leaves a transaction as a {@link PersistenceException}, the
     * one kind callers fall back on (a push applied again one operation at a time, a conflict
     * resolution answered as a race). EclipseLink's {@code em.find} throws its own
     * {@code DatabaseException}, which is not one: a row written behind ({@link WriteBehind}) and
     * refused when a find sent it (a key another node wrote meanwhile) answered 500 instead of
     * being applied one by one. A refusal of the domain carries no {@link SQLException} and
     * passes unchanged.
     */
    static RuntimeException databaseFailure(RuntimeException e) {
        if (e instanceof PersistenceException) {
            return e;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return new PersistenceException(e.getMessage(), e);
            }
        }
        return e;
    }

    private static void rollback(EntityTransaction tx, Throwable cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException failed) {
            cause.addSuppressed(failed);
        }
    }

    /** Runs read-only work with its own entity manager. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /** Plain JDBC on a connection of the pool, for work that JPA does not help with (chain checks). */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public void close() {
        if (writers != null) {
            writers.shutdown();
        }
        try {
            emf.close();
        } finally {
            dataSource.close();
        }
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("fieldsync");
        if (settings.isSqlite()) {
            // WAL lets readers run beside the one writer; the busy timeout makes a second writer
            // wait instead of failing with SQLITE_BUSY (docs/stack.md, trap 5).
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
            // every key is assigned by the server (UUIDs, sequence numbers): no insert needs the
            // driver's extra "SELECT last_insert_rowid()" after it, a statement per row on the push path
            config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        } else {
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            if (!settings.schema().isEmpty()) {
                config.setSchema(settings.schema());
            }
        }
        return config;
    }

    private static Flyway flyway(DatabaseSettings settings, HikariDataSource dataSource) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
        if (!settings.schema().isEmpty()) {
            flyway.schemas(settings.schema()).createSchemas(true);
        }
        return flyway.load();
    }

    /**
     * An older release on a database a newer one migrated would write rows the newer schema's
     * rules (constraints, columns, meaning) do not expect: Flyway only warns about such "future"
     * migrations, so the start is refused here, before anything is written.
     *
     * @throws NewerSchemaException naming the newest migration this binary knows and the database's
     */
    private static void refuseNewerSchema(MigrationInfoService info) {
        List<String> future = Arrays.stream(info.applied())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(m -> "V" + m.getVersion())
                .toList();
        if (!future.isEmpty()) {
            throw new NewerSchemaException(knownVersion(info), future);
        }
    }

    /**
     * True when {@code flyway.migrate()} would find nothing to do and nothing to refuse: every
     * migration of this binary is applied, succeeded, and has the checksum, description and type
     * it was applied with, and the database has none this binary lacks. This is what Flyway's
     * validation on migrate checks (its default ignores only future migrations, refused above), read
     * from the same {@code info()} that looked for newer migrations: each Flyway command scans the
     * migrations, reads and checksums every script and reads the history table again, which made
     * the second scan (migrate's, to apply nothing) a tenth of the server's start (issue 17). In
     * any other case (a pending, failed, missing, ignored or changed migration, or no history
     * table yet) the caller runs {@code migrate()}, which validates, applies or fails as before.
     */
    static boolean exactlyThisRelease(MigrationInfoService info) {
        MigrationInfo[] all = info.all();
        return all.length > 0 && Arrays.stream(all).allMatch(m -> m.isVersioned()
                && m.getState() == MigrationState.SUCCESS && appliedAsResolved(m));
    }

    /**
     * The script applied is this binary's: the same checksum, description and type (what Flyway's
     * validation compares). Read through Flyway's own MigrationInfoImpl: the public MigrationInfo
     * gives only the checksums of both sides. Anything else (another Flyway, a side missing, a
     * checksum-less migration) answers false, and the caller lets migrate() decide.
     */
    private static boolean appliedAsResolved(MigrationInfo m) {
        if (!(m instanceof MigrationInfoImpl both) || both.getResolvedMigration() == null || both.getAppliedMigration() == null) {
            return false;
        }
        var resolved = both.getResolvedMigration();
        var applied = both.getAppliedMigration();
        return resolved.getChecksum() != null && resolved.getChecksum().equals(applied.getChecksum())
                && resolved.getDescription() != null && resolved.getDescription().equals(applied.getDescription())
                && resolved.getType() != null && resolved.getType().equals(applied.getType());
    }

    private static String knownVersion(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).map(v -> v.getVersion()).orElse("0");
    }

    /**
     * The schema as Flyway sees it, asked of the database at most {@link #SCHEMA_STATE_MAX_AGE_NANOS}
     * ago (another node may have migrated it since this one started; the start's own reading counts
     * when the start migrated nothing): the version applied last, the newest this binary knows, and
     * whether the two agree (nothing pending, nothing newer). A new reading is one {@code info()}:
     * a read of the history table and of the migration scripts. Safe from any thread.
     */
    public SchemaState schemaState() {
        SchemaReading last = schemaRead;
        if (last != null && System.nanoTime() - last.atNanos() < SCHEMA_STATE_MAX_AGE_NANOS) {
            return last.state();
        }
        SchemaState now = schemaState(flyway.info());
        schemaRead = new SchemaReading(now, System.nanoTime());
        return now;
    }

    /**
     * How old a schema state {@link #schemaState()} may answer: each reading scans and checksums
     * every migration script and reads the history table (about 0.1 s of a core), and readiness
     * checks and {@code GET /version} may come many times a second. A node learns of a newer
     * release's migration this much later, before it leaves the load balancer.
     */
    public static final long SCHEMA_STATE_MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private record SchemaReading(SchemaState state, long atNanos) {
    }

    private static SchemaState schemaState(MigrationInfoService info) {
        MigrationInfo current = info.current();
        boolean future = Arrays.stream(info.applied()).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED);
        return new SchemaState(current == null ? "0" : current.getVersion().getVersion(), knownVersion(info),
                info.pending().length, future);
    }

    /** @param pending migrations this binary has that the database lacks; {@code newer} when the database has some this binary lacks */
    public record SchemaState(String applied, String known, int pending, boolean newer) {
        public boolean current() {
            return pending == 0 && !newer;
        }
    }

    /** The connection pool now: connections in use, idle, open in all, the maximum, and threads waiting for one. */
    public PoolState poolState() {
        var pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return new PoolState(0, 0, 0, settings.poolSize(), 0);
        }
        return new PoolState(pool.getActiveConnections(), pool.getIdleConnections(), pool.getTotalConnections(),
                settings.poolSize(), pool.getThreadsAwaitingConnection());
    }

    public record PoolState(int active, int idle, int total, int max, int waiting) {
    }

    private static void createParentDirectory(String url) {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
    }
}
