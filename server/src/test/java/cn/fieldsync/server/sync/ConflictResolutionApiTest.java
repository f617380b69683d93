package cn.fieldsync.server.sync;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.ContractCheckedTransport;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conflict is resolved against the record as it is now (issue 11, case 6; docs/protocol.md,
 * "Conflicts"): the conflict shows the record's current value and what changed since it
 * was opened; a resolution decided on an older view is refused with 409 stale_resolution and
 * writes nothing; one offline run's edits of one field form one conflict holding the device's
 * latest value. Everything through the real server over HTTP, devices with real stores.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/conflict-resolution")
@AddConfig(key = "fieldsync.db.schema", value = "conflict_resolution")
class ConflictResolutionApiTest {

    @Inject
    WebTarget target;

    private Http http;
    private String unitId;
    private final List<FieldStore> stores = new ArrayList<>();
    private String testName;

    @BeforeEach
    void setUp(TestInfo info) {
        http = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unitId = http.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(FieldStore::close);
    }

    /** The case: S (v2), device D from v1 → conflict, then Z (v3); resolving DEVICE on the old view must not erase Z. */
    @Test
    void aResolutionDecidedBeforeALaterEditIsRefusedAndTheConflictShowsTheCurrentValue() {
        String id = newHazard();
        FieldStore device = device("d");
        sync(device);
        patch(id, "description", "S 服务器改为：通道已清理一半", 1);
        device.edit(id, Map.of("description", text("D 设备改为：通道仍堵塞")));
        assertThat(sync(device).conflicts()).isEqualTo(1);

        JsonObject seen = onlyOpenConflict(id);
        JsonObject description = seen.getAsJsonObject("fields").getAsJsonObject("description");
        assertThat(description.get("server").getAsString()).startsWith("S ");
        assertThat(description.get("device").getAsString()).startsWith("D ");
        assertThat(description.get("current").getAsString()).startsWith("S ");
        assertThat(description.get("changedSince").getAsBoolean()).isFalse();
        assertThat(seen.get("currentVersion").getAsInt()).isEqualTo(2);
        assertThat(seen.getAsJsonArray("changedSince")).isEmpty();
        int decidedOn = seen.get("currentVersion").getAsInt();

        // someone else changes the record while the administrator is deciding
        patch(id, "description", "Z 复查人员改为：通道已全部清理", 2);

        Http.Answer stale = resolve(seen, "DEVICE", decidedOn);
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.field("code")).isEqualTo("stale_resolution");
        assertThat(stale.field("message")).contains("当前为第 3 版").contains("重新载入");
        JsonObject record = server(id);
        assertThat(record.get("version").getAsInt()).isEqualTo(3);
        assertThat(record.get("description").getAsString()).startsWith("Z ");

        // reloaded, the conflict shows Z as the current value and that the field changed since
        JsonObject now = http.get("/api/conflicts/" + seen.get("id").getAsString()).json();
        assertThat(now.get("status").getAsString()).isEqualTo("OPEN");
        assertThat(now.get("currentVersion").getAsInt()).isEqualTo(3);
        assertThat(now.getAsJsonArray("changedSince")).containsExactly(new JsonPrimitive("description"));
        JsonObject values = now.getAsJsonObject("fields").getAsJsonObject("description");
        assertThat(values.get("server").getAsString()).startsWith("S ");
        assertThat(values.get("current").getAsString()).startsWith("Z ");
        assertThat(values.get("changedSince").getAsBoolean()).isTrue();
        assertThat(values.get("device").getAsString()).startsWith("D ");
        assertThat(http.get("/api/conflicts/" + seen.get("id").getAsString()).etag()).contains("\"3\"");

        // decided on the current view, the device's value is taken, and Z stays in the history
        Http.Answer resolved = resolve(now, "DEVICE", now.get("currentVersion").getAsInt());
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("resolvedVersion").getAsInt()).isEqualTo(4);
        assertThat(server(id).get("description").getAsString()).startsWith("D ");
        assertThat(descriptions(id)).containsExactly("消防通道堵塞", "S 服务器改为：通道已清理一半",
                "Z 复查人员改为：通道已全部清理", "D 设备改为：通道仍堵塞");
        String audit = http.get("/api/audit?record=" + id).body();
        assertThat(audit).contains("CONFLICT_RESOLVED").contains("\"decidedOnVersion\":3");
        sync(device);
        assertThat(device.get(id).orElseThrow().version()).isEqualTo(4);
        assertThat(device.conflicts()).extracting(LocalConflict::status).containsExactly("RESOLVED");
    }

    @Test
    void ifMatchOnTheResolveIsHonouredAndAResolveWithoutAVersionIsRefused() {
        String id = newHazard();
        FieldStore device = device("d");
        sync(device);
        patch(id, "responsiblePerson", "李某", 1);
        device.edit(id, Map.of("responsiblePerson", text("赵某")));
        sync(device);
        JsonObject conflict = onlyOpenConflict(id);
        String resolvePath = "/api/conflicts/" + conflict.get("id").getAsString() + "/resolve";

        Http.Answer unversioned = http.post(resolvePath, "{\"resolution\":\"DEVICE\"}");
        assertThat(unversioned.status()).as(unversioned.body()).isEqualTo(428);
        assertThat(unversioned.field("code")).isEqualTo("version_required");

        Http.Answer staleHeader = http.postIfMatch(resolvePath, "{\"resolution\":\"DEVICE\"}", "\"1\"");
        assertThat(staleHeader.status()).isEqualTo(409);
        assertThat(staleHeader.field("code")).isEqualTo("stale_resolution");

        Http.Answer disagreeing = http.postIfMatch(resolvePath, "{\"resolution\":\"DEVICE\",\"version\":1}", "\"2\"");
        assertThat(disagreeing.status()).isEqualTo(422);
        assertThat(disagreeing.field("code")).isEqualTo("invalid_resolution");
        assertThat(server(id).get("version").getAsInt()).isEqualTo(2);
        assertThat(server(id).get("responsiblePerson").getAsString()).isEqualTo("李某");

        // merged values with SERVER or DEVICE would be ignored: refused, and the conflict stays open
        Http.Answer valuesIgnored = http.postIfMatch(resolvePath, "{\"resolution\":\"SERVER\",\"values\":{\"responsiblePerson\":\"钱某\"}}", "\"2\"");
        assertThat(valuesIgnored.status()).as(valuesIgnored.body()).isEqualTo(422);
        assertThat(valuesIgnored.field("field")).isEqualTo("/values");
        assertThat(onlyOpenConflict(id).get("id").getAsString()).isEqualTo(conflict.get("id").getAsString());

        // the ETag of the conflict read is exactly what If-Match takes
        String etag = http.get("/api/conflicts/" + conflict.get("id").getAsString()).etag().orElseThrow();
        Http.Answer resolved = http.postIfMatch(resolvePath, "{\"resolution\":\"SERVER\"}", etag);
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(server(id).get("responsiblePerson").getAsString()).isEqualTo("李某");
        assertThat(server(id).get("version").getAsInt()).isEqualTo(3);
    }

    /** Before: two conflicts, and resolving them newest-first ended on the older value. */
    @Test
    void twoOfflineEditsOfOneFieldFormOneConflictHoldingTheLatestValue() {
        String id = newHazard();
        FieldStore device = device("d");
        sync(device);
        patch(id, "description", "服务器：已整改", 1);
        device.edit(id, Map.of("description", text("设备第一次：未整改")));
        device.edit(id, Map.of("description", text("设备第二次：部分整改，需复查")));
        SyncReport report = sync(device);
        assertThat(report.rejected()).isZero();

        JsonObject conflicts = http.get("/api/conflicts?status=OPEN&record=" + id).json();
        assertThat(conflicts.get("total").getAsInt()).isEqualTo(1);
        JsonObject conflict = conflicts.getAsJsonArray("items").get(0).getAsJsonObject();
        JsonObject description = conflict.getAsJsonObject("fields").getAsJsonObject("description");
        assertThat(description.get("base").getAsString()).isEqualTo("消防通道堵塞");
        assertThat(description.get("server").getAsString()).isEqualTo("服务器：已整改");
        assertThat(description.get("device").getAsString()).isEqualTo("设备第二次：部分整改，需复查");
        assertThat(description.getAsJsonArray("earlierDeviceValues")).containsExactly(new JsonPrimitive("设备第一次：未整改"));
        assertThat(conflict.getAsJsonArray("opIds")).hasSize(2);
        assertThat(device.conflicts()).extracting(LocalConflict::id).containsExactly(conflict.get("id").getAsString());

        assertThat(resolve(conflict, "DEVICE", conflict.get("currentVersion").getAsInt()).status()).isEqualTo(200);
        assertThat(server(id).get("description").getAsString()).isEqualTo("设备第二次：部分整改，需复查");
        sync(device);
        assertThat(device.get(id).orElseThrow().body().get("description").getAsString()).isEqualTo("设备第二次：部分整改，需复查");
        assertThat(device.status().pendingOperations()).isZero();
    }

    /** The device's last edit agrees with the server: it merges cleanly, and the conflict still holds it as the device's latest. */
    @Test
    void aLaterEditThatMergesCleanlyStillBecomesTheConflictsLatestDeviceValue() {
        String id = newHazard();
        FieldStore device = device("agrees");
        sync(device);
        patch(id, "description", "服务器：已整改", 1);
        device.edit(id, Map.of("description", text("设备：未整改")));
        device.edit(id, Map.of("description", text("服务器：已整改")));
        sync(device);

        JsonObject conflict = http.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items").get(0)
                .getAsJsonObject();
        assertThat(conflict.getAsJsonObject("fields").getAsJsonObject("description").get("device").getAsString())
                .isEqualTo("服务器：已整改");
        assertThat(resolve(conflict, "DEVICE", conflict.get("currentVersion").getAsInt()).status()).isEqualTo(200);
        assertThat(server(id).get("description").getAsString()).isEqualTo("服务器：已整改");
    }

    /**
     * A tester's finding: the administrator read the conflict (device value X), the same device's next edit (Y)
     * joined it — the record's version unchanged — and "采用设备值" decided on X wrote Y. The resolution names the
     * device's edits it saw too: one decided before the join is stale and writes nothing.
     */
    @Test
    void aResolutionDecidedBeforeTheDevicesNextEditJoinedIsStale() {
        String id = newHazard();
        TestUsers.Device device = TestUsers.device(http, "inspector-raw");
        patch(id, "description", "服务器：已整改", 1);
        String first = Uuids.v7();
        String conflictId = push(device, op(first, id, null, "{\"description\":\"设备：未整改\"}")).get("conflictId").getAsString();
        Http.Answer seen = http.get("/api/conflicts/" + conflictId);
        JsonObject seenConflict = seen.json();
        assertThat(seenConflict.get("deviceVersion").getAsInt()).isEqualTo(1);
        assertThat(seen.etag()).contains("\"2\"");

        push(device, op(Uuids.v7(), id, first, "{\"description\":\"设备：第二次，管理员未看过\"}"));

        String resolvePath = "/api/conflicts/" + conflictId + "/resolve";
        for (Http.Answer stale : List.of(http.postIfMatch(resolvePath, "{\"resolution\":\"DEVICE\"}", seen.etag().orElseThrow()),
                resolve(seenConflict, "DEVICE", seenConflict.get("currentVersion").getAsInt()))) {
            assertThat(stale.status()).as(stale.body()).isEqualTo(409);
            assertThat(stale.field("code")).isEqualTo("stale_resolution");
            assertThat(stale.field("message")).contains("设备在您查看后又修改了冲突中的字段").contains("2.2");
        }
        assertThat(server(id).get("description").getAsString()).isEqualTo("服务器：已整改");
        assertThat(onlyOpenConflict(id).get("id").getAsString()).isEqualTo(conflictId);

        for (String malformed : List.of("\"2.\"", "\".2\"", "\"2.2.2\"", "\"2.0\"", "\"2.99999999999\"")) {
            Http.Answer refused = http.postIfMatch(resolvePath, "{\"resolution\":\"DEVICE\"}", malformed);
            assertThat(refused.status()).as(malformed + " " + refused.body()).isEqualTo(400);
            assertThat(refused.field("code")).isEqualTo("invalid_parameter");
            assertThat(refused.field("message")).contains("\"3.2\"");
        }
        Http.Answer now = http.get("/api/conflicts/" + conflictId);
        assertThat(now.etag()).contains("\"2.2\"");
        assertThat(now.json().getAsJsonObject("fields").getAsJsonObject("description").get("device").getAsString())
                .isEqualTo("设备：第二次，管理员未看过");
        Http.Answer resolved = http.postIfMatch(resolvePath, "{\"resolution\":\"DEVICE\"}", now.etag().orElseThrow());
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(server(id).get("description").getAsString()).isEqualTo("设备：第二次，管理员未看过");
    }

    /**
     * A tester's finding: a reported major danger's grade changed offline was refused (grade_change_not_allowed) and
     * the hint said to correct it and resend — but putting the grade back as the server has it was refused on the
     * device as another grade change (its own copy then read 一般 and 已报告 together). The device judges a change
     * from the server's copy too: what the server would accept, it accepts.
     */
    @Test
    void aRefusedGradeChangeIsPutBackAsTheServerHasItAndTheRestGoes() {
        Http.Answer created = http.post("/api/hazards", """
                {"unitId":"%s","grade":"MAJOR","category":"FIRE","description":"重大隐患原文",
                 "foundAt":"2026-11-20T09:30:00Z","responsiblePerson":"王某"}""".formatted(unitId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.field("id");
        FieldStore device = device("regrade");
        sync(device);
        patch(id, "status", "REPORTED", 1);
        device.edit(id, Map.of("grade", text("GENERAL"), "description", text("设备：补充了描述")));
        sync(device);
        assertThat(device.attention()).singleElement().satisfies(item -> assertThat(item.code()).isEqualTo("grade_change_not_allowed"));

        device.edit(id, Map.of("grade", text("MAJOR")));
        device.resend(id);
        sync(device);

        assertThat(device.attention()).isEmpty();
        JsonObject onServer = server(id);
        assertThat(onServer.get("grade").getAsString()).isEqualTo("MAJOR");
        assertThat(onServer.get("status").getAsString()).isEqualTo("REPORTED");
        assertThat(onServer.get("description").getAsString()).isEqualTo("设备：补充了描述");
        // a grade change of the reported danger is still refused on the device
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> device.edit(id, Map.of("grade", text("GENERAL"))))
                .hasMessageContaining("grade_change_not_allowed");
    }

    /** The same run pushed in separate batches: each later answer names the conflict already open. */
    @Test
    void laterConflictingEditsPushedInAnotherBatchJoinTheOpenConflict() {
        String id = newHazard();
        TestUsers.Device device = TestUsers.device(http, "inspector-raw");
        patch(id, "description", "服务器：已整改", 1);
        String first = Uuids.v7();
        JsonObject a = push(device, op(first, id, null, "{\"description\":\"设备：未整改\"}"));
        assertThat(a.get("status").getAsString()).isEqualTo("conflict");
        String conflictId = a.get("conflictId").getAsString();

        String second = Uuids.v7();
        JsonObject b = push(device, op(second, id, first, "{\"description\":\"设备：部分整改\"}"));
        assertThat(b.get("status").getAsString()).isEqualTo("conflict");
        assertThat(b.get("conflictId").getAsString()).isEqualTo(conflictId);

        // a field the server changed in between joins the same conflict too
        patch(id, "responsiblePerson", "李某", 2);
        String third = Uuids.v7();
        JsonObject c = push(device, op(third, id, second, "{\"responsiblePerson\":\"赵某\"}"));
        assertThat(c.get("conflictId").getAsString()).isEqualTo(conflictId);

        JsonObject conflict = http.get("/api/conflicts/" + conflictId).json();
        assertThat(http.get("/api/conflicts?status=OPEN&record=" + id).json().get("total").getAsInt()).isEqualTo(1);
        assertThat(conflict.getAsJsonArray("opIds")).containsExactly(
                new JsonPrimitive(first), new JsonPrimitive(second), new JsonPrimitive(third));
        assertThat(conflict.getAsJsonObject("fields").getAsJsonObject("description").get("device").getAsString()).isEqualTo("设备：部分整改");
        JsonObject person = conflict.getAsJsonObject("fields").getAsJsonObject("responsiblePerson");
        assertThat(person.get("base").getAsString()).isEqualTo("王某");
        assertThat(person.get("server").getAsString()).isEqualTo("李某");
        assertThat(person.get("device").getAsString()).isEqualTo("赵某");

        assertThat(resolve(conflict, "DEVICE", conflict.get("currentVersion").getAsInt()).status()).isEqualTo(200);
        JsonObject record = server(id);
        assertThat(record.get("description").getAsString()).isEqualTo("设备：部分整改");
        assertThat(record.get("responsiblePerson").getAsString()).isEqualTo("赵某");

        // settled: the device pulls the resolution; its next conflicting edit opens a new conflict
        int resolved = record.get("version").getAsInt();
        patch(id, "description", "服务器：复查合格", resolved);
        JsonObject d = push(device, op(Uuids.v7(), id, null, "{\"description\":\"设备：复查不合格\"}", resolved));
        assertThat(d.get("status").getAsString()).isEqualTo("conflict");
        assertThat(d.get("conflictId").getAsString()).isNotEqualTo(conflictId);
        assertThat(http.get("/api/conflicts/" + conflictId).json().get("status").getAsString()).isEqualTo("RESOLVED");
    }

    /** Two devices' conflicts on one record, decided from one page: the second decision is on a stale view. */
    @Test
    void theSecondOfTwoConflictsDecidedOnOneViewIsRefusedUntilReloaded() {
        String id = newHazard();
        FieldStore a = device("a");
        FieldStore b = device("b");
        sync(a);
        sync(b);
        patch(id, "description", "服务器：已整改", 1);
        a.edit(id, Map.of("description", text("甲：未整改")));
        b.edit(id, Map.of("description", text("乙：部分整改")));
        sync(a);
        sync(b);
        JsonArray page = http.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items");
        assertThat(page).hasSize(2);
        JsonObject older = page.get(0).getAsJsonObject();
        JsonObject newer = page.get(1).getAsJsonObject();
        assertThat(older.get("currentVersion")).isEqualTo(newer.get("currentVersion"));

        assertThat(resolve(newer, "DEVICE", newer.get("currentVersion").getAsInt()).status()).isEqualTo(200);
        Http.Answer second = resolve(older, "DEVICE", older.get("currentVersion").getAsInt());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.field("code")).isEqualTo("stale_resolution");
        assertThat(server(id).get("description").getAsString()).isEqualTo("乙：部分整改");

        JsonObject reloaded = http.get("/api/conflicts/" + older.get("id").getAsString()).json();
        assertThat(reloaded.getAsJsonObject("fields").getAsJsonObject("description").get("current").getAsString())
                .isEqualTo("乙：部分整改");
        assertThat(resolve(reloaded, "SERVER", reloaded.get("currentVersion").getAsInt()).status()).isEqualTo(200);
        assertThat(server(id).get("description").getAsString()).isEqualTo("乙：部分整改");
    }

    private String newHazard() {
        Http.Answer created = http.post("/api/hazards", """
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"消防通道堵塞",
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unitId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    /** Someone changes the record on the server, with If-Match so the test knows the version it made. */
    private void patch(String id, String field, String value, int version) {
        JsonObject change = new JsonObject();
        change.addProperty(field, value);
        Http.Answer answer = http.patch("/api/hazards/" + id, change.toString(), "\"" + version + "\"");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** A resolution decided on {@code conflict} as it was read: its record version and the device's edits it held. */
    private Http.Answer resolve(JsonObject conflict, String resolution, int version) {
        return http.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"" + resolution + "\",\"version\":" + version
                        + ",\"deviceVersion\":" + conflict.get("deviceVersion").getAsInt() + "}");
    }

    private JsonObject onlyOpenConflict(String recordId) {
        JsonObject list = http.get("/api/conflicts?status=OPEN&record=" + recordId).json();
        assertThat(list.get("total").getAsInt()).isEqualTo(1);
        return list.getAsJsonArray("items").get(0).getAsJsonObject();
    }

    private List<String> descriptions(String id) {
        List<String> all = new ArrayList<>();
        for (JsonElement version : http.get("/api/hazards/" + id + "/history").json().getAsJsonArray("versions")) {
            all.add(version.getAsJsonObject().get("description").getAsString());
        }
        return all;
    }

    private static String op(String opId, String id, String prevOpId, String fields) {
        return op(opId, id, prevOpId, fields, 1);
    }

    private static String op(String opId, String id, String prevOpId, String fields, int baseVersion) {
        return "{\"opId\":\"" + opId + "\",\"type\":\"hazard\",\"id\":\"" + id + "\",\"baseVersion\":" + baseVersion
                + (prevOpId == null ? "" : ",\"prevOpId\":\"" + prevOpId + "\"") + ",\"fields\":" + fields + "}";
    }

    private JsonObject push(TestUsers.Device device, String op) {
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    private FieldStore device(String name) {
        Path dir = TestDatabases.freshDirectory("devices-" + testName + "-" + name);
        FieldStore store = FieldStore.open(dir);
        stores.add(store);
        TestUsers.init(http, store, name);
        return store;
    }

    private JsonObject server(String id) {
        return http.get("/api/hazards/" + id).json();
    }

    private SyncReport sync(FieldStore store) {
        return store.sync(new ContractCheckedTransport(new HttpTransport(target.getUri().toString())), SyncListener.NONE);
    }

    private static JsonPrimitive text(String value) {
        return new JsonPrimitive(value);
    }
}
