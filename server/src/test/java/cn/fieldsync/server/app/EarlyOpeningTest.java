package cn.fieldsync.server.app;

import cn.fieldsync.server.persistence.NewerSchemaException;
import cn.fieldsync.server.testing.TestDatabases;
import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database opened while CDI boots (issue 17, start-up) is the one the settings name, and a
 * failure while opening fails the start as it did on the main thread.
 */
class EarlyOpeningTest {

    @Test
    void theServerGetsTheDatabaseItsSettingsNameEvenWhenTheyChangedAfterTheEarlyOpening() {
        Path early = TestDatabases.freshDirectory("early-opening-a");
        Path configured = TestDatabases.freshDirectory("early-opening-b");
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(early));

        ServerResources.Parts parts = opening.take(config(configured));
        try {
            assertThat(parts.settings().dataDir()).isEqualTo(configured);
            assertThat(configured.resolve("fieldsync.db")).exists();
        } finally {
            parts.close();
        }
    }

    @Test
    void theEarlyOpeningIsHandedOverWhenTheSettingsAreTheSame() {
        Path dir = TestDatabases.freshDirectory("early-opening-same");
        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir));

        ServerResources.Parts parts = opening.take(config(dir));
        try {
            assertThat(parts.settings().dataDir()).isEqualTo(dir);
            assertThat(parts.database().schemaState().current()).isTrue();
        } finally {
            parts.close();
        }
    }

    @Test
    void aFailureWhileOpeningIsThrownWhereTheServerTakesTheDatabase() throws Exception {
        Path dir = TestDatabases.freshDirectory("early-opening-newer");
        EarlyOpening first = new EarlyOpening();
        first.start(config(dir));
        first.take(config(dir)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fieldsync.db")); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
                    + "'V999__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, 1)");
        }

        EarlyOpening opening = new EarlyOpening();
        opening.start(config(dir));
        assertThatThrownBy(() -> opening.take(config(dir))).isInstanceOf(NewerSchemaException.class).hasMessageContaining("V999");
    }

    private static Config config(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(Map.of("fieldsync.data-dir", dataDir.toString(), "fieldsync.zone", "Asia/Shanghai")))
                .build();
    }
}
