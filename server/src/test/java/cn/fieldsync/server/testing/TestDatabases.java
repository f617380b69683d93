package cn.fieldsync.server.testing;

import cn.fieldsync.server.persistence.DatabaseSettings;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The databases the suite runs on: always SQLite; PostgreSQL too when FIELDSYNC_TEST_PG_URL (and
 * _USER, _PASSWORD) name a server, as .ci/run does. With fieldsync.test.require-pg=true a missing
 * PostgreSQL fails the run instead of being skipped, so CI cannot pass on SQLite alone.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** The kinds of database this run covers, for parameterised tests: "sqlite" and maybe "postgresql". */
    public static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("sqlite"));
        if (postgresUrl() != null) {
            kinds.add("postgresql");
        } else if (Boolean.getBoolean("fieldsync.test.require-pg")) {
            throw new IllegalStateException("fieldsync.test.require-pg is set but FIELDSYNC_TEST_PG_URL is not");
        }
        return kinds;
    }

    /** A fresh, empty database of that kind, named after the test: a new SQLite file or PostgreSQL schema. */
    public static DatabaseSettings fresh(String kind, String name) {
        return kind.equals("sqlite") ? DatabaseSettings.sqliteIn(freshDirectory(name)) : freshPostgres(name);
    }

    public static Path freshDirectory(String name) {
        Path dir = Path.of("target", "test-data", name);
        deleteRecursively(dir);
        return dir;
    }

    public static DatabaseSettings freshPostgres(String schema) {
        String url = postgresUrl();
        try (Connection c = DriverManager.getConnection(url, setting("USER"), setting("PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        return new DatabaseSettings(url, setting("USER"), setting("PASSWORD"), schema, 4);
    }

    /**
     * A fresh database of that kind as an older release left it: migrated up to {@code version} only
     * (for a test that fills it and then lets {@code Database.open} upgrade it).
     */
    public static DatabaseSettings migratedTo(String kind, String name, String version) {
        DatabaseSettings settings = fresh(kind, name);
        if (settings.isSqlite()) {
            try {
                Files.createDirectories(Path.of("target", "test-data", name)); // SQLite makes no directory
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                .schemas(settings.schema().isEmpty() ? new String[0] : new String[]{settings.schema()}).createSchemas(true)
                .locations("classpath:db/migration").target(version).load().migrate();
        return settings;
    }

    /** A plain JDBC connection to the database those settings name (in their schema, if any). */
    public static Connection connect(DatabaseSettings settings) throws SQLException {
        Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        if (!settings.schema().isEmpty()) {
            c.setSchema(settings.schema());
        }
        return c;
    }

    /**
     * A plain JDBC connection to the database a {@code @HelidonTest} class runs on: its SQLite file,
     * or its PostgreSQL schema in the postgresql execution. For tests that reach under the API.
     */
    public static Connection connect(String dataDir, String schema) throws SQLException {
        String url = System.getProperty("fieldsync.db.url");
        if (url == null) {
            return DriverManager.getConnection("jdbc:sqlite:" + Path.of(dataDir, "fieldsync.db").toAbsolutePath());
        }
        Connection c = DriverManager.getConnection(url, System.getProperty("fieldsync.db.user"),
                System.getProperty("fieldsync.db.password"));
        c.setSchema(schema);
        return c;
    }

    public static String postgresUrl() {
        return setting("URL");
    }

    private static String setting(String suffix) {
        String value = System.getProperty("fieldsync.test.pg." + suffix.toLowerCase());
        if (value == null || value.isBlank()) {
            value = System.getenv("FIELDSYNC_TEST_PG_" + suffix);
        }
        return value == null || value.isBlank() ? null : value;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
