package cn.fieldsync.server.observe;

import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.persistence.NewerSchemaException;
import cn.fieldsync.server.testing.ServerNode;
import cn.fieldsync.server.testing.TestDatabases;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An older server binary on a database a newer release migrated: the start is refused with a
 * message in Chinese and English, before anything is written (Flyway alone only warns).
 */
class UpgradeGuardTest {

    @Test
    void theServerRefusesToStartOnADatabaseANewerReleaseMigrated() throws Exception {
        Path dir = TestDatabases.freshDirectory("upgrade-guard");
        DatabaseSettings settings = DatabaseSettings.sqliteIn(dir);
        Database.open(settings).close();
        migrateByANewerRelease(settings);

        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(NewerSchemaException.class)
                .hasMessageContaining("V999").hasMessageContaining("拒绝启动").hasMessageContaining("refuses to start");

        assertThatThrownBy(() -> ServerNode.start(Map.of("fieldsync.data-dir", dir.toString())))
                .as("the whole server, started as an operator would")
                .hasMessageContaining("数据库已由更新版本的 fieldsync 升级（迁移 V999）")
                .hasMessageContaining("The database was migrated by a newer fieldsync release (migrations V999)");
        // nothing was written by the refused start: the newest row is still the newer release's
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT MAX(installed_rank) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(999);
        }
    }

    /**
     * The start reads the migrations once and skips Flyway's migrate() when every migration is
     * applied as this binary has it (issue 17): a script changed after it was applied, or renamed,
     * must still stop the start as Flyway's validation did.
     */
    @Test
    void theServerRefusesToStartWhenAnAppliedMigrationIsNotThisReleasesScript() throws Exception {
        DatabaseSettings settings = migratedDatabase("upgrade-guard-changed");
        try (Database again = Database.open(settings)) {
            assertThat(again.schemaState().current()).as("a second start on an unchanged database").isTrue();
        }

        execute(settings, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining("3");

        execute(settings, "UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '3'");
        execute(settings, "UPDATE flyway_schema_history SET description = 'renamed' WHERE version = '5'");
        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("description mismatch").hasMessageContaining("5");

        execute(settings, "UPDATE flyway_schema_history SET description = 'identity' WHERE version = '5'");
        execute(settings, "UPDATE flyway_schema_history SET success = 0 WHERE version = '23'");
        assertThatThrownBy(() -> Database.open(settings)).as("a migration that failed half-way")
                .isInstanceOf(FlywayException.class).hasMessageContaining("23");
    }

    /**
     * A running node whose shared database a newer release migrates (a rolling upgrade) stops being
     * ready: its schema state is read again once the start's own reading is older than the bound
     * {@code /version} and the readiness check may answer from (two seconds), and it then names the
     * newer migration.
     */
    @Test
    void aRunningNodeLearnsOfANewerReleasesMigrationOnceItsLastReadingIsOlderThanTheBound() throws Exception {
        DatabaseSettings settings = migratedDatabase("upgrade-guard-running");
        try (Database node = Database.open(settings)) {
            assertThat(node.schemaState().current()).as("the start's own reading").isTrue();
            migrateByANewerRelease(settings);
            Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Database.SCHEMA_STATE_MAX_AGE_NANOS) + 100);
            Database.SchemaState later = node.schemaState();
            assertThat(later.current()).as("after the newer release migrated the database").isFalse();
            assertThat(later.newer()).isTrue();
            assertThat(later.applied()).isEqualTo("999");
        }
    }

    /** A fresh SQLite database this release has migrated (its first start), closed again. */
    private static DatabaseSettings migratedDatabase(String name) {
        DatabaseSettings settings = DatabaseSettings.sqliteIn(TestDatabases.freshDirectory(name));
        Database.open(settings).close();
        return settings;
    }

    /** What a newer release leaves behind: a migration this binary does not have (V999). */
    private static void migrateByANewerRelease(DatabaseSettings settings) throws Exception {
        execute(settings, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, installed_on, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
                + "'V999__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, 1)");
    }

    private static void execute(DatabaseSettings settings, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(1);
        }
    }
}
