package cn.fieldsync.server.sync;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonParser;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A PostgreSQL server that drops the connection of a push in progress (a restart, a fail-over, an
 * administrator ending sessions: SQLSTATE 57P01) is answered {@code 503 database_unavailable}
 * with {@code Retry-After} (RFC 9110 §15.6.4, §10.2.3), the transaction rolled back; the device
 * sends the same push again by itself after that wait and it applies once. Runs in the postgresql
 * execution (ops/test.sh, CI); SQLite has no server to lose.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/database-outage")
@AddConfig(key = "fieldsync.db.schema", value = "database_outage")
class DatabaseOutageApiTest {

    @Inject
    WebTarget target;

    @Test
    void aPushWhoseDatabaseConnectionIsEndedIsAnswered503AndTheDeviceSendsItAgainByItselfAndItAppliesOnce() throws Exception {
        assumeTrue(System.getProperty("fieldsync.db.url") != null, "PostgreSQL only: SQLite has no server connection to lose");
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"断线测试化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        List<String> access = new CopyOnWriteArrayList<>();
        Handler listen = new Handler() {
            @Override
            public void publish(LogRecord record) {
                access.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("fieldsync.access").addHandler(listen);
        try (FieldStore device = FieldStore.open(TestDatabases.freshDirectory("database-outage-device"));
             Connection dba = TestDatabases.connect("target/test-data/database-outage", "database_outage")) {
            TestUsers.init(admin, device, "outage");
            String id = device.create(RecordType.HAZARD, JsonParser.parseString("""
                    {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"储罐区消防通道堵塞",
                     "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                     "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit))
                    .getAsJsonObject());

            // the push stops at the audit log, held by this session, until its connection is ended
            dba.setAutoCommit(false);
            try (Statement s = dba.createStatement()) {
                s.execute("LOCK TABLE audit_entry IN EXCLUSIVE MODE");
            }
            CompletableFuture<SyncReport> sync = CompletableFuture.supplyAsync(
                    () -> device.sync(new HttpTransport(target.getUri().toString()), SyncListener.NONE));
            // the database stays away for a moment: every connection that waits on it meanwhile is
            // ended too, as a restart would end them (the push's own retry on a fresh connection included)
            int ended = 0;
            long away = Long.MAX_VALUE;
            for (int i = 0; i < 1200 && System.nanoTime() < away && !sync.isDone(); i++) {
                try (PreparedStatement ps = dba.prepareStatement("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'""");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(1) && ended++ == 0) {
                            away = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                        }
                    }
                }
                Thread.sleep(20);
            }
            dba.rollback();
            assertThat(ended).as("a push waited on the audit log and its connection was ended").isPositive();

            SyncReport report = sync.get(120, TimeUnit.SECONDS);
            assertThat(report.applied()).isEqualTo(1);
            assertThat(report.conflicts()).isZero();
            assertThat(access).anyMatch(line -> line.contains("POST /api/sync/push 503"));
            assertThat(access).anyMatch(line -> line.contains("POST /api/sync/push 200"));
            Http.Answer stored = admin.get("/api/hazards?unit=" + unit);
            assertThat(stored.json().get("total").getAsInt()).isEqualTo(1);
            assertThat(admin.get("/api/hazards/" + id).status()).isEqualTo(200);
            assertThat(admin.get("/api/conflicts?status=OPEN&record=" + id).json().get("total").getAsInt()).isZero();
        } finally {
            Logger.getLogger("fieldsync.access").removeHandler(listen);
        }
    }
}
