package cn.fieldsync.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Persistence;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
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
    private final ReentrantLock sqliteWriter;

    private Database(DatabaseSettings settings, HikariDataSource dataSource, EntityManagerFactory emf) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.emf = emf;
        this.sqliteWriter = settings.isSqlite() ? new ReentrantLock(true) : null;
    }

    public static Database open(DatabaseSettings settings) {
        if (settings.isSqlite()) {
            createParentDirectory(settings.url());
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(settings));
        try {
            migrate(settings, dataSource);
            Map<String, Object> properties = new HashMap<>();
            properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
            // EclipseLink has no SQLite platform; PostgreSQL's SQL is what both understand (docs/stack.md, trap 3).
            properties.put("eclipselink.target-database", "org.eclipse.persistence.platform.database.PostgreSQLPlatform");
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
            return new Database(settings, dataSource, emf);
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
     * Runs work in one transaction; commits when it returns, rolls back when it throws. On SQLite
     * writers queue here: SQLite has one writer anyway, and a transaction that read before it
     * wrote would otherwise fail at once with SQLITE_BUSY when another writer committed between.
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        if (sqliteWriter == null) {
            return transaction(work);
        }
        sqliteWriter.lock();
        try {
            return transaction(work);
        } finally {
            sqliteWriter.unlock();
        }
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
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            // The rollback of a transaction whose connection the database dropped (PostgreSQL
            // restarting: 57P01) fails too — the pool has closed that connection ("Connection is
            // closed", no SQLSTATE). Thrown from here it would replace the cause that says the
            // database went away, and a retriable 503 would be answered as a 500.
            rollback(tx, e);
            throw e;
        } finally {
            em.close();
        }
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
        try (java.sql.Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (java.sql.SQLException e) {
            throw new jakarta.persistence.PersistenceException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(java.sql.Connection c) throws java.sql.SQLException;
    }

    @Override
    public void close() {
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
        } else {
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            if (!settings.schema().isEmpty()) {
                config.setSchema(settings.schema());
            }
        }
        return config;
    }

    private static void migrate(DatabaseSettings settings, HikariDataSource dataSource) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
        if (!settings.schema().isEmpty()) {
            flyway.schemas(settings.schema()).createSchemas(true);
        }
        flyway.load().migrate();
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
