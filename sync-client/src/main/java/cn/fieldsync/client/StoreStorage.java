package cn.fieldsync.client;

import cn.fieldsync.client.internal.SqliteJdbcStorage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the library reaches SQLite: one JDBC connection to the store's database file. The JVM uses
 * {@link #sqliteJdbc()} (xerial sqlite-jdbc); an Android app supplies a connection over the
 * platform's SQLite (for example a JDBC driver such as SQLDroid wrapping
 * {@code android.database.sqlite}), so the library carries no native SQLite of its own there.
 *
 * <p>The connection must reach SQLite 3.24 or newer: the store writes with UPSERT
 * ({@code INSERT ... ON CONFLICT DO UPDATE}). Android's platform SQLite is that new from Android
 * 11 (API 30, SQLite 3.28); on API 26–29 the app bundles a SQLite (requery's sqlite-android, or
 * sqlite-jdbc's own Android native libraries). The connection has {@code PRAGMA foreign_keys = ON},
 * write-ahead logging ({@code journal_mode = WAL}) and a busy timeout of at least 10 seconds; the library sets
 * {@code synchronous} itself. Called once per {@link FieldStore#open}, on the caller's thread;
 * the library closes the connection at {@link FieldStore#close()}.
 */
@FunctionalInterface
public interface StoreStorage {

    /**
     * Opens the database file, creating it when absent.
     *
     * @param databaseFile the SQLite file inside the store's directory (its parent exists)
     * @return an open connection in auto-commit mode; never null
     * @throws SQLException when the file cannot be opened (the library answers a {@link StoreException})
     */
    Connection open(Path databaseFile) throws SQLException;

    /** The JVM's storage: sqlite-jdbc, WAL, FULL sync, 10 s busy timeout, BEGIN IMMEDIATE transactions. */
    static StoreStorage sqliteJdbc() {
        return new SqliteJdbcStorage();
    }
}
