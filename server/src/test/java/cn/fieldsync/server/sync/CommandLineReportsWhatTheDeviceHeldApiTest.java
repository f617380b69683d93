package cn.fieldsync.server.sync;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.schemas.ChineseDates;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two testers' findings on what {@code fieldsync.jar} tells the inspector: a brand-new device's
 * {@code init} said "3051 条记录已不在您的管辖范围内，已从本设备移除" of records it never had; and the
 * command line printed times in the JVM's default zone, not the server's {@code fieldsync.zone}
 * (Asia/Shanghai), so on a machine set to UTC a danger found at 09:30 read 01:30.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/cli-held")
@AddConfig(key = "fieldsync.db.schema", value = "cli_held")
@AddConfig(key = "fieldsync.zone", value = "Asia/Shanghai")
class CommandLineReportsWhatTheDeviceHeldApiTest {

    /** The command line in a JVM whose default zone is UTC (a server, a container, a CI machine). */
    private static final Map<String, String> UTC = Map.of("JAVA_TOOL_OPTIONS", "-Duser.timezone=UTC", "TZ", "UTC");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Inject
    WebTarget target;

    @Test
    void aNewDeviceReportsNoRemovalOfRecordsItNeverHadAndADeviceThatHeldThemDoes() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String moving = admin.post("/api/units", "{\"name\":\"迁出企业\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String hazard = admin.post("/api/hazards", hazard(moving, "2026-11-20T09:30:00+08:00")).field("id");
        FieldStore holder = TestDevices.enrolled(admin, "cli-held-holder", "holder");
        try {
            TestDevices.sync(target.getUri(), holder);
            assertThat(holder.get(hazard)).isPresent();
            assertThat(admin.patch("/api/units/" + moving, "{\"jurisdictionCode\":\"370682\"}", null).status()).isEqualTo(200);

            // the feed of a new device of the county names the two removals
            String user = "inspector-newcomer";
            TestUsers.inspectorAccount(admin, user);
            assertThat(admin.login(user, TestUsers.password(user)).get("/api/sync/changes?since=0&limit=500").body())
                    .contains("\"removed\"").contains(moving);
            Path store = TestDatabases.freshDirectory("cli-held-newcomer");
            Cli.Result init = Cli.run(UTC, "init", "--store", store.toString(), "--server", target.getUri().toString(),
                    "--device-name", "新平板", "--user", user, "--password", TestUsers.password(user));
            assertThat(init.exitCode()).as(init.output()).isZero();
            assertThat(init.output()).contains("同步完成").doesNotContain("移除").doesNotContain("removed");

            SyncReport moved = TestDevices.sync(target.getUri(), holder);
            assertThat(moved.removed()).as(moved.summary()).isEqualTo(2);
            assertThat(moved.inWords()).contains("2 条记录已不在您的管辖范围内，已从本设备移除");
            assertThat(holder.get(hazard)).isEmpty();
        } finally {
            holder.close();
        }
    }

    @Test
    void statusAndConflictsPrintTimesInTheServersZoneWhenTheJvmDefaultIsUtc() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        Path dir = TestDatabases.freshDirectory("cli-held-zone");
        String hazard;
        try (FieldStore store = FieldStore.open(dir)) {
            TestUsers.init(admin, store, "zone");
            TestDevices.sync(target.getUri(), store);
            assertThat(store.zone()).isEqualTo(BEIJING);
            hazard = store.create(RecordType.HAZARD, hazard(unit, "2026-11-20T01:30:00Z"));
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.patch("/api/hazards/" + hazard, "{\"foundAt\":\"2026-11-20T02:00:00Z\"}", null).status()).isEqualTo(200);
            store.edit(hazard, Map.of("foundAt", new JsonPrimitive("2026-11-20T01:45:00Z")));
            TestDevices.sync(target.getUri(), store);
            assertThat(store.conflicts()).extracting(LocalConflict::recordId).containsExactly(hazard);
        }

        Cli.Result synced = Cli.run(UTC, "sync", "--store", dir.toString());
        assertThat(synced.output()).contains("Picked up JAVA_TOOL_OPTIONS: -Duser.timezone=UTC");
        Cli.Result status = Cli.run(UTC, "status", "--store", dir.toString());
        Instant last;
        try (FieldStore store = FieldStore.open(dir)) {
            last = store.status().lastSync();
        }
        assertThat(status.output()).as(status.output()).contains("上次同步 (last sync): " + ChineseDates.format(last, BEIJING))
                .doesNotContain(ChineseDates.format(last, ZoneId.of("UTC")));

        Cli.Result conflicts = Cli.run(UTC, "conflicts", "--store", dir.toString());
        assertThat(conflicts.output()).as(conflicts.output())
                .contains("服务器上为 「2026年11月20日 10:00」").contains("本设备改为 「2026年11月20日 09:45」")
                .contains("双方修改前为 「2026年11月20日 09:30」").doesNotContain("01:45」");

        // a withdrawn change is listed with the time it was withdrawn, in the server's zone too: an older app's
        // rename of the unit (refused: units are the administrator's) is withdrawn by the inspector
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FieldStore.DATABASE_FILE));
             java.sql.PreparedStatement op = c.prepareStatement("INSERT INTO outbox (op_id, record_id, type, base_version, fields, del,"
                     + " prev_op_id, created_at) VALUES (?, ?, 'unit', 1, '{\"name\":\"旧版改名\"}', 0, NULL, 0)")) {
            op.setString(1, cn.fieldsync.schemas.Uuids.v7());
            op.setString(2, unit);
            op.executeUpdate();
        }
        assertThat(Cli.run(UTC, "sync", "--store", dir.toString()).exitCode()).as("something needs attention").isEqualTo(4);
        String withdrawnAt;
        try (FieldStore store = FieldStore.open(dir)) {
            store.withdraw(unit, "请管理员更正");
            withdrawnAt = store.withdrawn().get(0).get("withdrawnAt").getAsString();
        }
        Cli.Result withdrawn = Cli.run(UTC, "attention", "--withdrawn", "--store", dir.toString());
        assertThat(withdrawn.output()).as(withdrawn.output()).contains(ChineseDates.format(withdrawnAt, BEIJING) + "\t单位")
                .doesNotContain(withdrawnAt);
    }

    private static String hazard(String unit, String foundAt) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"" + foundAt + "\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}";
    }
}
