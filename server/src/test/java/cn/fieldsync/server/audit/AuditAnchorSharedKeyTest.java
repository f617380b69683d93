package cn.fieldsync.server.audit;

import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tester's finding: two server nodes started on one data directory sign checkpoints with one key;
 * the slower node then failed on the number the other had taken ("duplicate key …
 * audit_checkpoint_pkey") every second for ever, and never anchored the log again. It now goes on
 * from the newest checkpoint the table holds (and says once, in the log, that each node needs its
 * own data directory).
 */
class AuditAnchorSharedKeyTest {

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodeWhoseCheckpointNumberAnotherNodeTookGoesOnFromTheNewest(String kind) {
        Path dir = TestDatabases.freshDirectory("audit-shared-key-" + kind);
        try (Database db = Database.open(TestDatabases.fresh(kind, "audit_shared_key"))) {
            AuditKey key = AuditKey.loadOrCreate(dir.resolve("audit-key"));
            AuditAnchor first = new AuditAnchor(db, key, dir.resolve("first.checkpoints"), 1, Duration.ofSeconds(1), Clock.systemUTC());
            AuditAnchor second = new AuditAnchor(db, key, dir.resolve("second.checkpoints"), 1, Duration.ofSeconds(1), Clock.systemUTC());
            AuditLog audit = new AuditLog(Clock.systemUTC());

            append(db, audit, "one");
            Checkpoints.Checkpoint taken = first.checkpoint().orElseThrow();
            append(db, audit, "two");
            // the second node knows no checkpoint yet: it signs number 1 too, which the table holds already
            assertThat(second.checkpoint()).as("no failure: the table's checkpoint 1 is taken as the last").isPresent();
            assertThat(second.lastCheckpoint().orElseThrow().number()).isEqualTo(taken.number());
            Checkpoints.Checkpoint next = second.checkpoint().orElseThrow();
            assertThat(next.number()).isEqualTo(taken.number() + 1);
            append(db, audit, "three");
            assertThat(second.checkpoint().orElseThrow().number()).as("and it goes on").isEqualTo(taken.number() + 2);
        }
    }

    private static void append(Database db, AuditLog audit, String what) {
        JsonObject detail = new JsonObject();
        detail.addProperty("what", what);
        db.inTransaction(em -> {
            audit.append(em, "tester", "TEST", null, detail);
            return null;
        });
    }
}
