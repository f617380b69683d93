package cn.fieldsync.server.api;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;

import static cn.fieldsync.server.api.HazardApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hazard rules of docs/hazards.md through real HTTP: what a reviewer's failing inputs of
 * issue 13 now get, and what a lawful walk through each lifecycle looks like.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/hazard-rules-api")
@AddConfig(key = "fieldsync.db.schema", value = "hazard_rules_api")
class HazardRulesApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final LocalDate FOUND = TODAY.minusDays(30);
    private static final String PLAN = "\"treatmentPlan\":{\"objectivesAndTasks\":\"加装报警\",\"methodsAndMeasures\":\"停用储罐\","
            + "\"fundsAndMaterials\":\"40万元\",\"responsibleBodyAndPeople\":\"设备部\",\"timeLimit\":\"一月内\",\"safetyAndEmergencyMeasures\":\"警戒区\"}";

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @Test
    void art65_102_aRectificationOrderWithoutADeadlineIsRefusedAndTheDangerStaysAsItWas() {
        String id = create(major(null, ""));
        assertThat(admin.patch("/api/hazards/" + id, "{\"status\":\"REPORTED\"}", null).status()).isEqualTo(200);
        Http.Answer refused = admin.patch("/api/hazards/" + id, "{\"status\":\"RECTIFICATION_ORDERED\"}", null);
        assertProblem(refused, 422, "deadline_required");
        assertThat(refused.field("field")).isEqualTo("/deadline");
        assertThat(admin.get("/api/hazards/" + id).field("status")).isEqualTo("REPORTED");
        assertThat(admin.patch("/api/hazards/" + id, "{\"status\":\"RECTIFICATION_ORDERED\",\"deadline\":\"" + TODAY.plusDays(10) + "\"}", null)
                .status()).isEqualTo(200);
    }

    @Test
    void aDeadlineBeforeTheFindingIsRefusedAndAMajorDangerIsNeverCreatedClosedOut() {
        assertProblem(admin.post("/api/hazards", general(FOUND.minusDays(1).toString())), 422, "date_out_of_order");
        assertThat(admin.post("/api/hazards", general(FOUND.toString())).status()).isEqualTo(201);
        String closedOut = major(TODAY.minusDays(10).toString(), ",\"status\":\"CLOSED_OUT\"," + PLAN
                + ",\"rectificationCompletedAt\":\"" + TODAY.minusDays(12) + "\",\"assessment\":{\"assessedBy\":\"评价中心\",\"assessedAt\":\""
                + TODAY.minusDays(11) + "\"},\"resumptionRequest\":{\"requestedBy\":\"李某\",\"requestedAt\":\"" + TODAY.minusDays(10)
                + "\"},\"closeOutReview\":{\"authority\":\"栖霞市应急管理局\",\"agreedAt\":\"" + TODAY.minusDays(9) + "\",\"documentNumber\":\"栖应急复〔2026〕3号\"}");
        assertProblem(admin.post("/api/hazards", closedOut), 422, "illegal_transition");
    }

    /** 安全生产法 art 65(三): 重大事故隐患排除后，经审查同意，方可恢复生产经营和使用. */
    @Test
    void art65_3_aMajorDangerIsClosedOutOnlyWithWhoAssessedWhoAppliedAndWhichAuthorityAgreed() {
        String id = create(major(TODAY.minusDays(5).toString(), ",\"status\":\"IN_TREATMENT\"," + PLAN));
        assertProblem(admin.patch("/api/hazards/" + id, "{\"status\":\"ASSESSED\"}", null), 422, "step_not_recorded");
        assertThat(admin.patch("/api/hazards/" + id, "{\"status\":\"ASSESSED\",\"rectificationCompletedAt\":\"" + TODAY.minusDays(6)
                + "\",\"assessment\":{\"assessedBy\":\"烟台安全技术评价中心\",\"assessedAt\":\"" + TODAY.minusDays(4) + "\"}}", null).status()).isEqualTo(200);
        assertThat(admin.patch("/api/hazards/" + id, "{\"status\":\"RESUMPTION_REQUESTED\",\"resumptionRequest\":{\"requestedBy\":\"李建国（董事长）\","
                + "\"requestedAt\":\"" + TODAY.minusDays(3) + "\"}}", null).status()).isEqualTo(200);
        Http.Answer bare = admin.patch("/api/hazards/" + id, "{\"status\":\"CLOSED_OUT\"}", null);
        assertProblem(bare, 422, "step_not_recorded");
        assertThat(bare.field("field")).isEqualTo("/closeOutReview");
        assertProblem(admin.patch("/api/hazards/" + id, "{\"status\":\"CLOSED_OUT\",\"closeOutReview\":{\"authority\":\"栖霞市应急管理局\",\"agreedAt\":\""
                + TODAY.plusDays(1) + "\",\"documentNumber\":\"栖应急复〔2026〕3号\"}}", null), 422, "date_out_of_order");
        Http.Answer closed = admin.patch("/api/hazards/" + id, "{\"status\":\"CLOSED_OUT\",\"closeOutReview\":{\"authority\":\"栖霞市应急管理局\","
                + "\"reviewedBy\":\"王卫东\",\"agreedAt\":\"" + TODAY.minusDays(2) + "\",\"documentNumber\":\"栖应急复〔2026〕3号\"}}", null);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        String ledger = admin.get("/api/hazards/export?unit=" + unit).body();
        // the ledger writes days as a reader does (2026年11月29日)
        assertThat(ledger).contains("栖霞市应急管理局 栖应急复〔2026〕3号", chinese(TODAY.minusDays(2)), chinese(TODAY.minusDays(6)));
    }

    @Test
    void aFailedReinspectionOfAGeneralDangerIsRecordedAndSendsItBack() {
        String id = create(general(TODAY.plusDays(5).toString()));
        admin.patch("/api/hazards/" + id, "{\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\"" + TODAY.minusDays(3) + "\"}", null);
        assertProblem(admin.patch("/api/hazards/" + id, "{\"status\":\"REGISTERED\",\"rectificationCompletedAt\":null}", null), 422, "step_not_recorded");
        Http.Answer back = admin.patch("/api/hazards/" + id, "{\"status\":\"REGISTERED\",\"rectificationCompletedAt\":null,"
                + "\"reinspections\":[{\"date\":\"" + TODAY.minusDays(1) + "\",\"result\":\"FAILED\",\"inspector\":\"张明\",\"note\":\"通道仍有堆放\"}]}", null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().getAsJsonArray("reinspections")).hasSize(1);
        assertThat(back.field("status")).isEqualTo("REGISTERED");
    }

    @Test
    void aDangerFixedOnTimeAndAwaitingVerificationIsNotOverdue() {
        String id = create(general(TODAY.minusDays(2).toString()));
        assertThat(admin.get("/api/hazards/" + id).field("overdue")).isEqualTo("true");
        admin.patch("/api/hazards/" + id, "{\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\"" + TODAY.minusDays(3) + "\"}", null);
        assertThat(admin.get("/api/hazards/" + id).field("overdue")).isEqualTo("false");
        assertThat(admin.get("/api/hazards?unit=" + unit + "&overdue=true").json().get("total").getAsInt()).isZero();
        assertProblem(admin.patch("/api/hazards/" + id, "{\"status\":\"VERIFIED\",\"verifiedAt\":\"" + TODAY.minusDays(1) + "\"}", null),
                422, "step_not_recorded");
        assertThat(admin.patch("/api/hazards/" + id, "{\"status\":\"VERIFIED\",\"verifiedAt\":\"" + TODAY.minusDays(1) + "\",\"verifiedBy\":\"张明\"}", null)
                .status()).isEqualTo(200);
    }

    @Test
    void aDeadlineMovesOnlyByARecordedExtensionApprovedBeforeItLapsed() {
        String id = create(general(TODAY.plusDays(2).toString()));
        Http.Answer silent = admin.patch("/api/hazards/" + id, "{\"deadline\":\"" + TODAY.plusDays(20) + "\"}", null);
        assertProblem(silent, 422, "extension_required");
        assertProblem(admin.patch("/api/hazards/" + id, "{\"deadline\":null}", null), 422, "extension_required");
        Http.Answer extended = admin.patch("/api/hazards/" + id, "{\"deadline\":\"" + TODAY.plusDays(20) + "\",\"extensions\":[{\"previousDeadline\":\""
                + TODAY.plusDays(2) + "\",\"newDeadline\":\"" + TODAY.plusDays(20) + "\",\"reason\":\"材料供货延迟\",\"approvedBy\":\"王卫东\",\"approvedAt\":\""
                + TODAY + "\"}]}", null);
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
        assertProblem(admin.patch("/api/hazards/" + id, "{\"extensions\":[]}", null), 422, "append_only");

        String lapsed = create(general(TODAY.minusDays(2).toString()));
        Http.Answer late = admin.patch("/api/hazards/" + lapsed, "{\"deadline\":\"" + TODAY.plusDays(20) + "\",\"extensions\":[{\"previousDeadline\":\""
                + TODAY.minusDays(2) + "\",\"newDeadline\":\"" + TODAY.plusDays(20) + "\",\"reason\":\"事后补批\",\"approvedBy\":\"王卫东\",\"approvedAt\":\""
                + TODAY + "\"}]}", null);
        assertProblem(late, 422, "date_out_of_order");
        assertThat(admin.get("/api/hazards/" + lapsed).field("overdue")).isEqualTo("true");
    }

    /** A FAIL of a checklist item marked forcesMajor (an industry's 重大事故隐患判定标准) yields a MAJOR danger only. */
    @Test
    void aFailedForcesMajorChecklistItemRefusesAGeneralDanger() {
        String inspection = admin.post("/api/inspections", "{\"unitId\":\"" + unit + "\",\"startedAt\":\"" + FOUND + "T09:00:00+08:00\","
                + "\"place\":{\"address\":\"化工园\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}],"
                + "\"checklist\":[{\"itemCode\":\"HC-02\",\"text\":\"消防通道畅通\",\"result\":\"FAIL\"},"
                + "{\"itemCode\":\"HC-07\",\"text\":\"液氨储罐区设置泄漏报警装置\",\"result\":\"FAIL\",\"forcesMajor\":true},"
                + "{\"itemCode\":\"HC-01\",\"text\":\"防火堤完好\",\"result\":\"PASS\"}]}").field("id");
        String item = ",\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"%s\"";
        Http.Answer general = admin.post("/api/hazards", general(TODAY.plusDays(5).toString()).replace("}", item.formatted("HC-07") + "}"));
        assertProblem(general, 422, "grade_must_be_major");
        assertThat(general.field("field")).isEqualTo("/grade");
        assertThat(admin.post("/api/hazards", major(TODAY.plusDays(5).toString(), item.formatted("HC-07"))).status()).isEqualTo(201);
        assertThat(admin.post("/api/hazards", general(TODAY.plusDays(5).toString()).replace("}", item.formatted("HC-02") + "}")).status()).isEqualTo(201);
        assertProblem(admin.post("/api/hazards", general(TODAY.plusDays(5).toString()).replace("}", item.formatted("HC-99") + "}")),
                422, "unknown_reference");
        assertProblem(admin.post("/api/hazards", general(TODAY.plusDays(5).toString()).replace("}", item.formatted("HC-01") + "}")),
                422, "item_not_failed");
    }

    /**
     * The rules the device applies before it saves (cn.fieldsync.schemas.RecordChecks) hold on the
     * server too, with the same codes and Chinese words: a danger from an inspection of another
     * unit, found in the future beyond the clock skew, an inspection ending before it starts, a
     * pledge period ending before it starts.
     */
    @Test
    void theDevicesSharedRulesRefuseImpossibleDatesAndADangerFromAnotherUnitsInspection() {
        String other = admin.post("/api/units", "{\"name\":\"某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String inspection = admin.post("/api/inspections", "{\"unitId\":\"" + other + "\",\"startedAt\":\"" + FOUND + "T09:00:00+08:00\","
                + "\"place\":{\"address\":\"矿区\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}],"
                + "\"checklist\":[{\"itemCode\":\"MN-03\",\"text\":\"通风良好\",\"result\":\"FAIL\"}]}").field("id");
        Http.Answer elsewhere = admin.post("/api/hazards", general(TODAY.plusDays(5).toString())
                .replace("}", ",\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"MN-03\"}"));
        assertProblem(elsewhere, 422, "invalid_record");
        assertThat(elsewhere.field("field")).isEqualTo("/inspectionId");
        assertThat(elsewhere.field("message")).contains("另一家单位");

        String future = java.time.OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).plusHours(2).withNano(0).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME); // seconds always written, even :00
        Http.Answer ahead = admin.post("/api/hazards", general(null).replace(FOUND + "T09:30:00+08:00", future));
        assertProblem(ahead, 422, "date_out_of_order");
        assertThat(ahead.field("field")).isEqualTo("/foundAt");
        assertThat(ahead.field("message")).contains("晚于现在");

        Http.Answer ended = admin.post("/api/inspections", "{\"unitId\":\"" + unit + "\",\"startedAt\":\"" + FOUND + "T09:00:00+08:00\","
                + "\"endedAt\":\"" + FOUND + "T08:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}]}");
        assertProblem(ended, 422, "date_out_of_order");
        assertThat(ended.field("field")).isEqualTo("/endedAt");

        Http.Answer period = admin.post("/api/pledges", cn.fieldsync.schemas.SchemaExamples.read("examples/pledge/valid-safety-production.json")
                .replace("0190a1b2-0000-7000-8000-00000000a003", unit).replace("2026-12-31", "2025-12-31"));
        assertProblem(period, 422, "date_out_of_order");
        assertThat(period.field("field")).isEqualTo("/period/to");
    }

    /** 挂牌督办 (安全生产法 art 41): MAJOR only, append-only, de-listed after rectification, closed out de-listed. */
    @Test
    void art41_listingRules() {
        assertProblem(admin.post("/api/hazards", general(TODAY.plusDays(5).toString()).replace("}", ",\"supervisionListing\":["
                + listing("LISTED", "COUNTY", FOUND.plusDays(1)) + "]}")), 422, "listing_refused");

        String id = create(major(TODAY.minusDays(5).toString(), ",\"status\":\"IN_TREATMENT\"," + PLAN + ",\"supervisionListing\":["
                + listing("LISTED", "COUNTY", FOUND.plusDays(1)) + "]"));
        JsonObject read = admin.get("/api/hazards/" + id).json();
        assertThat(read.get("overdue").getAsBoolean()).isTrue();
        assertThat(read.get("escalateTo").getAsString()).isEqualTo("CITY");
        assertProblem(admin.patch("/api/hazards/" + id, "{\"supervisionListing\":[]}", null), 422, "append_only");
        assertThat(admin.get("/api/hazards/" + id).json().getAsJsonArray("supervisionListing")).hasSize(1);
        String twoEvents = "{\"supervisionListing\":[" + listing("LISTED", "COUNTY", FOUND.plusDays(1)) + ",%s]}";
        assertProblem(admin.patch("/api/hazards/" + id, twoEvents.formatted(listing("DELISTED", "COUNTY", TODAY)), null), 422, "listing_refused");

        admin.patch("/api/hazards/" + id, "{\"status\":\"ASSESSED\",\"rectificationCompletedAt\":\"" + TODAY.minusDays(4)
                + "\",\"assessment\":{\"assessedBy\":\"评价中心\",\"assessedAt\":\"" + TODAY.minusDays(3) + "\"}}", null);
        assertProblem(admin.patch("/api/hazards/" + id, twoEvents.formatted(listing("DELISTED", "COUNTY", FOUND)), null), 422, "date_out_of_order");
        admin.patch("/api/hazards/" + id, "{\"status\":\"RESUMPTION_REQUESTED\",\"resumptionRequest\":{\"requestedBy\":\"李某\",\"requestedAt\":\""
                + TODAY.minusDays(2) + "\"}}", null);
        String review = "\"status\":\"CLOSED_OUT\",\"closeOutReview\":{\"authority\":\"栖霞市应急管理局\",\"agreedAt\":\"" + TODAY.minusDays(1)
                + "\",\"documentNumber\":\"栖应急复〔2026〕9号\"}";
        assertProblem(admin.patch("/api/hazards/" + id, "{" + review + "}", null), 422, "listing_refused");
        Http.Answer closed = admin.patch("/api/hazards/" + id, twoEvents.formatted(listing("DELISTED", "COUNTY", TODAY.minusDays(1)))
                .replace("{\"supervisionListing\"", "{" + review + ",\"supervisionListing\""), null);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(admin.get("/api/hazards?unit=" + unit + "&listed=true").json().get("total").getAsInt()).isZero();
    }

    /** The listing authority by level: an inspector records county and city listings (fieldsync.hazard.inspector-listing-levels). */
    @Test
    void anInspectorMayNotRecordAProvincialOrNationalListing() {
        Http inspector = TestUsers.create(admin, "listing-inspector", "INSPECTOR", "370686");
        for (String level : new String[] {"PROVINCE", "STATE_COUNCIL"}) {
            Http.Answer refused = inspector.post("/api/hazards", major(TODAY.plusDays(5).toString(), ",\"supervisionListing\":["
                    + listing("LISTED", level, FOUND.plusDays(1)) + "]"));
            assertProblem(refused, 403, "listing_not_permitted");
        }
        assertThat(inspector.post("/api/hazards", major(TODAY.plusDays(5).toString(), ",\"supervisionListing\":["
                + listing("LISTED", "CITY", FOUND.plusDays(1)) + "]")).status()).isEqualTo(201);
        assertThat(admin.post("/api/hazards", major(TODAY.plusDays(5).toString(), ",\"supervisionListing\":["
                + listing("LISTED", "PROVINCE", FOUND.plusDays(1)) + "]")).status()).isEqualTo(201);
    }

    /** A device's push that would erase the listing history is refused; the server's merge keeps it append-only. */
    @Test
    void aSyncPushThatErasesTheListingHistoryIsRejected() {
        TestUsers.Device device = TestUsers.device(admin, "listing-device");
        String id = create(major(TODAY.plusDays(5).toString(), ",\"supervisionListing\":[" + listing("LISTED", "COUNTY", FOUND.plusDays(1)) + "]"));
        Http.Answer pushed = device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + cn.fieldsync.schemas.Uuids.v7()
                + "\",\"type\":\"hazard\",\"id\":\"" + id + "\",\"baseVersion\":1,\"fields\":{\"supervisionListing\":[]}}]}");
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        JsonObject answer = pushed.json().getAsJsonArray("answers").get(0).getAsJsonObject();
        assertThat(answer.get("status").getAsString()).isEqualTo("rejected");
        assertThat(answer.get("code").getAsString()).isEqualTo("append_only");
        assertThat(admin.get("/api/hazards/" + id).json().getAsJsonArray("supervisionListing")).hasSize(1);
    }

    private String create(String body) {
        Http.Answer created = admin.post("/api/hazards", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    private String general(String deadline) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\",\"foundAt\":\""
                + FOUND + "T09:30:00+08:00\"" + (deadline == null ? "" : ",\"deadline\":\"" + deadline + "\"") + "}";
    }

    private String major(String deadline, String extra) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"MAJOR\",\"category\":\"HAZARDOUS_CHEMICALS\",\"description\":\"液氨储罐区未设置泄漏报警装置\","
                + "\"foundAt\":\"" + FOUND + "T09:30:00+08:00\"" + (deadline == null ? "" : ",\"deadline\":\"" + deadline + "\"") + extra + "}";
    }

    private static String listing(String event, String level, LocalDate day) {
        return "{\"event\":\"" + event + "\",\"level\":\"" + level + "\",\"date\":\"" + day + "\",\"documentNumber\":\"栖安委办〔2026〕7号\","
                + "\"authority\":\"栖霞市安全生产委员会办公室\"}";
    }

    private static String chinese(java.time.LocalDate day) {
        return day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }
}
