package cn.fieldsync.server.security;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.RecordState;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: an inspector renamed a unit of the county with {@code PATCH /api/units/{id}} (or a
 * device's push), and every device got the new name. Units and persons are managed by administrators
 * ({@code cn.fieldsync.schemas.AdministeredRecords}): an inspector may create one in scope, never change
 * one — refused on the REST route, in a push (final, in Chinese, kept on the device as needing attention)
 * and by the device before it saves.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/administered")
@AddConfig(key = "fieldsync.db.schema", value = "administered")
class UnitsAndPersonsAreAdministeredApiTest {

    private static final String MINE = "370686";
    private static final String OTHER = "370682";

    @Inject
    WebTarget target;

    private record Row(String name, BiFunction<Http, String, Http.Answer> call, String inScope, String outOfScope) {
    }

    /** Columns: INSPECTOR (a device's token), REVIEWER, ADMIN, no token; a unit or person of the caller's county, and of another. */
    @Test
    void onlyAnAdministratorChangesAUnitOrAPersonAndAnInspectorStillCreatesOneInScope() {
        Http admin = TestUsers.admin(target.getUri());
        TestUsers.Device device = TestUsers.device(admin, "admin-rule-inspector");
        Http inspector = device.http();
        Http reviewer = TestUsers.create(admin, "admin-rule-reviewer", "REVIEWER", MINE);
        Http[] callers = {inspector, reviewer, admin, new Http(target.getUri())};
        String[] names = {"INSPECTOR", "REVIEWER", "ADMIN", "ANONYMOUS"};
        String mineUnit = unit(admin, MINE, "栖霞某化工公司");
        String otherUnit = unit(admin, OTHER, "莱阳某矿业公司");
        Map<String, String> persons = Map.of(mineUnit, person(admin, mineUnit), otherUnit, person(admin, otherUnit));

        List<Row> rows = List.of(
                new Row("PATCH unit", (h, u) -> h.patch("/api/units/" + u, "{\"name\":\"改名公司\"}", null), "403 403 200 401", "404 403 200 401"),
                new Row("PATCH person", (h, u) -> h.patch("/api/persons/" + persons.get(u), "{\"name\":\"改名某人\"}", null),
                        "403 403 200 401", "404 403 200 401"),
                new Row("POST unit", (h, u) -> h.post("/api/units", "{\"name\":\"新登记单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\""
                        + (u.equals(mineUnit) ? MINE : OTHER) + "\"}"), "201 403 201 401", "403 403 201 401"),
                new Row("POST person", (h, u) -> h.post("/api/persons", personBody(u)), "201 403 201 401", "422 403 201 401"));
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            for (String unit : List.of(mineUnit, otherUnit)) {
                String[] expected = (unit.equals(mineUnit) ? row.inScope : row.outOfScope).split(" ");
                for (int c = 0; c < callers.length; c++) {
                    int status = row.call.apply(callers[c], unit).status();
                    if (!String.valueOf(status).equals(expected[c])) {
                        wrong.add(row.name + (unit.equals(mineUnit) ? " in scope" : " out of scope") + " as " + names[c]
                                + ": expected " + expected[c] + ", got " + status);
                    }
                }
            }
        }
        assertThat(wrong).as("answers not as the rule says").isEmpty();

        // the inspector is told why, in Chinese, and nothing changed
        String before = admin.get("/api/units/" + mineUnit).field("name");
        Http.Answer refused = inspector.patch("/api/units/" + mineUnit, "{\"name\":\"检查员改的名\"}", null);
        assertThat(refused.field("code")).isEqualTo("forbidden");
        assertThat(refused.field("message")).contains("只能由管理员修改").contains("单位");
        assertThat(inspector.patch("/api/persons/" + persons.get(mineUnit), "{\"name\":\"检查员改的名\"}", null).field("message"))
                .contains("人员").contains("只能由管理员修改");
        assertThat(admin.get("/api/units/" + mineUnit).field("name")).isEqualTo(before).isNotEqualTo("检查员改的名");
    }

    /** A raw push (another app, an older one) of a unit's or a person's edit: refused for good, audited, nothing applied. */
    @Test
    void aPushedEditOfAUnitOrAPersonIsRefusedForGoodAndAPushedNewUnitIsApplied() {
        Http admin = TestUsers.admin(target.getUri());
        String unit = unit(admin, MINE, "栖霞某化工公司");
        String person = person(admin, unit);
        TestUsers.Device device = TestUsers.device(admin, "admin-rule-pusher");

        for (String[] edit : new String[][] {{"unit", unit, "{\"name\":\"推送改名公司\"}"}, {"person", person, "{\"name\":\"推送改名\"}"}}) {
            JsonObject answer = push(device, "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"" + edit[0] + "\",\"id\":\"" + edit[1]
                    + "\",\"baseVersion\":1,\"fields\":" + edit[2] + "}");
            assertThat(answer.get("status").getAsString()).as(answer.toString()).isEqualTo("rejected");
            assertThat(answer.get("code").getAsString()).isEqualTo("forbidden");
            assertThat(answer.get("final").getAsBoolean()).isTrue();
            assertThat(answer.get("message").getAsString()).contains("只能由管理员修改");
        }
        assertThat(admin.get("/api/units/" + unit).field("name")).isEqualTo("栖霞某化工公司");
        assertThat(admin.get("/api/persons/" + person).field("name")).isEqualTo("某董事长");
        assertThat(admin.get("/api/sync/rejected?device=" + device.id()).json().getAsJsonArray("items")).hasSize(2);

        String created = Uuids.v7();
        JsonObject made = push(device, "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"unit\",\"id\":\"" + created
                + "\",\"baseVersion\":0,\"fields\":{\"name\":\"现场发现的无证作坊\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + MINE + "\"}}");
        assertThat(made.get("status").getAsString()).as(made.toString()).isEqualTo("applied");
        assertThat(admin.get("/api/units/" + created).field("name")).isEqualTo("现场发现的无证作坊");
    }

    /**
     * The device refuses a unit's or a person's edit before saving, in Chinese; and an edit an older app
     * queued is refused by the server, shown as needing attention, kept on the device (nothing lost), and
     * never reaches another device.
     */
    @Test
    void aUnitTheServerNeverAcceptedIsTheInspectorsToCorrectAndResend() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path dir = TestDatabases.freshDirectory("administered-refused-create");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-resend");
        try {
            // a unit met on site, put in a county the inspector does not serve (a slip): the server does not take it
            String found = store.create(RecordType.UNIT, StrictJson.parseObject(
                    "{\"name\":\"现场发现的小作坊\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370602\"}"));
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.get("/api/units/" + found).status()).isEqualTo(404);
            // a danger found there waits for it, and says for which record in the inspector's words, not by its UUID
            String danger = store.create(RecordType.HAZARD, StrictJson.parseObject("{\"unitId\":\"" + found + "\",\"grade\":\"GENERAL\","
                    + "\"category\":\"FIRE\",\"description\":\"作坊内堆放易燃物\",\"foundAt\":\"2026-11-20T09:30:00+08:00\","
                    + "\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}"));
            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).filteredOn(item -> item.recordId().equals(danger)).singleElement()
                    .satisfies(item -> assertThat(item.reason()).contains("所引用的单位“现场发现的小作坊”").doesNotContain(found));
            // found by a tester: the refusal said 修改后 resend, and the edit was refused as the administrator's
            store.edit(found, Map.of("jurisdictionCode", new JsonPrimitive(MINE)));
            store.resend(found);
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.get("/api/units/" + found).field("jurisdictionCode")).isEqualTo(MINE);
            assertThat(admin.get("/api/hazards/" + danger).field("unitId")).as("the danger went with its unit").isEqualTo(found);
            // once the server has it, it is the administrator's again
            assertThatThrownBy(() -> store.edit(found, Map.of("name", new JsonPrimitive("改名"))))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("只能由管理员修改");
        } finally {
            store.close();
        }
    }

    /**
     * A tester's finding: a person (or unit) the inspector made offline could not be corrected before the
     * first sync — the device refused the edit as the administrator's. Until the server has it, it is the
     * inspector's draft: corrected, it goes as one creation of the corrected content, and the server and
     * a colleague's device see only that.
     */
    @Test
    void aPersonMadeOfflineIsCorrectedBeforeItsFirstSyncAndGoesAsOneCreation() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = unit(admin, MINE, "栖霞某矿业公司");
        Path dir = TestDatabases.freshDirectory("administered-draft");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-draft");
        try {
            TestDevices.sync(target.getUri(), store);
            String person = store.create(RecordType.PERSON, StrictJson.parseObject("{\"name\":\"张名\",\"positions\":[{\"unitId\":\""
                    + unit + "\",\"post\":\"矿长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2021-03-01\"}]}"));
            store.edit(person, Map.of("name", new JsonPrimitive("张明")));
            store.edit(person, Map.of("positions", StrictJson.parseObject("{\"p\":[{\"unitId\":\"" + unit
                    + "\",\"post\":\"矿长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2021-03-15\"}]}").get("p")));
            assertThat(store.status().pendingOperations()).as("still one creation").isEqualTo(1);
            assertThat(store.get(person).orElseThrow().body().get("name").getAsString()).isEqualTo("张明");

            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).isEmpty();
            assertThat(store.status().pendingOperations()).isZero();
            Http.Answer onServer = admin.get("/api/persons/" + person);
            assertThat(onServer.field("name")).isEqualTo("张明");
            assertThat(onServer.json().get("version").getAsInt()).as("created once, as corrected").isEqualTo(1);
            assertThat(onServer.body()).contains("2021-03-15").doesNotContain("张名");
            // once the server has it, it is the administrator's again
            assertThatThrownBy(() -> store.edit(person, Map.of("name", new JsonPrimitive("张敏"))))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("只能由管理员修改");
        } finally {
            store.close();
        }
    }

    /**
     * A tester's findings: a unit or person made offline could be edited but not discarded (delete said it
     * is the administrator's, withdraw that nothing was refused); and a draft unit waiting for the
     * inspector's scope, corrected with edit, was not sent until a resend nobody asked for.
     */
    @Test
    void aDraftUnitOrPersonIsDiscardedByDeleteOrWithdrawAndACorrectedWaitingOneGoesAtTheNextSync() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path dir = TestDatabases.freshDirectory("administered-discard");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-discard");
        try {
            TestDevices.sync(target.getUri(), store);
            String unit = store.create(RecordType.UNIT, StrictJson.parseObject(
                    "{\"name\":\"录重了的单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + MINE + "\"}"));
            String person = store.create(RecordType.PERSON, StrictJson.parseObject("{\"name\":\"张某\",\"positions\":[{\"unitId\":\""
                    + unit + "\",\"post\":\"矿长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2021-03-01\"}]}"));
            // the person names the unit: discarding the unit first would leave the person refused for good
            assertThatThrownBy(() -> store.delete(unit)).isInstanceOf(InputRefusedException.class)
                    .hasMessageContaining("人员“张某”（" + person + "）").hasMessageContaining("不能撤回或删除");
            store.delete(person);
            store.withdraw(unit, "单位录重了");
            assertThat(store.get(unit)).isEmpty();
            assertThat(store.get(person)).isEmpty();
            assertThat(store.status().pendingOperations()).isZero();
            assertThat(store.withdrawn()).as("kept on the device, never erased")
                    .extracting(w -> w.get("recordId").getAsString()).containsExactlyInAnyOrder(unit, person);
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.get("/api/units/" + unit).status()).isEqualTo(404);
            assertThat(admin.get("/api/persons/" + person).status()).isEqualTo(404);

            // put in a county the inspector does not serve, a unit waits; corrected, it goes at the next sync by itself
            String found = store.create(RecordType.UNIT, StrictJson.parseObject(
                    "{\"name\":\"现场发现的加工点\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370602\"}"));
            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).singleElement().satisfies(item -> assertThat(item.recordId()).isEqualTo(found));
            store.edit(found, Map.of("jurisdictionCode", new JsonPrimitive(MINE)));
            assertThat(store.status().pendingOperations()).as("one creation of the corrected unit").isEqualTo(1);
            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).isEmpty();
            assertThat(admin.get("/api/units/" + found).field("jurisdictionCode")).isEqualTo(MINE);
            // on the server it is the administrator's: a device neither deletes nor withdraws it
            assertThatThrownBy(() -> store.delete(found)).isInstanceOf(InputRefusedException.class).hasMessageContaining("(forbidden)");
            assertThatThrownBy(() -> store.withdraw(found, null)).isInstanceOf(InputRefusedException.class)
                    .hasMessageContaining("已同步到服务器的内容不能撤回");
        } finally {
            store.close();
        }
    }

    /**
     * Names stored before the name rule may keep a blank at their end or a no-break space: they look like
     * another name, so one unit or person stands as two. An administrator lists them, with what is wrong in
     * words, and corrects each; a corrected one leaves the list.
     */
    @Test
    void namesStoredBeforeTheNameRuleAreListedForTheAdministratorToCorrect() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = unit(admin, MINE, "栖霞旧录入化工公司");
        Http.Answer made = admin.post("/api/persons", "{\"name\":\"旧录入张明\",\"positions\":[{\"unitId\":\"" + unit
                + "\",\"post\":\"厂长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String person = made.field("id");
        // as an older server stored them: the name rule did not exist yet
        try (Connection c = TestDatabases.connect("target/test-data/administered", "administered")) {
            for (String table : List.of("record", "record_version")) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET body = replace(body, ?, ?) WHERE "
                        + (table.equals("record") ? "id" : "record_id") + " = ?")) {
                    ps.setString(1, "栖霞旧录入化工公司\"");
                    ps.setString(2, "栖霞旧录入化工公司 \"");
                    ps.setString(3, unit);
                    assertThat(ps.executeUpdate()).isPositive();
                    ps.setString(1, "旧录入张明");
                    ps.setString(2, "旧录入张\u00A0明");
                    ps.setString(3, person);
                    assertThat(ps.executeUpdate()).isPositive();
                }
            }
        }
        Http.Answer units = admin.get("/api/units?nameProblems=true");
        assertThat(units.status()).as(units.body()).isEqualTo(200);
        assertThat(units.json().getAsJsonArray("items")).singleElement().satisfies(item -> {
            assertThat(item.getAsJsonObject().get("id").getAsString()).isEqualTo(unit);
            assertThat(item.getAsJsonObject().get("nameProblem").getAsString()).startsWith("名称的开头或结尾有空格");
        });
        assertThat(admin.get("/api/persons?nameProblems=true").json().getAsJsonArray("items")).singleElement().satisfies(item ->
                assertThat(item.getAsJsonObject().get("nameProblem").getAsString()).startsWith("姓名含有特殊空格 U+00A0"));

        assertThat(admin.patch("/api/units/" + unit, "{\"name\":\"栖霞旧录入化工公司\"}", null).status()).isEqualTo(200);
        assertThat(admin.patch("/api/persons/" + person, "{\"name\":\"旧录入张明\"}", null).status()).isEqualTo(200);
        assertThat(admin.get("/api/units?nameProblems=true").json().getAsJsonArray("items")).isEmpty();
        assertThat(admin.get("/api/persons?nameProblems=true").json().getAsJsonArray("items")).isEmpty();
        // only for units and persons, and not beside a search by name
        assertThat(admin.get("/api/hazards?nameProblems=true").status()).isEqualTo(400);
        assertThat(admin.get("/api/units?nameProblems=true&name=栖霞").field("message")).contains("不能同时按名字查找");
    }

    /**
     * A tester's finding: a draft unit deleted while a sync had its creation on the way stayed on the server,
     * while the device listed it as withdrawn "before it was sent"; edited then, it came back refused. From
     * the moment its creation is sent until the answer is stored, it is not the inspector's draft any more:
     * delete, withdraw and edit are refused with what to do, and nothing is lost or claimed falsely.
     */
    @Test
    void aDraftUnitWhoseCreationIsOnItsWayIsNeitherDiscardedNorRewritten() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path dir = TestDatabases.freshDirectory("administered-in-flight");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-inflight");
        try {
            TestDevices.sync(target.getUri(), store);
            String draft = store.create(RecordType.UNIT, StrictJson.parseObject(
                    "{\"name\":\"路上的单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + MINE + "\"}"));
            List<String> refusals = new ArrayList<>();
            cn.fieldsync.server.testing.DelegatingTransport meanwhile = new cn.fieldsync.server.testing.DelegatingTransport(
                    cn.fieldsync.server.testing.ContractCheckedTransport.over(target.getUri())) {
                @Override
                public String push(String token, String requestJson) {
                    if (requestJson.contains(draft) && refusals.isEmpty()) {
                        List<Runnable> attempts = List.of(() -> store.delete(draft), () -> store.withdraw(draft, null),
                                () -> store.edit(draft, Map.of("name", new JsonPrimitive("改了名的单位"))));
                        for (Runnable attempt : attempts) {
                            try {
                                attempt.run();
                                refusals.add("accepted");
                            } catch (InputRefusedException e) {
                                refusals.add(e.getMessage());
                            }
                        }
                    }
                    return super.push(token, requestJson);
                }
            };
            store.sync(meanwhile, cn.fieldsync.client.SyncListener.NONE);
            assertThat(refusals).hasSize(3).allSatisfy(m -> assertThat(m).contains("已发往服务器").contains("请先同步"));
            assertThat(admin.get("/api/units/" + draft).field("name")).isEqualTo("路上的单位");
            assertThat(store.withdrawn()).isEmpty();
            assertThat(store.attention()).isEmpty();
            assertThat(store.status().pendingOperations()).isZero();
        } finally {
            store.close();
        }
    }

    /**
     * A tester's finding: the demo's enterprise entered again under its 统一社会信用代码 was accepted, and its
     * evidence would split across two units. The code names one legal entity: a second unit under it is
     * refused, naming the one that holds it — among the units the writer sees; one of another county is
     * answered as if it did not exist.
     */
    @Test
    void aSecondUnitUnderTheSameCreditCodeIsRefusedNamingTheFirst() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String code = "91370686MA3D7777XY";
        Http.Answer first = admin.post("/api/units", enterprise("栖霞信用代码公司", code));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Http.Answer again = admin.post("/api/units", enterprise("栖霞信用代码有限公司", code));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("duplicate_unit");
        assertThat(again.field("message")).contains("栖霞信用代码公司").contains(first.field("id"));
        String other = unit(admin, MINE, "栖霞另一家公司");
        assertThat(admin.patch("/api/units/" + other, "{\"creditCode\":\"" + code + "\"}", null).field("code")).isEqualTo("duplicate_unit");
        assertThat(admin.patch("/api/units/" + first.field("id"), "{\"address\":\"栖霞市\"}", null).status()).as("its own code").isEqualTo(200);

        // one character mistyped would be a second unit for the same enterprise: GB 32100-2015's check character
        Http.Answer typo = admin.post("/api/units", enterprise("栖霞信用代码公司（输错）", code.substring(0, 12) + "8" + code.substring(13)));
        assertThat(typo.status()).as(typo.body()).isEqualTo(422);
        assertThat(typo.field("field")).isEqualTo("/creditCode");
        assertThat(typo.field("message")).contains("统一社会信用代码").contains("第 18 位校验码应为");
        Http.Answer small = admin.post("/api/units", enterprise("栖霞小写代码公司", code.toLowerCase(java.util.Locale.ROOT)));
        assertThat(small.status()).as(small.body()).isEqualTo(422);
        assertThat(small.body()).contains("字母须大写");

        // from a device: refused for good, in the inspector's list with the unit that holds the code
        Path dir = TestDatabases.freshDirectory("administered-credit-code");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-creditcode");
        try {
            TestDevices.sync(target.getUri(), store);
            // the device holds the unit: refused before it is saved (a second tester's finding: taken offline twice)
            assertThatThrownBy(() -> store.create(RecordType.UNIT, StrictJson.parseObject(enterprise("信用代码公司（现场录入）", code))))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("已属于本设备上的单位“栖霞信用代码公司”");
            // one registered on the server after this device's last sync is refused there
            String later = "91370686MA3D6666X9";
            assertThat(admin.post("/api/units", enterprise("栖霞后登记公司", later)).status()).isEqualTo(201);
            String twin = store.create(RecordType.UNIT, StrictJson.parseObject(enterprise("后登记公司（现场录入）", later)));
            assertThatThrownBy(() -> store.create(RecordType.UNIT, StrictJson.parseObject(enterprise("后登记公司（又录一次）", later))))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("后登记公司（现场录入）");
            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).singleElement().satisfies(item -> {
                assertThat(item.recordId()).isEqualTo(twin);
                assertThat(item.code()).isEqualTo("duplicate_unit");
                assertThat(item.reason()).contains("栖霞后登记公司");
                // said once (the tester read "同一家单位不能录入两次" twice in one reason)
                assertThat(item.reason().split("同一家单位不能录入两次", -1)).hasSize(2);
            });
            assertThat(admin.get("/api/units/" + twin).status()).isEqualTo(404);
        } finally {
            store.close();
        }
    }

    /**
     * A tester's finding: a danger recorded offline on a unit the server then refused as a duplicate waited for it
     * for ever — re-pointed to the existing unit, it still waited ("等待即可"), and the refused unit could not be
     * withdrawn, "referenced by" the danger that no longer named it. The correction of a record waiting on the
     * device folds into what it sends.
     */
    @Test
    void aDangerRepointedFromARefusedDuplicateUnitGoesNamingTheExistingOne() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String code = "91370686MA3D8888XL";
        Path dir = TestDatabases.freshDirectory("administered-repointed");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-repoint");
        try {
            TestDevices.sync(target.getUri(), store);
            // registered on the server after this device's last sync: the device cannot know
            Http.Answer existing = admin.post("/api/units", enterprise("栖霞已登记公司", code));
            assertThat(existing.status()).as(existing.body()).isEqualTo(201);
            String twin = store.create(RecordType.UNIT, StrictJson.parseObject(enterprise("已登记公司（现场录入）", code)));
            String danger = store.create(RecordType.HAZARD, StrictJson.parseObject("{\"unitId\":\"" + twin + "\",\"grade\":\"GENERAL\","
                    + "\"category\":\"FIRE\",\"description\":\"重复单位上的隐患\",\"foundAt\":\"2026-11-20T09:30:00+08:00\","
                    + "\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}"));
            TestDevices.sync(target.getUri(), store);
            assertThat(store.attention()).filteredOn(item -> item.recordId().equals(danger)).singleElement()
                    .satisfies(item -> {
                        assertThat(item.code()).isEqualTo("waits_for_linked");
                        // a second tester's finding: it said the refused unit was "waiting in the same sync"
                        assertThat(item.reason()).contains("未被服务器接受").doesNotContain("在同一次同步中等待");
                    });

            store.edit(danger, java.util.Map.of("unitId", new com.google.gson.JsonPrimitive(existing.field("id"))));
            store.withdraw(twin, "重复登记");
            TestDevices.sync(target.getUri(), store);

            assertThat(store.attention()).isEmpty();
            assertThat(store.status().pendingOperations()).isZero();
            Http.Answer onServer = admin.get("/api/hazards/" + danger);
            assertThat(onServer.status()).as(onServer.body()).isEqualTo(200);
            assertThat(onServer.field("unitId")).isEqualTo(existing.field("id"));
            assertThat(onServer.field("description")).isEqualTo("重复单位上的隐患");
            assertThat(admin.get("/api/units/" + twin).status()).isEqualTo(404);
        } finally {
            store.close();
        }
    }

    /**
     * A tester's finding: an inspection's inspector or a pledge's signer named by a person id that exists
     * nowhere was stored (the API answered 201; a device discarded the draft person the inspection named,
     * and the inspection then reached the server naming nobody). A person named is a link like a unit.
     */
    @Test
    void anInspectorOrASignerNamedByAPersonThatExistsNowhereIsRefused() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = unit(admin, MINE, "栖霞人员引用公司");
        String nobody = Uuids.v7();
        Http.Answer pledge = admin.post("/api/pledges", cn.fieldsync.schemas.SchemaExamples.read("examples/pledge/valid-safety-production.json")
                .replace("0190a1b2-0000-7000-8000-00000000a003", unit).replace("0190a1b2-0000-7000-8000-00000000b001", nobody));
        assertThat(pledge.status()).as(pledge.body()).isEqualTo(422);
        assertThat(pledge.field("code")).isEqualTo("unknown_reference");
        assertThat(pledge.field("field")).isEqualTo("/signer/personId");
        Http.Answer inspection = admin.post("/api/inspections", "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\","
                + "\"place\":{\"address\":\"栖霞市\"},\"inspectors\":[{\"personId\":\"" + nobody + "\",\"name\":\"张明\",\"certificateNumber\":\"A1\"},"
                + "{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}]}");
        assertThat(inspection.status()).as(inspection.body()).isEqualTo(422);
        assertThat(inspection.field("field")).isEqualTo("/inspectors/0/personId");

        // on a device: a draft person an inspection names cannot be discarded from under it
        Path dir = TestDatabases.freshDirectory("administered-person-link");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule-personlink");
        try {
            TestDevices.sync(target.getUri(), store);
            String person = store.create(RecordType.PERSON, StrictJson.parseObject("{\"name\":\"检查员草稿\",\"positions\":[{\"unitId\":\""
                    + unit + "\",\"post\":\"执法人员\",\"leadership\":\"STAFF\",\"from\":\"2024-01-01\"}]}"));
            String named = store.create(RecordType.INSPECTION, StrictJson.parseObject("{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\","
                    + "\"place\":{\"address\":\"栖霞市\"},\"inspectors\":[{\"personId\":\"" + person + "\",\"name\":\"检查员草稿\",\"certificateNumber\":\"A1\"},"
                    + "{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}]}"));
            assertThatThrownBy(() -> store.delete(person)).isInstanceOf(InputRefusedException.class).hasMessageContaining(named);
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.get("/api/persons/" + person).status()).isEqualTo(200);
            assertThat(admin.get("/api/inspections/" + named).status()).isEqualTo(200);
        } finally {
            store.close();
        }
    }

    @Test
    void theDeviceRefusesAUnitEditBeforeSavingAndAQueuedOneNeedsAttentionWithNothingLost() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = unit(admin, MINE, "栖霞某化工公司");
        String person = person(admin, unit);
        Path dir = TestDatabases.freshDirectory("administered-device");
        FieldStore store = FieldStore.open(dir);
        TestUsers.init(admin, store, "adminrule");
        TestDevices.sync(target.getUri(), store);
        try {
            for (String id : List.of(unit, person)) {
                assertThatThrownBy(() -> store.edit(id, Map.of("name", new JsonPrimitive("设备上改名"))))
                        .isInstanceOf(InputRefusedException.class)
                        .hasMessageContaining("只能由管理员修改").hasMessageContaining("(forbidden)");
            }
            assertThat(store.status().pendingOperations()).isZero();
            assertThat(store.get(unit).orElseThrow().body().get("name").getAsString()).isEqualTo("栖霞某化工公司");
            // an inspector still records a unit met on site that the county has not registered
            String found = store.create(RecordType.UNIT, StrictJson.parseObject(
                    "{\"name\":\"现场发现的无证作坊\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + MINE + "\"}"));
            TestDevices.sync(target.getUri(), store);
            assertThat(admin.get("/api/units/" + found).field("name")).isEqualTo("现场发现的无证作坊");
        } finally {
            store.close();
        }

        // an older app queued a rename (its library did not know the rule): written into its store as it would have
        String opId = Uuids.v7();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FieldStore.DATABASE_FILE));
             PreparedStatement record = c.prepareStatement("UPDATE record SET body = json_set(body, '$.name', '旧版改名公司'),"
                     + " last_op_id = ?, last_op_version = NULL WHERE id = ?");
             PreparedStatement op = c.prepareStatement("INSERT INTO outbox (op_id, record_id, type, base_version, fields, del,"
                     + " prev_op_id, created_at) VALUES (?, ?, 'unit', 1, '{\"name\":\"旧版改名公司\"}', 0, NULL, 0)")) {
            record.setString(1, opId);
            record.setString(2, unit);
            assertThat(record.executeUpdate()).isEqualTo(1);
            op.setString(1, opId);
            op.setString(2, unit);
            op.executeUpdate();
        }
        FieldStore older = FieldStore.open(dir);
        try {
            TestDevices.sync(target.getUri(), older);
            AttentionItem item = older.attention().stream().filter(a -> a.recordId().equals(unit)).findFirst().orElseThrow();
            assertThat(item.kind()).isEqualTo(AttentionItem.Kind.NEEDS_ACTION);
            assertThat(item.code()).isEqualTo("forbidden");
            assertThat(item.reason()).contains("只能由管理员修改");
            assertThat(older.record(unit).orElseThrow().state()).isEqualTo(RecordState.NEEDS_ATTENTION);
            assertThat(older.get(unit).orElseThrow().body().get("name").getAsString()).as("the inspector's words are kept").isEqualTo("旧版改名公司");
            assertThat(admin.get("/api/units/" + unit).field("name")).isEqualTo("栖霞某化工公司");

            FieldStore colleague = TestDevices.enrolled(admin, "administered-colleague", "adminrulecolleague");
            try {
                TestDevices.sync(target.getUri(), colleague);
                assertThat(colleague.get(unit).orElseThrow().body().get("name").getAsString()).isEqualTo("栖霞某化工公司");
            } finally {
                colleague.close();
            }
            older.withdraw(unit, "单位名称请管理员更正");
            assertThat(older.get(unit).orElseThrow().body().get("name").getAsString()).isEqualTo("栖霞某化工公司");
            assertThat(older.withdrawn()).hasSize(1);
        } finally {
            older.close();
        }
    }

    private static JsonObject push(TestUsers.Device device, String op) {
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    private static String unit(Http admin, String county, String name) {
        Http.Answer made = admin.post("/api/units", "{\"name\":\"" + name + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + county + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.field("id");
    }

    private static String person(Http admin, String unit) {
        Http.Answer made = admin.post("/api/persons", personBody(unit));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.field("id");
    }

    private static String personBody(String unit) {
        return "{\"name\":\"某董事长\",\"positions\":[{\"unitId\":\"" + unit + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\","
                + "\"from\":\"2020-01-01\"}]}";
    }

    /** An enterprise of this county under a 统一社会信用代码, as JSON. */
    private static String enterprise(String name, String creditCode) {
        return "{\"name\":\"" + name + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + MINE + "\",\"creditCode\":\"" + creditCode + "\"}";
    }
}
