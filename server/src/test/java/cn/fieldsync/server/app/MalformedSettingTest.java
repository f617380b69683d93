package cn.fieldsync.server.app;

import cn.fieldsync.server.testing.ServerNode;
import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server started with a malformed setting refuses to start, names the setting, and leaves its
 * data directory as it found it: no database created or migrated, no audit key made. In a rolling
 * upgrade with a mistyped setting the new nodes must not migrate the database the running ones share.
 */
class MalformedSettingTest {

    @ParameterizedTest
    @CsvSource({
            // read by the server when it opens the database (ServerResources)
            "fieldsync.auth.throttle.window, 15m, fieldsync.auth.throttle.window is not an ISO-8601 duration",
            // read by CDI before anything asks for the database (a @ConfigProperty)
            "fieldsync.attachments.min-free-bytes, 1GB, 1GB",
            // read when the server stops: checked when it starts, or the stop itself fails
            "fieldsync.shutdown.grace-period, 30s, fieldsync.shutdown.grace-period is not an ISO-8601 duration",
    })
    void theStartIsRefusedNamingTheSettingAndNothingIsWritten(String key, String value, String said) throws Exception {
        Path dir = Files.createDirectories(TestDatabases.freshDirectory("malformed-" + key.replace('.', '-')));

        assertThatThrownBy(() -> ServerNode.start(Map.of("fieldsync.data-dir", dir.toString(), key, value)))
                .hasMessageContaining(said);

        try (var left = Files.list(dir)) {
            assertThat(left).as("what the refused start left in its data directory").isEmpty();
        }
    }
}
