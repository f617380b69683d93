package cn.fieldsync.server.sync;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: a device's tombstone deleted a 挂牌督办 major danger and a whole unit. Now
 * (cn.fieldsync.schemas.Deletions) units and persons are never deleted from a device, and an
 * inspection, hazard or pledge only while it is an unreferenced draft — refused on the real
 * server (raw pushes, as another app would send) and by the real device before it queues.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/device-deletes")
@AddConfig(key = "fieldsync.db.schema", value = "device_deletes")
class DeviceDeletesOnlyUnreferencedDraftsApiTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private FieldStore store;
    private String testName;

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** 安全生产法 art 65, 挂牌督办: a listed major danger and the unit it belongs to stay for the reviewers. */
    @Test
    void art65_aListedMajorDangerAndAUnitAreNotDeletedByASyncedTombstone() {
        String listed = listedMajor();
        TestUsers.Device device = TestUsers.device(admin, "raw-deleter");

        JsonObject refused = push(device, tombstone("hazard", listed, version("hazards", listed)));
        assertThat(refused.get("status").getAsString()).isEqualTo("rejected");
        assertThat(refused.get("code").getAsString()).isEqualTo("illegal_transition");
        assertThat(refused.get("message").getAsString()).contains("已挂牌督办，不能删除");
        assertThat(admin.get("/api/hazards/" + listed).field("deleted")).isEqualTo("false");

        JsonObject unitRefused = push(device, tombstone("unit", unit, version("units", unit)));
        assertThat(unitRefused.get("status").getAsString()).isEqualTo("rejected");
        assertThat(unitRefused.get("code").getAsString()).isEqualTo("forbidden");
        assertThat(unitRefused.get("message").getAsString()).contains("单位和人员只由管理员在服务器上管理");
        assertThat(admin.get("/api/units/" + unit).field("deleted")).isEqualTo("false");
        // the unit's live danger can still be changed
        assertThat(admin.patch("/api/hazards/" + listed, "{\"responsiblePerson\":\"李某\"}", null).status()).isEqualTo(200);
    }

    @Test
    void theDeviceRefusesToDeleteAUnitOrAListedDangerAndDeletesItsOwnUnreferencedDraftDanger() {
        String listed = listedMajor();
        store = device("deleter");
        sync(store);
        assertThatThrownBy(() -> store.delete(unit)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(forbidden)").hasMessageContaining("单位和人员只由管理员");
        assertThatThrownBy(() -> store.delete(listed)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(illegal_transition)").hasMessageContaining("已挂牌督办");
        assertThat(store.get(unit).orElseThrow().deleted()).isFalse();

        String draft = store.create(RecordType.HAZARD, hazard(""));
        sync(store);
        store.delete(draft);
        sync(store);
        assertThat(admin.get("/api/hazards/" + draft).field("deleted")).isEqualTo("true");
    }

    /**
     * A danger a case holds as evidence stays, even when only proposed; the inspector who tries to delete it is not told
     * a case exists (found by a tester: "已被引用（案件证据）" told an inspector 纪委 had a case on the unit).
     */
    @Test
    void aDangerACaseHoldsAsEvidenceStaysAndItsInspectorIsNotToldOfTheCase() {
        store = device("evidence");
        String danger = store.create(RecordType.HAZARD, hazard(""));
        sync(store);
        Http reviewer = TestUsers.create(admin, "reviewer-evidence-delete", "REVIEWER", TestUsers.COUNTY);
        String caseId = reviewer.post("/api/cases", "{\"title\":\"某化工公司事故\",\"subjectUnitId\":\"" + unit
                + "\",\"investigators\":[],\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-01T10:00:00+08:00\",\"deaths\":1,"
                + "\"seriousInjuries\":0,\"directLossCny\":500000}}").field("id");
        Http.Answer linked = reviewer.post("/api/cases/" + caseId + "/links", "{\"track\":\"DIRECT\",\"evidenceType\":\"hazard\","
                + "\"evidenceId\":\"" + danger + "\",\"role\":\"事前隐患\",\"reason\":\"事故前登记的隐患\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);

        JsonObject refused = push(TestUsers.device(admin, "raw-evidence"), tombstone("hazard", danger, version("hazards", danger)));
        assertThat(refused.get("code").getAsString()).isEqualTo("illegal_transition");
        assertThat(refused.get("message").getAsString()).contains("已被引用（作为证据被其他记录引用，证据一经引用即长期保存").doesNotContain("案件");
        assertThat(admin.get("/api/hazards/" + danger).field("deleted")).isEqualTo("false");
    }

    /**
     * A third tester's finding: a danger was deleted from a device after a 责令限期整改指令书 had been issued on it, and
     * left the ledger and its overdue tracking while the order stood. An issued 文书 stands on its record.
     */
    @Test
    void aDangerAnOrderWasIssuedOnStays() throws Exception {
        store = device("ordered");
        // an order is issued while its deadline is ahead
        String danger = store.create(RecordType.HAZARD, hazard("").replace("\"deadline\":\"2026-11-27\"",
                "\"deadline\":\"" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(20) + "\""));
        sync(store);
        java.net.http.HttpResponse<String> order = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(admin.base() + "/api/documents")).header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + danger + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);

        store.delete(danger);
        sync(store);
        assertThat(store.attention()).singleElement().satisfies(item -> {
            assertThat(item.code()).isEqualTo("illegal_transition");
            assertThat(item.reason()).contains("已据此制发文书");
        });
        assertThat(admin.get("/api/hazards/" + danger).field("deleted")).isEqualTo("false");
    }

    @Test
    void anInspectionADangerWasRaisedFromIsNotDeletedOnTheDeviceNorByARawPush() {
        store = device("inspector");
        sync(store);
        String inspection = store.create(RecordType.INSPECTION, inspection());
        store.create(RecordType.HAZARD, hazard(",\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"HC-02\""));
        sync(store);
        assertThatThrownBy(() -> store.delete(inspection)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(illegal_transition)").hasMessageContaining("已被引用（事故隐患");

        JsonObject refused = push(TestUsers.device(admin, "raw-inspector"), tombstone("inspection", inspection, version("inspections", inspection)));
        assertThat(refused.get("code").getAsString()).isEqualTo("illegal_transition");
        assertThat(refused.get("message").getAsString()).contains("已被引用（事故隐患");
        assertThat(admin.get("/api/inspections/" + inspection).field("deleted")).isEqualTo("false");
    }

    /**
     * A second tester's finding: a forbidden delete sent from a stale base version opened a conflict,
     * and an administrator's DEVICE resolution then made the tombstone. The rule is about the record as
     * the server holds it now, so a stale delete is refused like a current one and opens no conflict.
     */
    @Test
    void aForbiddenDeleteFromAStaleBaseIsRefusedAndOpensNoConflict() {
        String listed = listedMajor();
        assertThat(admin.patch("/api/hazards/" + listed, "{\"responsiblePerson\":\"李某\"}", null).status()).isEqualTo(200);
        TestUsers.Device device = TestUsers.device(admin, "stale-deleter");
        for (String[] stale : new String[][] {{"hazard", listed, "1"}, {"unit", unit, "0"}}) {
            JsonObject refused = push(device, tombstone(stale[0], stale[1], Integer.parseInt(stale[2])));
            assertThat(refused.get("status").getAsString()).as(refused.toString()).isEqualTo("rejected");
            assertThat(refused.has("conflictId")).isFalse();
        }
        assertThat(admin.get("/api/hazards/" + listed).field("deleted")).isEqualTo("false");
        assertThat(admin.get("/api/units/" + unit).field("deleted")).isEqualTo("false");
        assertThat(admin.get("/api/conflicts").body()).doesNotContain(listed).doesNotContain(unit);
    }

    /**
     * A third tester's finding: any inspector of the county could delete a colleague's draft. The
     * server now keeps who created each record (migration V23) and a device deletes only its own
     * user's drafts (Deletions.byCreatorOnly); a record made through the API by someone else, or
     * whose creator is not known, is not deleted from a device either.
     */
    @Test
    void aDraftIsDeletedOnlyByTheInspectorWhoCreatedItNotByAColleagueOfTheSameCounty() {
        store = device("creator");
        FieldStore colleague = device("colleague");
        try {
            String draft = store.create(RecordType.HAZARD, hazard(""));
            sync(store);
            sync(colleague);
            colleague.delete(draft);
            SyncReport refused = sync(colleague);
            assertThat(refused.rejected()).isEqualTo(1);
            assertThat(admin.get("/api/hazards/" + draft).field("deleted")).isEqualTo("false");
            cn.fieldsync.client.AttentionItem item = colleague.attention().stream().filter(i -> i.recordId().equals(draft))
                    .findFirst().orElseThrow();
            assertThat(item.code()).isEqualTo("forbidden");
            assertThat(item.reason()).contains("不是您创建的，不能删除");
            String rejected = admin.get("/api/sync/rejected?device=" + colleague.status().deviceId()).body();
            assertThat(rejected).contains("forbidden").contains(draft);

            // a raw push of the colleague's other device is refused alike, whatever base it names
            JsonObject raw = push(TestUsers.device(admin, "inspector-colleague"), tombstone("hazard", draft, version("hazards", draft)));
            assertThat(raw.get("code").getAsString()).isEqualTo("forbidden");
            assertThat(raw.get("message").getAsString()).contains("不是您创建的");

            // a draft an administrator made through the API is not the inspector's to delete either
            String byAdmin = admin.post("/api/hazards", hazard("")).field("id");
            JsonObject notMine = push(TestUsers.device(admin, "inspector-creator"), tombstone("hazard", byAdmin, 1));
            assertThat(notMine.get("code").getAsString()).isEqualTo("forbidden");

            // the creator deletes their own draft, from this device or another of theirs
            store.delete(draft);
            sync(store);
            assertThat(admin.get("/api/hazards/" + draft).field("deleted")).isEqualTo("true");
        } finally {
            colleague.close();
        }
    }

    /**
     * One push creates an inspection, deletes it again, and then raises a danger from it: the
     * danger is refused as linking to no record, exactly as in a push of its own — what the
     * server remembers of the records a push links to within its transaction never outlives a
     * change of one of them.
     */
    @Test
    void aDangerRaisedFromAnInspectionDeletedEarlierInTheSamePushIsRefused() {
        TestUsers.Device device = TestUsers.device(admin, "same-push");
        String inspection = Uuids.v7();
        String danger = Uuids.v7();
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op("inspection", inspection, 0, inspection()) + ","
                + tombstone("inspection", inspection, 1) + ","
                + op("hazard", danger, 0, hazard(",\"inspectionId\":\"" + inspection + "\"")) + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var answers = answer.json().getAsJsonArray("answers");
        assertThat(answers.get(0).getAsJsonObject().get("status").getAsString()).as(answer.body()).isEqualTo("applied");
        assertThat(answers.get(1).getAsJsonObject().get("status").getAsString()).as(answer.body()).isEqualTo("applied");
        JsonObject refused = answers.get(2).getAsJsonObject();
        assertThat(refused.get("status").getAsString()).as(answer.body()).isEqualTo("rejected");
        assertThat(refused.get("code").getAsString()).isEqualTo("unknown_reference");
        assertThat(admin.get("/api/hazards/" + danger).status()).isEqualTo(404);
    }

    /**
     * A tester's finding: one push that first linked a hazard to an inspection (an edit) and then
     * deleted that inspection had both applied — a live hazard raised from a deleted inspection. The
     * edit was still in memory (entities are written at commit) when the deletion searched the rows
     * for what references it. The same two in two pushes were refused, as they are now in one.
     */
    @Test
    void anInspectionLinkedEarlierInTheSamePushIsNotDeleted() {
        TestUsers.Device device = TestUsers.device(admin, "link-then-delete");
        String inspection = Uuids.v7();
        String danger = Uuids.v7();
        Http.Answer created = device.http().post("/api/sync/push", "{\"operations\":[" + op("inspection", inspection, 0, inspection()) + ","
                + op("hazard", danger, 0, hazard("")) + "]}");
        assertThat(created.body()).doesNotContain("rejected");
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":["
                + op("hazard", danger, 1, "{\"inspectionId\":\"" + inspection + "\"}") + "," + tombstone("inspection", inspection, 1) + "]}");
        var answers = answer.json().getAsJsonArray("answers");
        assertThat(answers.get(0).getAsJsonObject().get("status").getAsString()).as(answer.body()).isEqualTo("applied");
        JsonObject refused = answers.get(1).getAsJsonObject();
        assertThat(refused.get("status").getAsString()).as(answer.body()).isEqualTo("rejected");
        assertThat(refused.get("code").getAsString()).isEqualTo("illegal_transition");
        assertThat(refused.get("message").getAsString()).contains("已被引用（事故隐患 " + danger);
        assertThat(admin.get("/api/inspections/" + inspection).field("deleted")).isEqualTo("false");
        assertThat(admin.get("/api/hazards/" + danger).field("inspectionId")).isEqualTo(inspection);
    }

    private String listedMajor() {
        Http.Answer created = admin.post("/api/hazards", "{\"unitId\":\"" + unit + "\",\"grade\":\"MAJOR\",\"category\":\"FIRE\","
                + "\"description\":\"挂牌督办隐患\",\"foundAt\":\"2026-10-01T09:30:00+08:00\",\"deadline\":\"2026-12-30\","
                + "\"supervisionListing\":[{\"event\":\"LISTED\",\"level\":\"COUNTY\",\"date\":\"2026-10-05\","
                + "\"documentNumber\":\"栖安委办〔2026〕3号\",\"authority\":\"栖霞市安全生产委员会办公室\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    private String hazard(String extra) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"location\":{\"address\":\"二号仓库北门\"},\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-11-27\"" + extra + "}";
    }

    private String inspection() {
        return "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}],"
                + "\"checklist\":[{\"itemCode\":\"HC-02\",\"text\":\"消防通道畅通\",\"result\":\"FAIL\"}]}";
    }

    private int version(String collection, String id) {
        return Integer.parseInt(admin.get("/api/" + collection + "/" + id).field("version"));
    }

    /** A pushed operation writing {@code fields} (a JSON object's text) on the record from {@code baseVersion}. */
    private static String op(String type, String id, int baseVersion, String fields) {
        return "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"baseVersion\":" + baseVersion
                + ",\"fields\":" + fields + "}";
    }

    private static String tombstone(String type, String id, int version) {
        return "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"baseVersion\":" + version
                + ",\"delete\":true}";
    }

    private static JsonObject push(TestUsers.Device device, String op) {
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    private FieldStore device(String name) {
        FieldStore opened = TestDevices.enrolled(admin, "devices-" + testName + "-" + name, name);
        return opened;
    }

    private SyncReport sync(FieldStore device) {
        return TestDevices.sync(target.getUri(), device);
    }
}
