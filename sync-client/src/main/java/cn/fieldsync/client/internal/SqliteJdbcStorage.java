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
        return DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath(), props);
    }
}
