package cn.fieldsync.client.internal;

import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.RecordValidator;
import cn.fieldsync.client.StoreBusyException;
import cn.fieldsync.client.StoreCorruptException;
import cn.fieldsync.client.StoreException;
import cn.fieldsync.client.StoreStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The device's SQLite file: one connection (one writer), WAL, and the tables of the store.
 *
 * <p>Thread-safe: every read and every transaction holds one lock over the connection, so a
 * background sync and the inspector's writes on other threads never share a transaction (a
 * failed bulk import rolls back whole even while another thread writes). The lock is
 * re-entrant: work inside a transaction may read through this object again.
 *
 * <ul>
 *   <li>{@code record}: what the user sees — the last server state with pending edits on top</li>
 *   <li>{@code shadow}: the last known server state of each record and its version</li>
 *   <li>{@code outbox}: pending operations, appended in the same transaction as each local write;
 *       {@code state} 'attention' when the server refused one for good (the inspector fixes and
 *       resends it, or withdraws it), and {@code code}/{@code reason} of why one waits or was refused</li>
 *   <li>{@code conflict}, {@code rejected}: what the server answered about this device's edits</li>
 *   <li>{@code withdrawn}: operations the inspector withdrew after a refusal — kept, never erased</li>
 *   <li>{@code meta}: server, device id, cursor, last sync; {@code sync_log}: what each round did</li>
 * </ul>
 */
public final class DeviceDb implements AutoCloseable {

    private static final int SCHEMA_VERSION = 4;

    private final Connection connection;
    private final Path dir;
    private final RecordValidator validator;
    private final ReentrantLock lock = new ReentrantLock();
    /** The connection's current PRAGMA synchronous: FULL (true) or NORMAL. */
    private boolean durable = true;

    private DeviceDb(Connection connection, Path dir, RecordValidator validator) {
        this.connection = connection;
        this.dir = dir;
        this.validator = validator;
    }

    /** How records are checked before they are stored (see {@link RecordValidator}). */
    public RecordValidator validator() {
        return validator;
    }

    /** The store's directory (the SQLite file, and attachments/ beside it). */
    public Path dir() {
        return dir;
    }

    /** The store in a directory on the JVM: sqlite-jdbc and the packaged JSON Schemas. */
    public static DeviceDb open(Path dir) {
        return open(dir, StoreStorage.sqliteJdbc(), RecordValidator.jsonSchema());
    }

    /** Opens (creating when new) the store in a directory, through the app's storage and validator. */
    public static DeviceDb open(Path dir, StoreStorage storage, RecordValidator validator) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputRefusedException("无法建立设备存储目录 " + dir + "：" + e.getMessage() + " (cannot create the store directory)");
        }
        Connection c = null;
        try {
            c = storage.open(dir.resolve(cn.fieldsync.client.FieldStore.DATABASE_FILE));
            DeviceDb db = new DeviceDb(c, dir, validator);
            db.migrate();
            return db;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("cannot open the store in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the open failed already: that is the failure to report
            }
        }
    }

    /**
     * The typed failure of a SQL error: busy (another process held the store past the busy
     * timeout), corrupt (a damaged file, or not a store at all), or another store failure.
     * SQLite's primary result codes: 5 BUSY, 6 LOCKED, 11 CORRUPT, 26 NOTADB.
     */
    static StoreException failure(String what, SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == 5 || primary == 6) {
            return new StoreBusyException("设备存储正被另一个程序占用，请稍后再试 (" + what + ": the store is busy: " + e.getMessage() + ")", e);
        }
        if (primary == 11 || primary == 26) {
            return new StoreCorruptException("设备存储已损坏或不是 fieldsync 存储；请保留该目录并联系管理员，不要删除 (" + what + ": "
                    + e.getMessage() + ")", e);
        }
        return new StoreException(what + ": " + e.getMessage(), false, e);
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > SCHEMA_VERSION) {
            throw new StoreException("设备存储由更新版本的 fieldsync 写入，请更新应用 (the store was written by a newer fieldsync, schema "
                    + version + ")", false, null);
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            if (version < 1) {
                createVersion1(s);
            }
            if (version < 2) {
                // 2: a pull after a scope change marks what it has not seen again, to drop it at the end
                s.execute("ALTER TABLE shadow ADD COLUMN unseen INTEGER NOT NULL DEFAULT 0");
            }
            if (version < 3) {
                // 3: refused operations stay in the outbox for the inspector; withdrawn ones are kept aside
                s.execute("ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'");
                s.execute("ALTER TABLE outbox ADD COLUMN code TEXT");
                s.execute("ALTER TABLE outbox ADD COLUMN reason TEXT");
                s.execute("ALTER TABLE outbox ADD COLUMN noted_at INTEGER");
                s.execute("CREATE TABLE withdrawn (op_id TEXT PRIMARY KEY, record_id TEXT NOT NULL, type TEXT NOT NULL,"
                        + " operation TEXT NOT NULL, code TEXT, reason TEXT, note TEXT, withdrawn_at INTEGER NOT NULL)");
                // opIds the device will never send again (withdrawn, or replaced by a resend): told to the server once
                s.execute("CREATE TABLE released (op_id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
            }
            // 4: when an operation went to the server and no answer is stored yet (in flight, or its answer lost):
            // the server may hold it, so it is no longer the inspector's to discard or rewrite as a draft
            s.execute("ALTER TABLE outbox ADD COLUMN sent_at INTEGER");
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void createVersion1(Statement s) throws SQLException {
        {
            s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE record (id TEXT PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL,"
                    + " deleted INTEGER NOT NULL, last_op_id TEXT, last_op_version INTEGER, updated_at INTEGER NOT NULL)");
            s.execute("CREATE INDEX record_by_type ON record (type, id)");
            s.execute("CREATE TABLE shadow (id TEXT PRIMARY KEY, type TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " deleted INTEGER NOT NULL, body TEXT NOT NULL)");
            s.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, op_id TEXT NOT NULL UNIQUE,"
                    + " record_id TEXT NOT NULL, type TEXT NOT NULL, base_version INTEGER NOT NULL, fields TEXT NOT NULL,"
                    + " del INTEGER NOT NULL, prev_op_id TEXT, created_at INTEGER NOT NULL)");
            s.execute("CREATE INDEX outbox_by_record ON outbox (record_id, seq)");
            s.execute("CREATE TABLE conflict (id TEXT PRIMARY KEY, record_id TEXT NOT NULL, op_id TEXT NOT NULL,"
                    + " status TEXT NOT NULL, fields TEXT, created_at INTEGER NOT NULL)");
            s.execute("CREATE TABLE rejected (op_id TEXT PRIMARY KEY, record_id TEXT, code TEXT NOT NULL,"
                    + " message TEXT NOT NULL, operation TEXT NOT NULL, created_at INTEGER NOT NULL)");
            s.execute("CREATE TABLE sync_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
                    + " event TEXT NOT NULL, detail TEXT)");
        }
    }

    /** Work in one transaction that reaches the disk at its commit: all of it is stored, or none of it. */
    public <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(true, work);
    }

    /**
     * Work in one transaction of a sync round: its commit may wait for the next WAL checkpoint
     * to reach the disk (PRAGMA synchronous NORMAL), since all it writes can be had again from
     * the server. The inspector's own writes use {@link #inTransaction(SqlWork)}.
     */
    public <T> T inRoundTransaction(SqlWork<T> work) {
        return inTransaction(false, work);
    }

    private <T> T inTransaction(boolean fullSync, SqlWork<T> work) {
        lock.lock();
        try {
            if (!connection.getAutoCommit()) {
                // nested in a transaction of the same thread: part of it
                return work.run(connection);
            }
            if (durable != fullSync) {
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA synchronous = " + (fullSync ? "FULL" : "NORMAL"));
                }
                durable = fullSync;
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("the store failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Reads under the store's lock (a consistent view: no other thread's transaction is half done). */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("the store failed", e);
        } finally {
            lock.unlock();
        }
    }

    public Optional<String> meta(String key) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Meta key of the zone the server counts days and shows times in ({@code fieldsync.zone}), learned at each sync. */
    public static final String SERVER_ZONE = "server.zone";

    /** The server's default zone ({@code fieldsync.zone}: Beijing time), used until the server has said its own. */
    public static final java.time.ZoneId DEFAULT_ZONE = java.time.ZoneId.of("Asia/Shanghai");

    /**
     * The zone the server counts a danger's days and shows times in, as it last said (its {@code /api/sync/limits}),
     * or {@link #DEFAULT_ZONE} before the first sync; never the device's own zone, so the device and the server read
     * the same day and the same clock time.
     */
    public static java.time.ZoneId zone(Connection c) throws SQLException {
        Optional<String> said = meta(c, SERVER_ZONE);
        if (said.isPresent()) {
            try {
                return java.time.ZoneId.of(said.get());
            } catch (java.time.DateTimeException e) {
                return DEFAULT_ZONE; // not a zone this runtime knows: the server's default
            }
        }
        return DEFAULT_ZONE;
    }

    /** A meta value read inside the caller's transaction. */
    public static Optional<String> meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static void setMeta(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    public static void log(Connection c, String event, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_log (at, event, detail) VALUES (?, ?, ?)")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, event);
            ps.setString(3, detail);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("closing the store failed", e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
