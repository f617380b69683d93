package cn.fieldsync.server.persistence;

import java.nio.file.Path;

/**
 * Where the server keeps its records.
 *
 * @param url      JDBC URL; {@code jdbc:sqlite:...} (the embedded default) or {@code jdbc:postgresql:...}
 * @param user     database user (ignored by SQLite)
 * @param password database password (ignored by SQLite)
 * @param schema   PostgreSQL schema to use and create, or blank for the user's default
 * @param poolSize connections in the pool
 * @param queueWriters a node's writing transactions run one at a time, in the order they came
 *                     ({@code fieldsync.db.queue-writers}, default true; SQLite always): see {@code Database#inTransaction}
 */
public record DatabaseSettings(String url, String user, String password, String schema, int poolSize, boolean queueWriters) {

    /** With a node's writers queued (the default). */
    public DatabaseSettings(String url, String user, String password, String schema, int poolSize) {
        this(url, user, password, schema, poolSize, true);
    }

    public DatabaseSettings {
        if (url == null || !(url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("fieldsync.db.url must be a jdbc:sqlite: or jdbc:postgresql: URL, got: " + url);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("fieldsync.db.pool-size must be at least 1, got: " + poolSize);
        }
        schema = schema == null ? "" : schema;
        if (!schema.isEmpty() && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("fieldsync.db.schema must be a plain lower-case identifier, got: " + schema);
        }
    }

    /** The embedded default: one SQLite file in the data directory. */
    public static DatabaseSettings sqliteIn(Path dataDir) {
        return new DatabaseSettings("jdbc:sqlite:" + dataDir.resolve("fieldsync.db").toAbsolutePath(), "", "", "", 4);
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** A name for logs and health: never includes the password. */
    public String describe() {
        return (isSqlite() ? "SQLite " : "PostgreSQL ") + url + (schema.isEmpty() ? "" : " schema " + schema);
    }
}
