package cn.fieldsync.server.sync;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.Cli;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 through the real command line, as an inspector runs it (each command its own JVM,
 * so these run on SQLite only; the same rules on PostgreSQL are in InspectorWorkKeptApiTest):
 * a refused record stays with its reason, is fixed and resent or withdrawn; the device refuses
 * what it can know offline; a narrowed scope keeps the inspector's unsent work.
 * The rule every test asserts: an operation ends applied on the server, held in a conflict, or
 * visible on the device as needing attention (with its reason in Chinese) or waiting — never
 * silently gone or reverted.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/inspector-cli")
@AddConfig(key = "fieldsync.db.schema", value = "inspector_cli")
@AddConfig(key = "fieldsync.attachments.max-bytes", value = "1000000")
class InspectorCommandLineTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unitId;
    private String testName;
    private final List<FieldStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unitId = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(FieldStore::close);
    }

    @Test
    void aCreateRefusedForAnUnknownUnitStaysOnTheDeviceWithItsReasonAndGoesOnceFixedAndResent() throws Exception {
        Path store = cliDevice("refused", "--no-sync"); // never synced: the device cannot know the unit is unknown
        String orphan = Cli.newRecord(store, "hazard", hazardJson(Uuids.v7(), "配电箱无防护"));

        Cli.Result sync = cli("sync", "--store", store.toString());
        assertThat(sync.exitCode()).as(sync.output()).isEqualTo(4);
        assertThat(sync.output()).contains("需处理").contains(orphan).contains("配电箱无防护").contains("所引用的记录");
        assertThat(cli("show", orphan, "--store", store.toString()).output()).contains("配电箱无防护");
        assertThat(cli("list", "hazard", "--store", store.toString()).output()).contains(orphan).contains("需处理");
        Cli.Result status = cli("status", "--store", store.toString());
        assertThat(status.output()).contains("需要处理 (need your attention): 1").contains("(pending operations): 1");
        Cli.Result attention = cli("attention", "--store", store.toString());
        assertThat(attention.exitCode()).isEqualTo(4);
        assertThat(attention.output()).contains(orphan).contains("unknown_reference")
                .contains("处理：用 fieldsync edit " + orphan + " 字段=值 改正后，fieldsync resend " + orphan + " 重发");
        // a second sync sends nothing refused again, and still shows it
        Cli.Result again = cli("sync", "--store", store.toString());
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.output()).contains("pushed 0").contains(orphan);

        Cli.Result edited = cli("edit", orphan, "unitId=" + unitId, "--store", store.toString());
        assertThat(edited.exitCode()).isZero();
        // not "同步后发送": a refused record's correction goes with the resend (a tester's finding)
        assertThat(edited.output()).contains("改好后用 fieldsync resend " + orphan + " 重发").doesNotContain("，同步后发送");
        assertThat(cli("resend", orphan, "--store", store.toString()).exitCode()).isZero();
        Cli.Result fixed = cli("sync", "--store", store.toString());
        assertThat(fixed.exitCode()).as(fixed.output()).isZero();
        assertThat(admin.get("/api/hazards/" + orphan).field("unitId")).isEqualTo(unitId);
        assertThat(cli("attention", "--store", store.toString()).output()).contains("nothing needs your attention");
    }

    @Test
    void onceSyncedTheDeviceRefusesALinkToAUnitItDoesNotHoldBeforeAnythingIsSent() throws Exception {
        Path store = cliDevice("offline-check");
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        Path file = Files.createTempFile(Path.of("target"), "hazard", ".json");
        Files.writeString(file, hazardJson(Uuids.v7(), "不存在的单位"));
        Cli.Result refused = cli("new", "hazard", "--file", file.toString(), "--store", store.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("不在本设备上");
        assertThat(cli("status", "--store", store.toString()).output()).contains("(pending operations): 0");
    }

    @Test
    void anIllegalStatusChangeIsRefusedOnTheDeviceBeforeAnythingIsSent() throws Exception {
        Path store = cliDevice("lifecycle");
        String hazard = Cli.newRecord(store, "hazard", hazardJson(unitId, "安全出口上锁"));
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();

        Cli.Result refused = cli("edit", hazard, "status=CLOSED_OUT", "--store", store.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("/status").contains("不符合该记录的办理流程").contains("事故隐患不能从").contains("illegal_transition");
        assertThat(cli("show", hazard, "--store", store.toString()).output()).doesNotContain("CLOSED_OUT");
        assertThat(cli("status", "--store", store.toString()).output()).contains("(pending operations): 0");
    }

    @Test
    void aRefusedRecordTheInspectorWithdrawsIsKeptOnTheDeviceAsWithdrawn() throws Exception {
        Path store = cliDevice("withdraw", "--no-sync");
        String orphan = Cli.newRecord(store, "hazard", hazardJson(Uuids.v7(), "录错单位的隐患"));
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isEqualTo(4);

        assertThat(cli("withdraw", orphan, "--note", "误操作，\u001b[31m单位选错", "--store", store.toString()).exitCode()).isZero();
        Cli.Result withdrawn = cli("attention", "--withdrawn", "--store", store.toString());
        assertThat(withdrawn.output()).contains(orphan).contains("单位选错").doesNotContain("\u001b").contains("所引用的记录")
                .contains("新建").contains("录错单位的隐患");
        assertThat(cli("attention", "--store", store.toString()).exitCode()).isZero();
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        assertThat(admin.get("/api/hazards/" + orphan).status()).isEqualTo(404);
        // the server holds nothing of it
        assertThat(admin.get("/api/sync/held").body()).doesNotContain(orphan);
    }

    @Test
    void narrowingAUsersScopeKeepsTheirUnsyncedWorkOnTheDeviceAndForTheAdministratorUntilItIsRestored() throws Exception {
        String user = "inspector-narrowed";
        Path store = cliDevice("narrowed");
        String edited = Cli.newRecord(store, "hazard", hazardJson(unitId, "已同步的隐患"));
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        String created = Cli.newRecord(store, "hazard", hazardJson(unitId, "未同步的新隐患"));
        assertThat(cli("edit", edited, "responsiblePerson=赵某", "--store", store.toString()).exitCode()).isZero();

        assertThat(admin.patch("/api/admin/users/" + user, "{\"jurisdictions\":[\"370682\"]}", null).status()).isEqualTo(200);
        Cli.Result narrowed = cli("sync", "--store", store.toString());
        assertThat(narrowed.exitCode()).as(narrowed.output()).isZero();
        assertThat(narrowed.output()).contains("等待中").contains("管辖范围").contains(created).contains(edited);
        assertThat(cli("show", created, "--store", store.toString()).output()).contains("未同步的新隐患");
        assertThat(cli("show", edited, "--store", store.toString()).output()).contains("赵某");
        JsonArray held = admin.get("/api/sync/held").json().getAsJsonArray("items");
        assertThat(held.toString()).contains(created).contains(edited).contains("out_of_scope");

        assertThat(admin.patch("/api/admin/users/" + user, "{\"jurisdictions\":[\"370686\"]}", null).status()).isEqualTo(200);
        Cli.Result restored = cli("sync", "--store", store.toString());
        assertThat(restored.exitCode()).as(restored.output()).isZero();
        assertThat(admin.get("/api/hazards/" + created).field("description")).isEqualTo("未同步的新隐患");
        assertThat(admin.get("/api/hazards/" + edited).field("responsiblePerson")).isEqualTo("赵某");
        assertThat(admin.get("/api/sync/held").body()).doesNotContain(created).doesNotContain(edited);
        assertThat(cli("status", "--store", store.toString()).output()).contains("(pending operations): 0");
    }

    /**
     * Found by a tester: a device holding a conflict whose record then left the user's scope (a narrowed scope, a unit
     * moved to another county) failed every later sync with "找不到同步冲突" — its push and pull went through, but the
     * round never ended, so the last-sync time, the summary and the app's retries all stopped.
     */
    @Test
    void aConflictWhoseRecordLeavesTheUsersScopeStopsNoSyncAndComesBackWithTheScope() throws Exception {
        String user = "inspector-conflict-scope";
        Path store = cliDevice("conflict-scope");
        String id = Cli.newRecord(store, "hazard", hazardJson(unitId, "配电箱未接地"));
        conflictOnTheResponsiblePerson(store, id, "scope-other");
        assertThat(cli("conflicts", "--store", store.toString()).output()).contains("待处理");

        assertThat(admin.patch("/api/admin/users/" + user, "{\"jurisdictions\":[\"370682\"]}", null).status()).isEqualTo(200);
        String newer = Cli.newRecord(store, "hazard", hazardJson(unitId, "范围收窄后新录的隐患"));
        Cli.Result narrowed = cli("sync", "--store", store.toString());
        assertThat(narrowed.exitCode()).as(narrowed.output()).isZero();
        assertThat(narrowed.output()).doesNotContain("找不到同步冲突");
        assertThat(narrowed.output()).contains(newer).contains("管辖范围");
        Cli.Result held = cli("conflicts", "--store", store.toString());
        assertThat(held.output()).contains("已不在您的管辖范围内，由管理员处理").contains("赵某").contains("不会丢失")
                .doesNotContain("无需再做什么");
        assertThat(cli("sync", "--store", store.toString()).exitCode()).as("and every round after").isZero();

        assertThat(admin.patch("/api/admin/users/" + user, "{\"jurisdictions\":[\"370686\"]}", null).status()).isEqualTo(200);
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        assertThat(cli("conflicts", "--store", store.toString()).output()).contains("待处理").doesNotContain("已不在您的管辖范围内");
    }

    @Test
    void theCommandLineRefusesAFileLargerThanTheServerTakesOnceItKnowsTheLimit() throws Exception {
        Path store = cliDevice("large-cli");
        String hazard = Cli.newRecord(store, "hazard", hazardJson(unitId, "现场隐患"));
        // digits typed into a text field are the text typed (found by a tester: "应填文字")
        Cli.Result digits = cli("edit", hazard, "description=2026", "responsiblePerson=110", "--store", store.toString());
        assertThat(digits.exitCode()).as(digits.output()).isZero();
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        assertThat(admin.get("/api/hazards/" + hazard).field("description")).isEqualTo("2026");
        Path large = file("large.jpg", cn.fieldsync.server.testing.TestAttachments.image("large.jpg", new byte[1_000_001]));
        Cli.Result attach = cli("attach", hazard, large.toString(), "--store", store.toString());
        assertThat(attach.exitCode()).isEqualTo(1);
        assertThat(attach.output()).contains("超过服务器允许的 1000000 字节");
        assertThat(cli("status", "--store", store.toString()).output()).contains("(pending operations): 0");
    }

    /** Found by a tester: list said "synced" for a record in conflict, conflicts printed raw JSON, status an ISO time, list wrote NUL and RTL overrides. */
    @Test
    void listConflictsAndStatusSpeakInWordsAndNeverPassControlCharactersToTheTerminal() throws Exception {
        Path store = cliDevice("words");
        String id = Cli.newRecord(store, "hazard", hazardJson(unitId, "消防通道堵塞"));
        conflictOnTheResponsiblePerson(store, id, "words-other");
        // a description holding NUL and U+202E, as a record stored before such text was refused (RecordChecks.plainText) holds it
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store.resolve(FieldStore.DATABASE_FILE));
             java.sql.PreparedStatement read = c.prepareStatement("SELECT body FROM record WHERE id = ?");
             java.sql.PreparedStatement old = c.prepareStatement("UPDATE record SET body = ? WHERE id = ?")) {
            read.setString(1, id);
            java.sql.ResultSet rs = read.executeQuery();
            assertThat(rs.next()).isTrue();
            com.google.gson.JsonObject body = com.google.gson.JsonParser.parseString(rs.getString(1)).getAsJsonObject();
            rs.close();
            body.addProperty("description", "消防通道\u0000堵塞\u202E反向文字");
            old.setString(1, body.toString());
            old.setString(2, id);
            assertThat(old.executeUpdate()).isEqualTo(1);
        }

        String list = cli("list", "hazard", "--store", store.toString()).output().lines()
                .filter(line -> line.startsWith(id)).findFirst().orElseThrow();
        assertThat(list).contains("有冲突").doesNotContain("已同步")
                .contains("\\u0000").contains("\\u202E").doesNotContain(String.valueOf((char) 0)).doesNotContain(String.valueOf((char) 0x202E));
        Cli.Result conflicts = cli("conflicts", "--store", store.toString());
        assertThat(conflicts.output()).contains("整改责任人").contains("服务器上为 「李某」").contains("本设备改为 「赵某」")
                .contains("双方修改前为 「王某」").contains("下一步").doesNotContain("{\"");
        // found by a tester: a conflict the administrator settled still printed the next step to wait for
        String conflict = admin.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items").get(0)
                .getAsJsonObject().get("id").getAsString();
        String etag = admin.get("/api/conflicts/" + conflict).etag().orElseThrow();
        assertThat(admin.postIfMatch("/api/conflicts/" + conflict + "/resolve", "{\"resolution\":\"SERVER\"}", etag).status()).isEqualTo(200);
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        Cli.Result settled = cli("conflicts", "--store", store.toString());
        assertThat(settled.output()).contains("已处理").contains("无需再做什么").doesNotContain("下一步");
        assertThat(cli("status", "--store", store.toString()).output())
                .containsPattern("上次同步 \\(last sync\\): \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}").doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}");
    }

    /** Found by a tester: a mistyped --store opened a new, empty store, and the inspector's records looked gone. */
    @Test
    void aMistypedStoreIsRefusedInsteadOfOpenedEmptyAndEveryCommandHasHelp() throws Exception {
        Path nowhere = TestDatabases.freshDirectory("inspector-cli-nowhere").resolve("typo");
        Cli.Result status = cli("status", "--store", nowhere.toString());
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.output()).contains("没有这个设备存储").contains("fieldsync init");
        assertThat(java.nio.file.Files.exists(nowhere)).isFalse();
        // an enrolment that fails (a refused password, a server that does not answer) leaves no half-made store
        TestUsers.inspectorAccount(admin, "inspector-typo");
        Cli.Result wrongPassword = cli("init", "--store", nowhere.toString(), "--server", target.getUri().toString(),
                "--device-name", "平板", "--user", "inspector-typo", "--password", "not-the-password");
        assertThat(wrongPassword.exitCode()).as(wrongPassword.output()).isEqualTo(5);
        assertThat(wrongPassword.output()).contains("服务器拒绝（401）：用户名或密码错误（invalid_credentials）")
                .doesNotContain("the server refused").doesNotContain("password is wrong");
        Cli.Result unreachable = cli("init", "--store", nowhere.toString(), "--server", "http://127.0.0.1:1",
                "--device-name", "平板", "--user", "inspector-typo", "--password", TestUsers.password("inspector-typo"));
        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(2);
        assertThat(java.nio.file.Files.exists(nowhere)).isFalse();
        assertThat(cli("status", "--store", nowhere.toString()).exitCode()).isEqualTo(1);
        for (String command : List.of("init", "sync", "attention", "withdraw")) {
            Cli.Result help = cli(command, "--help");
            assertThat(help.exitCode()).as(help.output()).isZero();
            // the help speaks the inspector's language, picocli's own words included (HelpWords.properties)
            assertThat(help.output()).contains("用法 (usage): fieldsync " + command, "显示此帮助后退出").doesNotContain("Show this help");
        }
    }

    /**
     * The hazard, new on the command-line device, synced; then another inspector's device sets its 整改责任人 to 李某
     * and this one, not having seen it, to 赵某: this device holds an open conflict.
     */
    private void conflictOnTheResponsiblePerson(Path store, String id, String otherInspector) throws Exception {
        assertThat(cli("sync", "--store", store.toString()).exitCode()).isZero();
        FieldStore other = FieldStore.open(TestDatabases.freshDirectory("inspector-" + otherInspector + "-" + testName));
        stores.add(other);
        TestUsers.init(admin, other, otherInspector);
        sync(other);
        other.edit(id, Map.of("responsiblePerson", new com.google.gson.JsonPrimitive("李某")));
        sync(other);
        assertThat(cli("edit", id, "responsiblePerson=赵某", "--store", store.toString()).exitCode()).isZero();
        cli("sync", "--store", store.toString());
    }

    private Path cliDevice(String name, String... options) throws Exception {
        String user = "inspector-" + name;
        TestUsers.inspectorAccount(admin, user);
        Path store = TestDatabases.freshDirectory("inspector-work-" + testName);
        List<String> args = new ArrayList<>(List.of("init", "--store", store.toString(), "--server", target.getUri().toString(),
                "--device-name", "平板", "--user", user, "--password", TestUsers.password(user)));
        args.addAll(List.of(options));
        Cli.Result init = cli(args.toArray(String[]::new));
        if (options.length == 0) {
            // init enrols and syncs at once, so the units of the inspector's scope can be found by name straight away
            assertThat(init.output()).contains("本设备已登记").contains("同步完成").contains("按名称查单位");
        }
        assertThat(init.exitCode()).as(init.output()).isZero();
        return store;
    }

    private static Cli.Result cli(String... args) throws Exception {
        return Cli.run(args);
    }

    private SyncReport sync(FieldStore store) {
        return store.sync(new ContractCheckedTransport(new HttpTransport(target.getUri().toString())), SyncListener.NONE);
    }

    private static String hazardJson(String unit, String description) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"" + description
                + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}";
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path file = TestDatabases.freshDirectory("files-" + testName + "-" + name).resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private static JsonElement json(String text) {
        try {
            return StrictJson.parse(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
