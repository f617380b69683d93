package cn.fieldsync.server.sync;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line client is killed with SIGKILL at random moments of its sync, again and again,
 * with new records and edits in between; then one sync runs to the end. Nothing is lost, nothing
 * is applied twice (each record's server version is exactly 1 + the edits made to it), and the
 * device's SQLite file passes its integrity check.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/crash-during-sync")
@AddConfig(key = "fieldsync.db.schema", value = "crash_during_sync")
class CrashDuringSyncApiTest {

    private static final int KILLS = Integer.getInteger("fieldsync.test.kills", 20);

    @Inject
    WebTarget target;

    @Test
    void killedMidSyncLosesAndDuplicatesNothing() throws Exception {
                Http http = TestUsers.admin(target.getUri());
        TestUsers.inspectorAccount(http, "inspector-crash");
        String unit = http.post("/api/units", "{\"name\":\"某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        Path store = TestDatabases.freshDirectory("crash-device");
        assertThat(cli("init", "--store", store.toString(), "--server", target.getUri().toString(), "--device-name", "crash",
                "--user", "inspector-crash", "--password", TestUsers.password("inspector-crash"))
                .waitFor(60, TimeUnit.SECONDS)).isTrue();

        Random random = new Random(Long.getLong("fieldsync.test.seed", 20261127L));
        Map<String, Integer> editsPerRecord = new HashMap<>();
        int killedDuringWork = 0;
        for (int round = 0; round < KILLS; round++) {
            try (FieldStore device = FieldStore.open(store)) {
                for (int i = 0; i < 60; i++) {
                    String id = device.create(RecordType.HAZARD, StrictJson.parseObject("""
                            {"unitId":"%s","grade":"GENERAL","category":"MINING","description":"第%d轮隐患%d",
                             "foundAt":"2026-11-20T09:30:00Z","responsiblePerson":"矿长"}""".formatted(unit, round, i)));
                    editsPerRecord.put(id, 0);
                }
                List<String> ids = new ArrayList<>(editsPerRecord.keySet());
                for (int i = 0; i < 30; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    device.edit(id, Map.of("responsiblePerson", new JsonPrimitive("第" + round + "轮-" + i)));
                    editsPerRecord.merge(id, 1, Integer::sum);
                }
            }
            Process sync = cli("sync", "--store", store.toString());
            boolean finished = sync.waitFor(150 + random.nextInt(1400), TimeUnit.MILLISECONDS);
            if (!finished) {
                sync.destroyForcibly();
                sync.waitFor(30, TimeUnit.SECONDS);
                killedDuringWork++;
            }
        }
        Process last = cli("sync", "--store", store.toString());
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).isZero();
        assertThat(killedDuringWork).as("kills that landed while the client was running").isGreaterThanOrEqualTo(KILLS / 4);

        try (FieldStore device = FieldStore.open(store)) {
            assertThat(device.status().pendingOperations()).isZero();
            List<LocalRecord> local = device.list(RecordType.HAZARD);
            assertThat(local).hasSize(editsPerRecord.size());
            for (LocalRecord record : local) {
                Http.Answer onServer = http.get("/api/hazards/" + record.id());
                assertThat(onServer.status()).isEqualTo(200);
                int expectedVersion = 1 + editsPerRecord.get(record.id());
                assertThat(onServer.json().get("version").getAsInt()).as(record.id()).isEqualTo(expectedVersion);
                assertThat(record.version()).isEqualTo(expectedVersion);
                assertThat(onServer.field("responsiblePerson")).isEqualTo(record.body().get("responsiblePerson").getAsString());
            }
        }
        assertThat(http.get("/api/hazards?unit=" + unit).json().get("total").getAsInt()).isEqualTo(editsPerRecord.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("fieldsync.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static Process cli(String... args) throws Exception {
        return Cli.start(args);
    }
}
