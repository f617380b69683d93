package cn.fieldsync.server.app;

import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.persistence.NewerSchemaException;
import cn.fieldsync.server.testing.TestDatabases;
import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database opened while CDI boots (issue 17, start-up; {@link EarlyOpening}) is the one the
 * settings name; nothing is written before the server asks for it, so a start refused first leaves
 * the database as it was; and a failure while opening fails the start as it did on the main thread.
 */
class EarlyOpeningTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    /** The version an older release left the database at (the upgrade a refused start must not make). */
    private static final String OLDER_RELEASE = "10";

    @ParameterizedTest
    @MethodSource("kinds")
    void aStartRefusedBeforeItAskedForTheDatabaseMigratesNothingAndWritesNoKey(String kind) throws Exception {
        Path dir = Files.createDirectories(TestDatabases.freshDirectory("early-refused-" + kind));
        DatabaseSettings older = TestDatabases.migratedTo(kind, "early_refused_" + kind, OLDER_RELEASE);
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir, older));

        opening.end(null); // the container stops: a setting CDI checks was malformed

        assertThat(newestMigration(older)).as("the older release's database is not upgraded").isEqualTo(OLDER_RELEASE);
        assertThat(dir.resolve("audit-key")).as("no audit key made").doesNotExist();
        assertThat(dir.resolve("attachments")).as("no attachment directories made").doesNotExist();
        assertThat(dir.resolve("audit-checkpoints.jsonl")).doesNotExist();
    }

    @Test
    void aStartRefusedBeforeItAskedForTheDatabaseMakesNoSqliteFile() {
        Path dir = TestDatabases.freshDirectory("early-refused-fresh");
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir, null));

        opening.end(null);

        assertThat(dir).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theServerAskingForTheDatabaseLetsTheOpeningMigrateIt(String kind) throws Exception {
        Path dir = Files.createDirectories(TestDatabases.freshDirectory("early-upgrade-" + kind));
        DatabaseSettings older = TestDatabases.migratedTo(kind, "early_upgrade_" + kind, OLDER_RELEASE);
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir, older));

        ServerResources.Parts parts = opening.take(config(dir, older));
        try {
            assertThat(parts.database().schemaState().current()).isTrue();
            assertThat(Integer.parseInt(newestMigration(older))).isGreaterThan(Integer.parseInt(OLDER_RELEASE));
            assertThat(dir.resolve("audit-key")).exists();
        } finally {
            parts.close();
        }
    }

    @Test
    void theServerGetsTheDatabaseItsSettingsNameAndTheOtherIsNotTouched() {
        Path early = TestDatabases.freshDirectory("early-opening-a");
        Path configured = TestDatabases.freshDirectory("early-opening-b");
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(early, null));

        ServerResources.Parts parts = opening.take(config(configured, null));
        try {
            assertThat(parts.settings().dataDir()).isEqualTo(configured);
            assertThat(configured.resolve("fieldsync.db")).exists();
            assertThat(early).as("the settings read first named it; nothing was written there").doesNotExist();
        } finally {
            parts.close();
        }
    }

    @Test
    void aFailureWhileOpeningIsThrownToEveryoneWhoAsks() throws Exception {
        Path dir = TestDatabases.freshDirectory("early-opening-newer");
        EarlyOpening first = new EarlyOpening();
        first.start(config(dir, null));
        first.take(config(dir, null)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fieldsync.db")); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
                    + "'V999__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, 1)");
        }

        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir, null));
        NewerSchemaException thrown = (NewerSchemaException) org.assertj.core.api.Assertions.catchThrowable(() -> opening.take(config(dir, null)));
        assertThat(thrown).hasMessageContaining("V999");
        // a bean whose creation failed is created again at its next use: the same refusal, not a second opening's
        assertThatThrownBy(() -> opening.take(config(dir, null))).isSameAs(thrown);
    }

    private static String newestMigration(DatabaseSettings settings) throws Exception {
        try (Connection c = TestDatabases.connect(settings); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = " + (settings.isSqlite() ? "1" : "true")
                     + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A server's settings: its data directory, and the database when it is not the SQLite file there. */
    private static Config config(Path dataDir, DatabaseSettings database) {
        Map<String, String> settings = new HashMap<>(Map.of("fieldsync.data-dir", dataDir.toString(), "fieldsync.zone", "Asia/Shanghai"));
        if (database != null && !database.isSqlite()) {
            settings.put("fieldsync.db.url", database.url());
            settings.put("fieldsync.db.user", database.user());
            settings.put("fieldsync.db.password", database.password());
            settings.put("fieldsync.db.schema", database.schema());
        } else if (database != null) {
            settings.put("fieldsync.db.url", database.url());
        }
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(settings)).build();
    }
}
