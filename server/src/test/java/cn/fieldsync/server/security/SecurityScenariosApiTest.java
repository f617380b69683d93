package cn.fieldsync.server.security;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.ContractCheckedTransport;
import cn.fieldsync.server.testing.DelegatingTransport;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What an inspector sees through the command line when an administrator revokes the device or
 * takes a county away, and what a device keeps when a record leaves its sight mid-sync.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/security-scenarios")
@AddConfig(key = "fieldsync.db.schema", value = "security_scenarios")
class SecurityScenariosApiTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private String otherUnit;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        unit = admin.post("/api/units", "{\"name\":\"栖霞某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        otherUnit = admin.post("/api/units", "{\"name\":\"莱阳某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370682\"}").field("id");
    }

    @Test
    void aRevokedDeviceIsRefusedClearlyAndItsPendingDataStaysOnItAndInQuarantine() throws Exception {
        String user = "revoked-inspector";
        TestUsers.inspectorAccount(admin, user);
        Path store = TestDatabases.freshDirectory("security-revoked");
        Cli.Result init = Cli.run(Map.of("FIELDSYNC_PASSWORD", TestUsers.password(user)), "init", "--store", store.toString(),
                "--server", target.getUri().toString(), "--device-name", "平板", "--user", user);
        assertThat(init.exitCode()).as(init.output()).isZero();
        String first = newHazard(store, "消防通道堵塞");
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isZero();
        String pending = newHazard(store, "配电箱无防护");

        String device = deviceId(store);
        assertThat(admin.post("/api/devices/" + device + "/revoke", "{\"reason\":\"设备遗失\"}").status()).isEqualTo(200);

        Cli.Result refused = Cli.run("sync", "--store", store.toString());
        assertThat(refused.exitCode()).as("a revoked device is a refusal of the server").isEqualTo(5);
        assertThat(refused.output()).contains("服务器拒绝（403）：此设备已被管理员停用（设备遗失）")
                .contains("隔离待审查").contains("设备上的记录仍保留").contains("（device_revoked）")
                .doesNotContain("the server refused").doesNotContain("revoked by an administrator");
        assertThat(Cli.run("status", "--store", store.toString()).output()).contains("(pending operations): 1");
        assertThat(Cli.run("show", pending, "--store", store.toString()).output()).contains("配电箱无防护");

        assertThat(admin.get("/api/hazards/" + first).status()).isEqualTo(200);
        assertThat(admin.get("/api/hazards/" + pending).status()).isEqualTo(404);
        Http.Answer quarantine = admin.get("/api/devices/quarantine?device=" + device);
        assertThat(quarantine.body()).contains(pending).contains("配电箱无防护");
        assertThat(admin.get("/api/audit?actor=admin").body()).contains("DEVICE_REVOKED");
        assertThat(admin.get("/api/devices").body()).contains("revokedAt");
        assertThat(quarantine.json().getAsJsonArray("items").get(0).getAsJsonObject().get("deviceName").getAsString())
                .as("the console names the device as it was enrolled").isEqualTo("平板");
        // the next syncs hand the same operation again: the administrator still sees it once, and nothing is applied
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isEqualTo(5);
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isEqualTo(5);
        assertThat(admin.get("/api/devices/quarantine?device=" + device).json().getAsJsonArray("items")).hasSize(1);
        assertThat(admin.get("/api/hazards/" + pending).status()).isEqualTo(404);
        // what the revoked device records later reaches the quarantine too, on its own
        String later = newHazard(store, "灭火器过期");
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isEqualTo(5);
        var items = admin.get("/api/devices/quarantine?device=" + device).json().getAsJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).toString()).contains(later).doesNotContain(pending);
    }

    /**
     * Found by a tester: a revoked device that had withdrawn a refused record sent the withdrawal
     * first, alone; the 403 to that empty push stopped the round, so the record still waiting on
     * the device never reached the quarantine and the administrator could not see it.
     */
    @Test
    void aRevokedDeviceThatWithdrewARefusedRecordStillQuarantinesWhatItHasPending() throws Exception {
        try (FieldStore device = FieldStore.open(TestDatabases.freshDirectory("security-revoked-withdrawn"))) {
            String deviceId = TestUsers.init(admin, device, "revoked-withdrawn");
            JsonObject orphan = StrictJson.parseObject(hazardJson(unit, "录错单位"));
            orphan.addProperty("unitId", cn.fieldsync.schemas.Uuids.v7());
            String refused = device.create(RecordType.HAZARD, orphan);
            assertThat(device.sync(SyncListener.NONE).attention()).isEqualTo(1);
            device.withdraw(refused, "单位选错");
            String pending = device.create(RecordType.HAZARD, StrictJson.parseObject(hazardJson(unit, "配电箱无防护")));
            assertThat(admin.post("/api/devices/" + deviceId + "/revoke", "{\"reason\":\"设备遗失\"}").status()).isEqualTo(200);

            Throwable stopped = catchThrowable(() -> device.sync(SyncListener.NONE));
            assertThat(stopped).isInstanceOf(ServerRefusedException.class).hasMessageContaining("1 项修改已隔离");
            assertThat(device.status().pendingOperations()).isEqualTo(1);
            assertThat(admin.get("/api/devices/quarantine?device=" + deviceId).body()).contains(pending).contains("配电箱无防护");
            assertThat(admin.get("/api/hazards/" + pending).status()).isEqualTo(404);
        }
    }

    @Test
    void losingACountyRemovesItsRecordsFromTheDeviceButKeepsItsUnsentEdits() throws Exception {
        String user = "moved-inspector";
        TestUsers.inspectorAccount(admin, user);
        Path store = TestDatabases.freshDirectory("security-scope");
        assertThat(Cli.run("init", "--store", store.toString(), "--server", target.getUri().toString(), "--device-name", "平板",
                "--user", user, "--password", TestUsers.password(user)).exitCode()).isZero();
        String kept = newHazard(store, "消防通道堵塞");
        String edited = newHazard(store, "安全出口上锁");
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isZero();
        // another county's record never reaches this device
        String foreign = admin.post("/api/hazards", hazardJson(otherUnit, "莱阳的隐患")).field("id");
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isZero();
        assertThat(Cli.run("list", "hazard", "--store", store.toString()).output()).contains(kept).contains(edited).doesNotContain(foreign);

        assertThat(Cli.run("edit", edited, "responsiblePerson=赵某", "--store", store.toString()).exitCode()).isZero();
        assertThat(admin.patch("/api/admin/users/" + user, "{\"jurisdictions\":[\"370682\"]}", null).status()).isEqualTo(200);

        Cli.Result sync = Cli.run("sync", "--store", store.toString());
        assertThat(sync.exitCode()).as(sync.output()).isZero();
        assertThat(sync.output()).contains("waiting 1").contains("removed (out of your scope)").contains("等待中").contains(edited);
        Cli.Result list = Cli.run("list", "hazard", "--store", store.toString());
        assertThat(list.output()).doesNotContain(kept).contains(edited).contains(foreign);
        // the unsent edit waits on the device with its reason, and on the server where an administrator sees it
        Cli.Result status = Cli.run("status", "--store", store.toString());
        assertThat(status.output()).contains("(pending operations): 1").contains("等待中 (waiting): 1");
        assertThat(admin.get("/api/sync/held").body()).contains(edited).contains("out_of_scope");
        assertThat(admin.get("/api/hazards/" + edited).field("responsiblePerson")).isNotEqualTo("赵某");
    }

    @Test
    void aUnitMovingToAnotherCountyTakesItsRecordsOutOfTheOldCountysSight() throws Exception {
        String moving = admin.post("/api/units", "{\"name\":\"迁出企业\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String hazard = admin.post("/api/hazards", hazardJson(moving, "迁出企业的隐患")).field("id");
        Http oldReviewer = TestUsers.create(admin, "old-county-reviewer", "REVIEWER", "370686");
        Http newReviewer = TestUsers.create(admin, "new-county-reviewer", "REVIEWER", "370682");
        try (FieldStore device = FieldStore.open(TestDatabases.freshDirectory("security-moving-unit"))) {
            TestUsers.init(admin, device, "moving");
            device.sync(SyncListener.NONE);
            assertThat(device.get(hazard)).isPresent();
            assertThat(newReviewer.get("/api/hazards/" + hazard).status()).isEqualTo(404);

            assertThat(admin.patch("/api/units/" + moving, "{\"jurisdictionCode\":\"370682\"}", null).status()).isEqualTo(200);

            SyncReport report = device.sync(new HttpTransport(target.getUri().toString()), SyncListener.NONE);
            assertThat(report.removed()).isEqualTo(2);
            assertThat(device.get(hazard)).isEmpty();
            assertThat(device.get(moving)).isEmpty();
        }
        assertThat(oldReviewer.get("/api/hazards/" + hazard).status()).isEqualTo(404);
        assertThat(oldReviewer.get("/api/hazards?unit=" + moving).json().get("total").getAsInt()).isZero();
        assertThat(newReviewer.get("/api/hazards/" + hazard).status()).isEqualTo(200);
        assertThat(newReviewer.get("/api/hazards?jurisdiction=370682").body()).contains(hazard);
        // the new county's reviewer pulls the moved records too
        assertThat(String.join("", newReviewer.get("/api/sync/changes?since=0&limit=500").body())).contains(hazard).contains(moving);
    }

    /**
     * An inspector edits a record while the device is pulling, and the record leaves their sight
     * in that very pull: the edit is not dropped with the record, but kept and reported.
     */
    @Test
    void aRecordLeavingSightIsKeptOnTheDeviceWhileItHasUnpushedEdits() throws Exception {
        String user = "inspector-midpull";
        TestUsers.inspectorAccount(admin, user);
        try (FieldStore device = FieldStore.open(TestDatabases.freshDirectory("security-midpull"))) {
            TestUsers.init(admin, device, "midpull");
            String id = device.create(RecordType.HAZARD, StrictJson.parseObject(hazardJson(unit, "消防通道堵塞")));
            String other = device.create(RecordType.HAZARD, StrictJson.parseObject(hazardJson(unit, "安全出口上锁")));
            device.sync(SyncListener.NONE);
            // the hazards move to the other county on the server
            admin.patch("/api/hazards/" + id, "{\"unitId\":\"" + otherUnit + "\"}", null);
            admin.patch("/api/hazards/" + other, "{\"unitId\":\"" + otherUnit + "\"}", null);
            DelegatingTransport editsDuringPull = new DelegatingTransport(ContractCheckedTransport.over(target.getUri())) {
                @Override
                public String changes(String token, long since, String scope, int limit) {
                    device.edit(id, Map.of("responsiblePerson", new JsonPrimitive("赵某")));
                    return super.changes(token, since, scope, limit);
                }
            };
            SyncReport report = device.sync(editsDuringPull, SyncListener.NONE);
            assertThat(report.removed()).isEqualTo(1);
            assertThat(report.keptOutOfScope()).isEqualTo(1);
            assertThat(device.get(other)).isEmpty();
            LocalRecord keptRecord = device.get(id).orElseThrow();
            assertThat(keptRecord.body().get("responsiblePerson").getAsString()).isEqualTo("赵某");
            assertThat(device.status().pendingOperations()).isEqualTo(1);
            // the next round pushes it: out of scope for now, so it waits on the device and on the server
            SyncReport next = device.sync(new HttpTransport(target.getUri().toString()), SyncListener.NONE);
            assertThat(next.rejected()).isZero();
            assertThat(next.waiting()).isEqualTo(1);
            assertThat(device.attention()).singleElement().satisfies(item -> assertThat(item.code()).isEqualTo("out_of_scope"));
            assertThat(device.get(id)).isPresent();
        }
    }

    private String newHazard(Path store, String description) throws Exception {
        return Cli.newRecord(store, "hazard", hazardJson(unit, description));
    }

    private static String deviceId(Path store) throws Exception {
        String status = Cli.run("status", "--store", store.toString()).output();
        String line = status.lines().filter(l -> l.startsWith("设备 (device): ")).findFirst().orElseThrow();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}").matcher(line);
        return id.find() ? id.group() : line;
    }

    private static String hazardJson(String unit, String description) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"" + description
                + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}";
    }
}
