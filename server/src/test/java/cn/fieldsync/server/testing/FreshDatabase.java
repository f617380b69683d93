package cn.fieldsync.server.testing;

import io.helidon.microprofile.testing.AddConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Empties the database a {@code @HelidonTest} class is about to start on: its
 * {@code fieldsync.data-dir} (SQLite), and its {@code fieldsync.db.schema} when the run is on
 * PostgreSQL. Declare it before {@code @HelidonTest} so it runs before the server starts.
 *
 * <p>The suite runs on PostgreSQL when the {@code fieldsync.db.url} system property is set (the
 * surefire execution "postgresql" does that); each class then works in its own schema.
 */
public class FreshDatabase implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> test = context.getRequiredTestClass();
        for (AddConfig config : test.getAnnotationsByType(AddConfig.class)) {
            if (config.key().equals("fieldsync.data-dir")) {
                TestDatabases.deleteRecursively(Path.of(config.value()));
            }
            if (config.key().equals("fieldsync.db.schema") && System.getProperty("fieldsync.db.url") != null) {
                TestDatabases.freshPostgres(config.value());
            }
        }
    }
}
