package cn.fieldsync.server.api;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.internal.DeviceKeys;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static cn.fieldsync.server.api.HazardApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 安全生产法 art 68 through the API and a real device: a sealed inspection is signed by its
 * inspectors (at least two, 行政处罚法 art 42) and by the unit's person in charge or carries the
 * recorded refusal; the refusal names the person and their post, and its report to the
 * department is recorded after sealing and found while missing.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/inspection-signatures-api")
@AddConfig(key = "fieldsync.db.schema", value = "inspection_signatures_api")
class InspectionSignaturesApiTest {

    private static final String TWO_INSPECTORS = "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"},"
            + "{\"name\":\"刘洋\",\"certificateNumber\":\"鲁应急执字37068600456\"}]";
    private static final String ONE_INSPECTOR = "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"}]";
    private static final String BOTH_SIGNED = "\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"},"
            + "{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"}]";
    private static final String REFUSAL = "\"refusalToSign\":{\"refusedBy\":\"赵某\",\"refusedByRole\":\"矿长\",\"reason\":\"对检查结论有异议\","
            + "\"witness\":{\"name\":\"孙某\",\"position\":\"村委会主任\"},\"recordedAt\":\"2026-11-20T11:05:00+08:00\"}";

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private String testName;
    private final List<FieldStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unit = admin.post("/api/units", "{\"name\":\"某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void close() {
        stores.forEach(FieldStore::close);
    }

    @Test
    void art68_aSealedInspectionNeedsEveryInspectorsSignatureAtLeastTwoAndTheUnitsOrARecordedRefusal() throws Exception {
        Path dir = TestDatabases.freshDirectory("signatures-" + testName);
        FieldStore device = FieldStore.open(dir);
        stores.add(device);
        TestUsers.init(admin, device, "sig");
        String alone = device.create(RecordType.INSPECTION, StrictJson.parseObject(inspection(ONE_INSPECTOR, "").replace(",\"status\":\"SEALED\"", "")));
        assertThatThrownBy(() -> device.sealRefused(alone, "赵某", "矿长", "孙某")).isInstanceOf(FieldsyncException.class)
                .hasMessageContaining("第四十二条");

        assertRejected(device, dir, inspection(ONE_INSPECTOR, ",\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"}],"
                + REFUSAL), "/inspectors");
        assertRejected(device, dir, inspection(TWO_INSPECTORS, ",\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"}],"
                + REFUSAL), "/signatures");
        assertRejected(device, dir, inspection(TWO_INSPECTORS, "," + BOTH_SIGNED), "/signatures");
        String signedAndRefused = inspection(TWO_INSPECTORS, ",\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"},"
                + "{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"},"
                + "{\"role\":\"UNIT_PERSON_IN_CHARGE\",\"name\":\"赵某\",\"signedAt\":\"2026-11-20T11:02:00+08:00\"}]," + REFUSAL);
        assertRejected(device, dir, signedAndRefused, "/refusalToSign");

        JsonObject accepted = push(device, dir, inspection(TWO_INSPECTORS, "," + BOTH_SIGNED + "," + REFUSAL));
        assertThat(accepted.get("status").getAsString()).as(accepted.toString()).isEqualTo("applied");
        assertThat(admin.get("/api/inspections/" + accepted.get("id").getAsString()).json().get("sealVerified").getAsBoolean()).isTrue();
    }

    @Test
    void art68_theRefusalNamesThePersonAndItsReportIsRecordedAfterSealingAndMissingReportsAreListed() throws Exception {
        FieldStore device = FieldStore.open(TestDatabases.freshDirectory("report-" + testName));
        stores.add(device);
        TestUsers.init(admin, device, "report");
        String id = device.create(RecordType.INSPECTION, StrictJson.parseObject(draft("," + BOTH_SIGNED)));
        device.sealRefused(id, "赵某", "矿长", "孙某");
        device.sync(SyncListener.NONE);
        JsonObject sealed = admin.get("/api/inspections/" + id).json();
        assertThat(sealed.get("status").getAsString()).isEqualTo("SEALED");
        assertThat(sealed.getAsJsonObject("refusalToSign").get("refusedBy").getAsString()).isEqualTo("赵某");
        assertThat(sealed.getAsJsonObject("refusalToSign").get("refusedByRole").getAsString()).isEqualTo("矿长");
        assertThat(unreported()).contains(id);

        String early = "{\"refusalReport\":{\"reportedTo\":\"栖霞市应急管理局\",\"reportedAt\":\"2000-01-01T09:00:00+08:00\",\"reportedBy\":\"张明\"}}";
        assertProblem(admin.patch("/api/inspections/" + id, early, null), 422, "date_out_of_order");
        Http.Answer reported = admin.patch("/api/inspections/" + id, "{\"refusalReport\":{\"reportedTo\":\"栖霞市应急管理局\","
                + "\"reportedAt\":\"" + java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(java.time.OffsetDateTime.now().withNano(0)) + "\",\"reportedBy\":\"张明\",\"documentNumber\":\"栖应急报〔2026〕12号\"}}", null);
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.json().get("sealVerified").getAsBoolean()).isTrue();
        assertThat(unreported()).doesNotContain(id);
        assertThat(admin.get("/api/inspections?unit=" + unit + "&refusalUnreported=false").body()).contains(id);
        // reported once: the sealed record takes no further change, the report included
        assertProblem(admin.patch("/api/inspections/" + id, "{\"refusalReport\":{\"reportedTo\":\"别处\",\"reportedAt\":\""
                + java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(java.time.OffsetDateTime.now().withNano(0)) + "\",\"reportedBy\":\"张明\"}}", null), 409, "sealed");
        assertProblem(admin.patch("/api/inspections/" + id, "{\"findings\":[\"改动\"]}", null), 409, "sealed");
    }

    @Test
    void art68_aRefusalWithoutThePersonsPostIsRefused() {
        Http.Answer refused = admin.post("/api/inspections", inspection(TWO_INSPECTORS, "," + REFUSAL.replace("\"refusedByRole\":\"矿长\",", ""))
                .replace(",\"status\":\"SEALED\"", ""));
        assertProblem(refused, 422, "invalid_record");
    }

    /** 安全生产法 art 65(二) 要求限期改正: an on-site order to correct by a deadline names the deadline, not before the inspection. */
    @Test
    void art65_anOnSiteOrderToCorrectByADeadlineNeedsTheDeadline() {
        String measure = ",\"onSiteMeasures\":[{\"kind\":\"ORDER_CORRECTION_BY_DEADLINE\",\"description\":\"责令限期清理消防通道\"%s}]";
        assertProblem(admin.post("/api/inspections", draft(measure.formatted(""))), 422, "invalid_record");
        assertProblem(admin.post("/api/inspections", draft(measure.formatted(",\"deadline\":\"2026-11-19\""))), 422, "date_out_of_order");
        assertThat(admin.post("/api/inspections", draft(measure.formatted(",\"deadline\":\"2026-11-20\""))).status()).isEqualTo(201);
    }

    private List<String> unreported() {
        List<String> ids = new ArrayList<>();
        admin.get("/api/inspections?unit=" + unit + "&refusalUnreported=true").json().getAsJsonArray("items")
                .forEach(i -> ids.add(i.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private String draft(String extra) {
        return inspection(TWO_INSPECTORS, extra).replace(",\"status\":\"SEALED\"", "");
    }

    /** An inspection marked SEALED (the seal is added by {@link #push}). */
    private String inspection(String inspectors, String extra) {
        return "{\"unitId\":\"" + unit + "\",\"status\":\"SEALED\",\"startedAt\":\"2026-11-20T09:00:00+08:00\",\"place\":{\"address\":\"金岭矿区\"}," + inspectors
                + ",\"findings\":[\"未建立隐患排查治理台账\"]" + extra + "}";
    }

    private void assertRejected(FieldStore device, Path dir, String body, String field) throws Exception {
        JsonObject answer = push(device, dir, body);
        assertThat(answer.get("status").getAsString()).as(answer.toString()).isEqualTo("rejected");
        assertThat(answer.get("code").getAsString()).isEqualTo("signatures_incomplete");
        assertThat(answer.get("field").getAsString()).isEqualTo(field);
        assertThat(admin.get("/api/inspections/" + answer.get("id").getAsString()).status()).isEqualTo(404);
    }

    /** Seals a body with the device's own key (as a device would) and pushes it, bypassing the device's own check. */
    private JsonObject push(FieldStore device, Path dir, String text) throws Exception {
        String user = "inspector-sig";
        JsonObject body = StrictJson.parseObject(text);
        String deviceId = device.status().deviceId();
        String hash = Sealing.hash(body);
        JsonObject seal = new JsonObject();
        seal.addProperty("algorithm", Sealing.ALGORITHM);
        seal.addProperty("deviceId", deviceId);
        seal.addProperty("hash", hash);
        seal.addProperty("signature", Sealing.sign(DeviceKeys.privateKey(dir), hash));
        seal.addProperty("sealedAt", "2026-11-20T11:10:00+08:00");
        body.add("seal", seal);
        String id = Uuids.v7();
        Http asDevice = admin.login(user, TestUsers.password(user), deviceId);
        Http.Answer answer = asDevice.post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"inspection\",\"id\":\""
                + id + "\",\"baseVersion\":0,\"fields\":" + body + "}]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject result = answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
        result.addProperty("id", id);
        return result;
    }
}
