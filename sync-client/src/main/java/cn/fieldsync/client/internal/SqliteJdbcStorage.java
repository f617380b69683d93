package cn.fieldsync.client.internal;

import cn.fieldsync.client.StoreStorage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** {@link StoreStorage} on the JVM: xerial sqlite-jdbc (its native SQLite ships in its jar). */
public final class SqliteJdbcStorage implements StoreStorage {

    @Override
    public Connection open(Path databaseFile) throws SQLException {
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "FULL");
        props.setProperty("busy_timeout", "10000");
        props.setProperty("foreign_keys", "true");
        // every transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to the
        // busy timeout: a transaction that read first and wrote later would otherwise fail at once
        // (SQLITE_BUSY_SNAPSHOT) when another process — a sync running beside an edit — wrote between
        props.setProperty("transaction_mode", "IMMEDIATE");
        // the device reads no key SQLite generates (ids are UUIDs; the outbox reads its seq back by
        // query): without this the driver matches every statement's SQL against a pattern and runs
        // a "SELECT last_insert_rowid()" after every INSERT, a second statement per pulled row
        props.setProperty("jdbc.get_generated_keys", "false");
        return DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath(), props);
    }
}
