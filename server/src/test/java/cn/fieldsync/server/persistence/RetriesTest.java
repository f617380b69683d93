package cn.fieldsync.server.persistence;

import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 19: a pushed operation is run again only when the database says running it again can
 * succeed (SQLITE_BUSY, a serialisation failure, a deadlock, a key a concurrent writer inserted
 * first), a bounded number of times, and the failures of the earlier attempts stay attached to
 * the one finally thrown. The failures here are the databases' own, not made-up exceptions.
 */
class RetriesTest {

    @Test
    void anOperationThatFoundTheSqliteFileBusyIsRunAgainAndSucceedsOnceTheOtherWriterIsDone() throws Exception {
        Path file = sqliteFile("retries_busy");
        AtomicInteger attempts = new AtomicInteger();
        try (Connection other = sqlite(file)) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)"); // holds the write lock until commit
            }
            int inserted = Retries.retrying(() -> {
                if (attempts.incrementAndGet() == 2) {
                    commit(other); // the other writer finishes while this one waits to try again
                }
                return insert(file, 2);
            });
            assertThat(inserted).isEqualTo(1);
        }
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anOperationThatKeepsFindingTheFileBusyStopsAfterTheBoundWithEveryEarlierFailureKept() throws Exception {
        Path file = sqliteFile("retries_bounded");
        AtomicInteger attempts = new AtomicInteger();
        try (Connection other = sqlite(file)) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            assertThatThrownBy(() -> Retries.retrying(() -> {
                attempts.incrementAndGet();
                return insert(file, 2);
            })).satisfies(e -> {
                assertThat(Retries.retriable(e)).isTrue();
                assertThat(e.getSuppressed()).hasSize(Retries.ATTEMPTS - 1)
                        .allSatisfy(earlier -> assertThat(Retries.retriable(earlier)).isTrue());
            });
        }
        assertThat(attempts).hasValue(Retries.ATTEMPTS);
    }

    @Test
    void aFailureThatWouldRecurIsThrownAtOnceWithoutASecondAttempt() throws Exception {
        Path file = sqliteFile("retries_final");
        insert(file, 1);
        AtomicInteger attempts = new AtomicInteger();
        // the same primary key again: SQLITE_CONSTRAINT, which no retry can get past
        assertThatThrownBy(() -> Retries.retrying(() -> {
            attempts.incrementAndGet();
            return insert(file, 1);
        })).satisfies(e -> {
            assertThat(Retries.retriable(e)).isFalse();
            assertThat(e.getSuppressed()).isEmpty();
        });
        assertThat(attempts).hasValue(1);
    }

    @Test
    void postgresqlDeadlocksAndSerialisationFailuresAreRetriableAndOtherErrorsAreNot() throws Exception {
        assumeTrue(TestDatabases.postgresUrl() != null, "PostgreSQL runs only when FIELDSYNC_TEST_PG_URL is set");
        DatabaseSettings pg = TestDatabases.freshPostgres("retries");
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
            // PostgreSQL raising each condition itself, through the real driver
            assertThat(Retries.retriable(raised(c, "40P01"))).as("deadlock_detected").isTrue();
            assertThat(Retries.retriable(raised(c, "40001"))).as("serialization_failure").isTrue();
            assertThat(Retries.retriable(raised(c, "23505"))).as("unique_violation").isTrue();
            assertThat(Retries.retriable(raised(c, "23503"))).as("foreign_key_violation").isFalse();
            assertThat(Retries.retriable(raised(c, "22P02"))).as("invalid_text_representation").isFalse();
        }
    }

    private static SQLException raised(Connection c, String sqlState) {
        try (Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE EXCEPTION 'raised for the test' USING ERRCODE = '" + sqlState + "'; END $$");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo(sqlState);
            return e;
        }
        throw new AssertionError("PostgreSQL raised nothing");
    }

    private static Path sqliteFile(String name) throws Exception {
        Path dir = TestDatabases.freshDirectory(name);
        Files.createDirectories(dir);
        Path file = dir.resolve("t.db");
        try (Connection c = sqlite(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        }
        return file;
    }

    /** A connection that fails at once with SQLITE_BUSY instead of waiting for the lock. */
    private static Connection sqlite(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
        }
        return c;
    }

    private static int insert(Path file, int id) {
        try (Connection c = sqlite(file); Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO t VALUES (" + id + ")");
        } catch (SQLException e) {
            throw new jakarta.persistence.PersistenceException(e.getMessage(), e);
        }
    }

    private static void commit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
