package cn.fieldsync.server.sync;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.DelegatingTransport;
import cn.fieldsync.server.testing.ContractCheckedTransport;
import cn.fieldsync.server.testing.TestDatabases;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sync protocol's named scenarios, each through the real server over HTTP with real device
 * stores: one test per behaviour an inspector or an administrator would notice.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/sync-scenarios")
@AddConfig(key = "fieldsync.db.schema", value = "sync_scenarios")
class SyncScenariosApiTest {

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

    @Test
    void twoDevicesEditDifferentFieldsOfOneHazardAndBothEditsAreKept() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        a.edit(id, Map.of("responsiblePerson", text("李某")));
        b.edit(id, Map.of("description", text("消防通道堵塞，已部分清理")));
        assertThat(sync(a).applied()).isEqualTo(1);
        SyncReport second = sync(b);
        assertThat(second.merged()).isEqualTo(1);
        assertThat(second.conflicts()).isZero();
        sync(a);
        for (FieldStore store : List.of(a, b)) {
            JsonObject body = store.get(id).orElseThrow().body();
            assertThat(body.get("responsiblePerson").getAsString()).isEqualTo("李某");
            assertThat(body.get("description").getAsString()).isEqualTo("消防通道堵塞，已部分清理");
        }
        assertThat(server(id).get("version").getAsInt()).isEqualTo(3);
    }

    @Test
    void sameFieldEditedOnTwoDevicesIsAConflictThatAnAdministratorResolvesAndBothConverge() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        a.edit(id, Map.of("responsiblePerson", text("李某")));
        b.edit(id, Map.of("responsiblePerson", text("赵某")));
        sync(a);
        SyncReport report = sync(b);
        assertThat(report.conflicts()).isEqualTo(1);

        JsonObject conflicts = http.get("/api/conflicts?status=OPEN&record=" + id).json();
        assertThat(conflicts.get("total").getAsInt()).isEqualTo(1);
        JsonObject conflict = conflicts.getAsJsonArray("items").get(0).getAsJsonObject();
        JsonObject values = conflict.getAsJsonObject("fields").getAsJsonObject("responsiblePerson");
        assertThat(values.get("base").getAsString()).isEqualTo("王某");
        assertThat(values.get("server").getAsString()).isEqualTo("李某");
        assertThat(values.get("device").getAsString()).isEqualTo("赵某");
        assertThat(b.conflicts()).extracting(c -> c.id()).containsExactly(conflict.get("id").getAsString());

        Http.Answer resolved = http.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"DEVICE\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(http.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"SERVER\"}").field("code")).isEqualTo("conflict_already_resolved");
        sync(a);
        sync(b);
        for (FieldStore store : List.of(a, b)) {
            LocalRecord record = store.get(id).orElseThrow();
            assertThat(record.body().get("responsiblePerson").getAsString()).isEqualTo("赵某");
            assertThat(record.version()).isEqualTo(server(id).get("version").getAsInt());
        }
        assertThat(b.conflicts()).extracting(c -> c.status()).containsExactly("RESOLVED");
    }

    @Test
    void staleDeviceCannotReopenAHazardTheServerClosed() {
        FieldStore a = device("a");
        FieldStore stale = device("stale");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(stale);
        a.edit(id, Map.of("status", text("RECTIFIED"), "rectificationCompletedAt", text("2026-11-25")));
        sync(a);
        a.edit(id, Map.of("status", text("VERIFIED"), "verifiedAt", text("2026-11-26"), "verifiedBy", text("张明")));
        sync(a);
        // valid on the stale device's view (the device runs the same hidden-danger rules offline)
        stale.edit(id, Map.of("status", text("RECTIFIED"), "rectificationCompletedAt", text("2026-11-25"),
                "notes", StrictJsonOf("[\"复查时仍有堆放\"]")));
        SyncReport report = sync(stale);
        assertThat(report.conflicts()).isEqualTo(1);
        JsonObject onServer = server(id);
        assertThat(onServer.get("status").getAsString()).isEqualTo("VERIFIED");
        assertThat(onServer.get("notes").toString()).contains("复查时仍有堆放");
        assertThat(stale.get(id).orElseThrow().body().get("status").getAsString()).isEqualTo("VERIFIED");
    }

    /**
     * Found by a tester: one inspector verified a rectified danger while another found the fix had failed and put it
     * back. The status was held as a conflict but the step fields that went with it were applied alone, the result
     * broke the danger's rules, and the second finding was refused for good — "状态为已复查验收的隐患须写明整改完成日期",
     * a status its author never chose — and never reached the administrator. Both orders are now one conflict.
     */
    @Test
    void twoInspectorsWhoMoveADangerApartBothReachTheAdministratorInEitherOrder() {
        FieldStore verifier = device("verifier");
        FieldStore reinspector = device("reinspector");
        for (boolean verifierFirst : List.of(true, false)) {
            String id = verifier.create(RecordType.HAZARD, hazard());
            verifier.edit(id, Map.of("status", text("RECTIFIED"), "rectificationCompletedAt", text("2026-11-25")));
            sync(verifier);
            sync(reinspector);
            verifier.edit(id, Map.of("status", text("VERIFIED"), "verifiedAt", text("2026-11-26"), "verifiedBy", text("张明")));
            reinspector.edit(id, Map.of("status", text("REGISTERED"), "rectificationCompletedAt", com.google.gson.JsonNull.INSTANCE,
                    "reinspections", StrictJsonOf("[{\"date\":\"2026-11-26\",\"result\":\"FAILED\",\"inspector\":\"王芳\",\"note\":\"照明仍不亮\"}]")));
            FieldStore first = verifierFirst ? verifier : reinspector;
            FieldStore second = verifierFirst ? reinspector : verifier;
            sync(first);
            SyncReport report = sync(second);
            assertThat(report.conflicts()).as("verifier first: " + verifierFirst).isEqualTo(1);
            assertThat(second.attention()).as("nothing refused").isEmpty();
            assertThat(http.get("/api/sync/rejected").body()).doesNotContain(id);

            JsonObject onServer = server(id);
            assertThat(onServer.get("status").getAsString()).isEqualTo(verifierFirst ? "VERIFIED" : "REGISTERED");
            JsonObject conflict = http.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items").get(0).getAsJsonObject();
            JsonObject fields = conflict.getAsJsonObject("fields");
            assertThat(fields.getAsJsonObject("status").get("device").getAsString()).isEqualTo(verifierFirst ? "REGISTERED" : "VERIFIED");
            if (verifierFirst) {
                // the failed re-inspection is offered to the administrator with the server's history kept
                assertThat(fields.getAsJsonObject("reinspections").get("device").toString()).contains("照明仍不亮");
                assertThat(fields.keySet()).contains("rectificationCompletedAt");
            } else {
                assertThat(fields.keySet()).contains("verifiedAt", "verifiedBy");
                assertThat(onServer.get("reinspections").toString()).contains("照明仍不亮");
            }

            // the administrator takes the second device's side: the record becomes what that inspector recorded —
            // unless that side, beside the failed re-inspection the server keeps, would verify a fix dated before it
            // (a third tester's finding: 已复查验收 with 整改完成 11-25 and 复查不合格 11-26 erased 逾期未整改)
            String resolution = "DEVICE";
            if (!verifierFirst) {
                Http.Answer refused = http.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                        "{\"resolution\":\"DEVICE\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(refused.field("message")).contains("早于复查不合格的日期");
                resolution = "SERVER";
            }
            Http.Answer resolved = http.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                    "{\"resolution\":\"" + resolution + "\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}");
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            JsonObject decided = server(id);
            assertThat(decided.get("status").getAsString()).isEqualTo("REGISTERED");
            assertThat(decided.get("reinspections").toString()).contains("照明仍不亮");
            // the whole of the reinspector's side, not a mix (found by a second tester: 已登记 with the other's 验收日期,
            // or 已复查验收 without its 整改完成日期, which then refused every later change)
            assertThat(decided.has("verifiedAt")).isFalse();
            assertThat(decided.has("verifiedBy")).isFalse();
            assertThat(decided.has("rectificationCompletedAt")).isFalse();
            assertThat(http.patch("/api/hazards/" + id, "{\"responsiblePerson\":\"赵某\"}", null).status()).as("still editable").isEqualTo(200);
            sync(verifier);
            sync(reinspector);
            for (FieldStore store : List.of(verifier, reinspector)) {
                assertThat(store.get(id).orElseThrow().body().get("status").getAsString()).isEqualTo(decided.get("status").getAsString());
            }
        }
    }

    /**
     * Found by a second tester: a device that edited the field again while its own conflict on it was open had that
     * edit applied straight to the server, replacing the other device's value with no decision.
     */
    @Test
    void aSecondEditOfAFieldInConflictJoinsTheConflictAndOverwritesNothing() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        a.edit(id, Map.of("responsiblePerson", text("甲")));
        b.edit(id, Map.of("responsiblePerson", text("乙")));
        sync(a);
        assertThat(sync(b).conflicts()).isEqualTo(1);
        b.edit(id, Map.of("responsiblePerson", text("丙"), "description", text("消防通道堵塞（复核）")));
        SyncReport again = sync(b);
        assertThat(again.conflicts()).isEqualTo(1);
        JsonObject onServer = server(id);
        assertThat(onServer.get("responsiblePerson").getAsString()).as("the other device's value stays").isEqualTo("甲");
        assertThat(onServer.get("description").getAsString()).as("a field not in conflict is applied").isEqualTo("消防通道堵塞（复核）");
        JsonObject conflict = http.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items").get(0).getAsJsonObject();
        JsonObject held = conflict.getAsJsonObject("fields").getAsJsonObject("responsiblePerson");
        assertThat(held.get("server").getAsString()).isEqualTo("甲");
        assertThat(held.get("device").getAsString()).isEqualTo("丙");
        sync(a);
        assertThat(a.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("甲");
    }

    /**
     * Found by a second tester: two devices extending one deadline from the same day, resolved DEVICE, stored two
     * extensions from that day; every later change was then refused, for good. The resolution is refused instead.
     */
    @Test
    void aResolutionThatWouldBreakTheDangersRulesIsRefusedAndTheDangerStaysEditable() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        a.edit(id, Map.of("deadline", text("2026-12-10"), "extensions", StrictJsonOf("[{\"previousDeadline\":\"2026-11-27\","
                + "\"newDeadline\":\"2026-12-10\",\"reason\":\"设备采购周期长\",\"approvedBy\":\"王卫东\",\"approvedAt\":\"2026-11-26\"}]")));
        b.edit(id, Map.of("deadline", text("2026-12-20"), "extensions", StrictJsonOf("[{\"previousDeadline\":\"2026-11-27\","
                + "\"newDeadline\":\"2026-12-20\",\"reason\":\"设计院排期\",\"approvedBy\":\"王卫东\",\"approvedAt\":\"2026-11-26\"}]")));
        sync(a);
        assertThat(sync(b).conflicts()).isEqualTo(1);
        JsonObject conflict = http.get("/api/conflicts?status=OPEN&record=" + id).json().getAsJsonArray("items").get(0).getAsJsonObject();
        String resolve = "/api/conflicts/" + conflict.get("id").getAsString() + "/resolve";
        Http.Answer device = http.post(resolve, "{\"resolution\":\"DEVICE\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}");
        assertThat(device.status()).as(device.body()).isEqualTo(422);
        assertThat(device.field("code")).isEqualTo("invalid_resolution");
        assertThat(device.field("message")).startsWith("按此裁决，记录将不符合其办理规则").contains("未作任何修改");
        assertThat(server(id).get("deadline").getAsString()).isEqualTo("2026-12-10");
        assertThat(http.post(resolve, "{\"resolution\":\"SERVER\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}")
                .status()).isEqualTo(200);
        assertThat(http.patch("/api/hazards/" + id, "{\"responsiblePerson\":\"赵某\"}", null).status()).as("still editable").isEqualTo(200);
    }

    @Test
    void pushRetriedAfterItsAnswerWasLostIsNotDuplicated() {
        FieldStore a = device("a");
        String id = a.create(RecordType.HAZARD, hazard());
        a.edit(id, Map.of("responsiblePerson", text("李某")));
        LosesPushAnswers flaky = new LosesPushAnswers(new HttpTransport(target.getUri().toString()));
        assertThatThrownBy(() -> a.sync(flaky, SyncListener.NONE)).isInstanceOf(FieldsyncException.class);
        assertThat(a.status().pendingOperations()).isEqualTo(2);

        SyncReport retry = sync(a);
        assertThat(retry.duplicates()).isEqualTo(2);
        assertThat(retry.applied()).isEqualTo(2);
        assertThat(a.status().pendingOperations()).isZero();
        assertThat(http.get("/api/hazards?unit=" + unitId).json().get("total").getAsInt()).isEqualTo(1);
        assertThat(http.get("/api/hazards/" + id + "/history").json().getAsJsonArray("versions")).hasSize(2);
    }

    @Test
    void theSameOpIdWithAnotherBodyIsRefused() {
        TestUsers.Device device = TestUsers.device(http, "raw");
        String opId = Uuids.v7();
        String id = Uuids.v7();
        String op = "{\"opId\":\"%s\",\"type\":\"unit\",\"id\":\"%s\",\"baseVersion\":0,\"fields\":{\"name\":\"%s\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}}";
        JsonObject first = push(device, op.formatted(opId, id, "甲"));
        assertThat(first.get("status").getAsString()).isEqualTo("applied");
        JsonObject again = push(device, op.formatted(opId, id, "甲"));
        assertThat(again.get("status").getAsString()).isEqualTo("duplicate");
        assertThat(again.getAsJsonObject("original")).isEqualTo(first);
        String duplicateText = device.http().post("/api/sync/push", "{\"operations\":[" + op.formatted(opId, id, "甲") + "]}").body();
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.PUSH_ANSWER, duplicateText)).as(duplicateText).isEmpty();
        String raw = device.http().post("/api/sync/push", "{\"operations\":[" + op.formatted(opId, id, "乙") + "]}").body();
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.PUSH_ANSWER, raw)).as(raw).isEmpty();
        JsonObject reused = push(device, op.formatted(opId, id, "乙"));
        assertThat(reused.get("status").getAsString()).isEqualTo("rejected");
        assertThat(reused.get("code").getAsString()).isEqualTo("op_id_reused");
        assertThat(http.get("/api/units/" + id).field("name")).isEqualTo("甲");
        // each refusal is kept for review
        assertThat(http.get("/api/sync/rejected?device=" + device.id()).json().getAsJsonArray("items")).hasSize(2);
    }

    @Test
    void oneDeviceDeletesWhileAnotherEditsAndNothingIsLost() {
        FieldStore deleter = device("deleter");
        FieldStore editor = device("editor");
        String id = deleter.create(RecordType.HAZARD, hazard());
        sync(deleter);
        sync(editor);
        editor.edit(id, Map.of("description", text("现场复查：通道仍被占用")));
        deleter.delete(id);
        sync(editor);
        SyncReport deletion = sync(deleter);
        // the deletion came after an edit it never saw: the record stays, the deletion waits
        assertThat(deletion.conflicts()).isEqualTo(1);
        JsonObject onServer = server(id);
        assertThat(onServer.get("deleted").getAsBoolean()).isFalse();
        assertThat(onServer.get("description").getAsString()).isEqualTo("现场复查：通道仍被占用");
        sync(editor);
        assertThat(deleter.get(id).orElseThrow().deleted()).isFalse();
        assertThat(editor.get(id).orElseThrow().body().get("description").getAsString()).isEqualTo("现场复查：通道仍被占用");
    }

    @Test
    void anEditOfARecordDeletedMeanwhileIsKeptAndHeldForAnAdministrator() {
        FieldStore deleter = device("deleter");
        FieldStore editor = device("editor");
        String id = deleter.create(RecordType.HAZARD, hazard());
        sync(deleter);
        sync(editor);
        deleter.delete(id);
        sync(deleter);
        editor.edit(id, Map.of("description", text("整改中")));
        assertThat(sync(editor).conflicts()).isEqualTo(1);
        JsonObject onServer = server(id);
        assertThat(onServer.get("deleted").getAsBoolean()).isTrue();
        assertThat(onServer.get("description").getAsString()).isEqualTo("整改中");
        assertThat(editor.get(id).orElseThrow().deleted()).isTrue();
    }

    @Test
    void threeDevicesSyncingOutOfOrderConverge() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        FieldStore c = device("c");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        sync(c);
        a.edit(id, Map.of("responsiblePerson", text("李某")));
        // the deadline moves only by a recorded extension (docs/hazards.md)
        b.edit(id, Map.of("deadline", text("2026-12-31"), "extensions", StrictJsonOf("""
                [{"previousDeadline":"2026-11-27","newDeadline":"2026-12-31","reason":"材料供货延迟","approvedBy":"王卫东","approvedAt":"2026-11-25"}]""")));
        Path photo = TestDatabases.freshDirectory("photo-" + testName).resolve("现场照片.jpg");
        writeBytes(photo, cn.fieldsync.server.testing.TestAttachments.image("现场照片.jpg", "device C photo"));
        c.attach(id, photo, "image/jpeg", java.time.Instant.parse("2026-11-20T01:31:00Z"), null);
        b.edit(id, Map.of("description", text("B 第二次修改")));
        sync(c);
        sync(a);
        sync(b);
        sync(c);
        sync(a);
        JsonObject onServer = server(id);
        assertThat(onServer.get("responsiblePerson").getAsString()).isEqualTo("李某");
        assertThat(onServer.get("deadline").getAsString()).isEqualTo("2026-12-31");
        assertThat(onServer.get("description").getAsString()).isEqualTo("B 第二次修改");
        assertThat(onServer.getAsJsonArray("photos")).hasSize(1);
        assertThat(http.get("/api/conflicts?record=" + id).json().get("total").getAsInt()).isZero();
        for (FieldStore store : List.of(a, b, c)) {
            assertThat(store.get(id).orElseThrow().toJson().get("version")).isEqualTo(onServer.get("version"));
            assertThat(store.get(id).orElseThrow().body()).isEqualTo(bodyOf(onServer));
        }
    }

    @Test
    void malformedOperationsAreRefusedOneByOneAndKeptWhileTheRestApply() {
        TestUsers.Device device = TestUsers.device(http, "raw");
        String good = "{\"opId\":\"%s\",\"type\":\"unit\",\"id\":\"%s\",\"baseVersion\":0,\"fields\":{\"name\":\"好\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}}"
                .formatted(Uuids.v7(), Uuids.v7());
        String body = "{\"operations\":[\"x\",{},{\"opId\":\"not-a-uuid\",\"type\":\"unit\",\"id\":\"" + Uuids.v7()
                + "\",\"baseVersion\":0},{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"../etc\",\"id\":\"" + Uuids.v7()
                + "\",\"baseVersion\":-1},{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"unit\",\"id\":\"" + Uuids.v7()
                + "\",\"baseVersion\":0,\"fields\":{\"name\":\"x\"}}," + good + "]}";
        Http.Answer answer = device.http().post("/api/sync/push", body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.PUSH_ANSWER, answer.body())).isEmpty();
        List<String> statuses = new ArrayList<>();
        answer.json().getAsJsonArray("answers").forEach(a -> statuses.add(a.getAsJsonObject().get("status").getAsString()
                + (a.getAsJsonObject().has("code") ? ":" + a.getAsJsonObject().get("code").getAsString() : "")));
        assertThat(statuses).containsExactly("rejected:invalid_operation", "rejected:invalid_operation",
                "rejected:invalid_operation", "rejected:invalid_operation", "rejected:invalid_record", "applied");
        assertThat(http.get("/api/sync/rejected?device=" + device.id()).json().getAsJsonArray("items")).hasSize(5);

        assertThat(device.http().post("/api/sync/push", "{\"operations\":\"no\"}").field("code"))
                .isEqualTo("invalid_operation");
        assertThat(device.http().post("/api/sync/push", "{\"operations\":[").field("code"))
                .isEqualTo("malformed_json");
        Http withoutDevice = http.login("raw", TestUsers.password("raw"));
        assertThat(withoutDevice.post("/api/sync/push", "{\"operations\":[]}").field("code")).isEqualTo("device_required");
        assertThat(http.get("/api/sync/changes?since=-5").field("code")).isEqualTo("invalid_parameter");
    }

    @Test
    void aRecordWaitsForItsPhotoAndGoesOnceTheDeviceHasIt() throws Exception {
        FieldStore a = device("a");
        byte[] content = cn.fieldsync.server.testing.TestAttachments.image("photo.jpg", "隐患照片 - photo bytes");
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        JsonObject withPhoto = hazard();
        withPhoto.add("photos", StrictJsonOf("[\"" + sha256 + "\"]"));
        String id = a.create(RecordType.HAZARD, withPhoto);
        SyncReport waiting = sync(a);
        assertThat(waiting.waiting()).isEqualTo(1);
        assertThat(a.status().pendingOperations()).isEqualTo(1);
        assertThat(http.get("/api/hazards/" + id).status()).isEqualTo(404);

        Path photo = TestDatabases.freshDirectory("photo-" + testName).resolve("photo.jpg");
        writeBytes(photo, content);
        a.attach(id, photo, "image/jpeg", null, null);
        SyncReport sent = sync(a);
        assertThat(sent.uploaded()).isEqualTo(1);
        assertThat(sent.waiting()).isZero();
        assertThat(a.status().pendingOperations()).isZero();
        assertThat(server(id).getAsJsonArray("photos").get(0).getAsString()).isEqualTo(sha256);
        assertThat(http.get("/api/attachments/" + sha256).body()).isEqualTo(new String(content, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A sync killed mid-upload leaves the device believing the server holds part of a photo it no longer holds that way. */
    @Test
    void anUploadResumedFromAnOffsetTheServerNoLongerHoldsFindsTheServersOffsetByItself() throws Exception {
        photoSyncsAfterAStaleOffset(false);
    }

    @Test
    void anUploadResumedFromAStaleOffsetOfAFileTheServerHoldsWholeSendsTheRecord() throws Exception {
        photoSyncsAfterAStaleOffset(true);
    }

    /** A device whose earlier version left a photo's records for attention over an offset mismatch sends them by itself. */
    @Test
    void recordsLeftForAttentionByAnOffsetMismatchGoAgainWithoutAnyone() throws Exception {
        Path dir = TestDatabases.freshDirectory("devices-" + testName + "-a");
        FieldStore a = FieldStore.open(dir);
        stores.add(a);
        TestUsers.init(http, a, "a");
        String id = a.create(RecordType.HAZARD, hazard());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FieldStore.DATABASE_FILE).toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE outbox SET state = 'attention', code = 'upload_offset_mismatch', reason = 'stuck'");
        }
        assertThat(a.attention()).isNotEmpty();
        sync(a);
        assertThat(a.attention()).isEmpty();
        assertThat(http.get("/api/hazards/" + id).status()).isEqualTo(200);
    }

    private void photoSyncsAfterAStaleOffset(boolean serverHoldsWhole) throws Exception {
        FieldStore a = device("a");
        byte[] content = cn.fieldsync.server.testing.TestAttachments.image("photo.jpg", "隐患照片 " + "x".repeat(200_000));
        String sha256 = cn.fieldsync.server.testing.TestAttachments.sha256(content);
        if (serverHoldsWhole) {
            assertThat(http.sendBytes("PUT", "/api/attachments/" + sha256, "application/octet-stream", content).status()).isEqualTo(201);
        }
        String id = a.create(RecordType.HAZARD, hazard());
        Path photo = TestDatabases.freshDirectory("photo-" + testName).resolve("photo.jpg");
        writeBytes(photo, content);
        a.attach(id, photo, "image/jpeg", null, null);
        long believed = content.length / 2;
        SyncReport report = a.sync(new ContractCheckedTransport(new DelegatingTransport(new HttpTransport(target.getUri().toString())) {
            private boolean lied;

            @Override
            public AttachmentState attachment(String token, String sha) {
                if (!lied) {
                    lied = true;
                    return new AttachmentState(false, believed);
                }
                return real.attachment(token, sha);
            }
        }), SyncListener.NONE);
        assertThat(report.rejected()).isZero();
        assertThat(a.attention()).isEmpty();
        assertThat(a.status().pendingOperations()).isZero();
        assertThat(server(id).getAsJsonArray("photos").get(0).getAsString()).isEqualTo(sha256);
        assertThat(http.get("/api/attachments/" + sha256).body()).isEqualTo(new String(content, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Found by the convergence property: a chained edit was merged against server changes it never saw. */
    @Test
    void aChainOfOfflineEditsNeverOverwritesServerChangesItDidNotSee() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = a.create(RecordType.HAZARD, hazard());
        sync(a);
        sync(b);
        a.edit(id, Map.of("notes", StrictJsonOf("[\"A-1\"]")));
        a.edit(id, Map.of("notes", StrictJsonOf("[\"A-1\",\"A-2\"]")));
        sync(a);
        b.edit(id, Map.of("description", text("B 改了描述")));
        b.edit(id, Map.of("notes", StrictJsonOf("[\"B-1\"]")));
        sync(b);
        JsonObject onServer = server(id);
        assertThat(onServer.get("description").getAsString()).isEqualTo("B 改了描述");
        assertThat(onServer.get("notes").toString()).isEqualTo("[\"A-1\",\"A-2\",\"B-1\"]");
    }

    @Test
    void aRejectedCreateIsKeptOnBothSides() {
        FieldStore a = device("a");
        JsonObject orphan = hazard();
        orphan.addProperty("unitId", Uuids.v7());
        String id = a.create(RecordType.HAZARD, orphan);
        SyncReport report = sync(a);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(a.status().rejectedOperations()).isEqualTo(1);
        assertThat(a.get(id)).isPresent();
        assertThat(a.attention()).singleElement().satisfies(item -> assertThat(item.code()).isEqualTo("unknown_reference"));
        assertThat(http.get("/api/sync/rejected").body()).contains(id).contains("unknown_reference");
    }

    private FieldStore device(String name) {
        Path dir = TestDatabases.freshDirectory("devices-" + testName + "-" + name);
        FieldStore store = FieldStore.open(dir);
        stores.add(store);
        TestUsers.init(http, store, name);
        return store;
    }

    private SyncReport sync(FieldStore store) {
        return store.sync(new ContractCheckedTransport(new HttpTransport(target.getUri().toString())), SyncListener.NONE);
    }

    private JsonObject hazard() {
        return StrictJsonOf("""
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"消防通道堵塞",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unitId))
                .getAsJsonObject();
    }

    private JsonObject server(String id) {
        return http.get("/api/hazards/" + id).json();
    }

    private JsonObject push(TestUsers.Device device, String op) {
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    private static JsonObject bodyOf(JsonObject record) {
        JsonObject body = record.deepCopy();
        for (String f : List.of("id", "type", "version", "deleted", "createdAt", "updatedAt", "overdue")) {
            body.remove(f);
        }
        return body;
    }

    private static void writeBytes(Path file, byte[] bytes) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonPrimitive text(String value) {
        return new JsonPrimitive(value);
    }

    private static JsonElement StrictJsonOf(String json) {
        try {
            return StrictJson.parse(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The server applies the push, then the connection drops before the device reads the answer. */
    private static final class LosesPushAnswers extends DelegatingTransport {
        LosesPushAnswers(SyncTransport real) {
            super(real);
        }

        @Override
        public String push(String token, String requestJson) {
            real.push(token, requestJson);
            throw new FieldsyncException("connection reset while reading the answer", true, null);
        }
    }
}
