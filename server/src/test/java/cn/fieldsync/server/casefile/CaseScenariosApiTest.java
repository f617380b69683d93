package cn.fieldsync.server.casefile;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of a case (一案双查) through the real API: who the evidence engine proposes and who it
 * does not, evidence that arrives after the case was opened, investigate-first, influence
 * periods and appeal deadlines at month ends and in leap years, and 四不放过 before closing.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/case-scenarios")
@AddConfig(key = "fieldsync.db.schema", value = "case_scenarios")
class CaseScenariosApiTest {

    private static final LocalDate EVENT = LocalDate.now().minusDays(40);

    @Inject
    WebTarget target;

    private Http admin;
    private Http reviewer;
    private String bureau;
    private String company;
    private String chairman;
    private String predecessor;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        if (admin.get("/api/admin/users/case-reviewer").status() == 404) {
            TestUsers.createAccount(admin, "case-reviewer", "REVIEWER", TestUsers.COUNTY);
        }
        reviewer = admin.login("case-reviewer", TestUsers.password("case-reviewer"));
        bureau = create("/api/units", "{\"name\":\"应急管理局\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}");
        company = create("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\",\"supervisingUnitId\":\""
                + bureau + "\"}");
        // the chairman took over from his predecessor a month before the event
        String handover = EVENT.minusMonths(1).toString();
        predecessor = create("/api/persons", "{\"name\":\"前任董事长\",\"positions\":[{\"unitId\":\"" + company
                + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\",\"to\":\"" + EVENT.minusMonths(1).minusDays(1) + "\"}]}");
        chairman = create("/api/persons", "{\"name\":\"现任董事长\",\"positions\":[{\"unitId\":\"" + company
                + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\",\"from\":\"" + handover + "\"}]}");
    }

    @Test
    void theLeaderInPostAtTheEventIsProposedAndNotHisPredecessor() {
        String current = create("/api/pledges", pledge(chairman, "现任董事长"));
        String former = create("/api/pledges", pledge(predecessor, "前任董事长"));
        JsonObject opened = open("ACCIDENT", List.of());
        assertThat(linkIds(opened, "LEADERSHIP")).contains(current).doesNotContain(former);
        assertThat(linkIds(opened, "DIRECT")).doesNotContain(current, former);
        JsonObject link = link(opened, "LEADERSHIP", current);
        assertThat(link.get("proposedBy").getAsString()).isEqualTo("SYSTEM");
        assertThat(link.get("state").getAsString()).isEqualTo("PROPOSED");
        assertThat(link.get("reason").getAsString()).contains("责任书");
        // the party is recorded with the post held on the event day, from the position history
        JsonObject withParty = reviewer.post("/api/cases/" + id(opened) + "/parties",
                "{\"track\":\"LEADERSHIP\",\"personId\":\"" + chairman + "\",\"responsibility\":\"PRIMARY\"}").json();
        JsonObject party = withParty.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("parties").get(0).getAsJsonObject();
        assertThat(party.get("postAtEvent").getAsString()).isEqualTo("董事长");
        assertThat(party.get("name").getAsString()).isEqualTo("现任董事长");
    }

    @Test
    void anOverdueHazardIsProposedOnBothTracksAsAggravating() {
        String overdue = create("/api/hazards", hazard("MAJOR", EVENT.minusDays(50) + "T09:00:00+08:00", EVENT.minusDays(5).toString(),
                ",\"treatmentPlan\":{\"objectivesAndTasks\":\"a\",\"methodsAndMeasures\":\"b\",\"fundsAndMaterials\":\"c\","
                        + "\"responsibleBodyAndPeople\":\"d\",\"timeLimit\":\"e\",\"safetyAndEmergencyMeasures\":\"f\"}"));
        String inspection = create("/api/inspections", inspection(EVENT.minusDays(60)));
        JsonObject opened = open("ACCIDENT", List.of());
        assertThat(link(opened, "DIRECT", overdue).get("aggravating").getAsBoolean()).isTrue();
        assertThat(link(opened, "LEADERSHIP", overdue).get("aggravating").getAsBoolean()).isTrue();
        assertThat(linkIds(opened, "DIRECT")).contains(inspection);
        assertThat(linkIds(opened, "LEADERSHIP")).contains(inspection);
        // the number takes the year the case is filed
        assertThat(opened.get("number").getAsString()).matches("栖纪案〔" + LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear() + "〕\\d+号");
        assertThat(opened.get("grade").getAsString()).isEqualTo("ORDINARY");
        assertThat(opened.getAsJsonObject("deadlines").get("reportDue").getAsString()).isEqualTo(EVENT.plusDays(60).toString());
    }

    @Test
    void anInspectionSyncedAfterTheCaseWasOpenedIsProposedThen() throws Exception {
        JsonObject opened = open("ACCIDENT", List.of());
        assertThat(links(opened, "DIRECT")).isEmpty();
        try (FieldStore device = FieldStore.open(TestDatabases.freshDirectory("case-late-inspection"))) {
            TestUsers.init(admin, device, "late");
            String inspection = device.create(RecordType.INSPECTION, StrictJson.parseObject(inspection(EVENT.minusDays(3))));
            device.sync(SyncListener.NONE);
            JsonObject after = reviewer.get("/api/cases/" + id(opened)).json();
            assertThat(linkIds(after, "DIRECT")).contains(inspection);
            assertThat(link(after, "LEADERSHIP", inspection).get("role").getAsString()).isEqualTo("SUPERVISION_DUTY");
        }
    }

    @Test
    void aDecisionBeforeAnyConfirmedEvidenceIsRefusedAndAnExemptionNamesItsEvidence() {
        String inspection = create("/api/inspections", inspection(EVENT.minusDays(20)));
        JsonObject opened = open("ACCIDENT", List.of());
        String caseId = id(opened);
        String official = bureauHead();
        party(caseId, "DIRECT", official);
        String action = proposeSanction(caseId, "DIRECT", official, "WARNING");
        step(caseId, action, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(5) + "\",\"statementDeadline\":\"" + EVENT.plusDays(10) + "\"}", 200);
        Http.Answer refused = reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps",
                "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(11) + "\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.field("code")).isEqualTo("investigate_first");
        // a finding alone is not enough either
        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"DIRECT\",\"text\":\"未按规定设置泄漏报警装置\"}");
        assertThat(reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(11) + "\"}")
                .field("code")).isEqualTo("investigate_first");
        confirm(caseId, link(opened, "DIRECT", inspection));
        step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(11) + "\"}", 200);

        // an exemption must rest on confirmed evidence of this case, on the action's own track
        party(caseId, "LEADERSHIP", official);
        String other = proposeSanction(caseId, "LEADERSHIP", official, "WARNING");
        Http.Answer bare = reviewer.post("/api/cases/" + caseId + "/actions/" + other + "/steps",
                "{\"to\":\"EXEMPTED\",\"exemption\":{\"reason\":\"已尽职\",\"evidenceIds\":[]}}");
        assertThat(bare.status()).isEqualTo(422);
        assertThat(bare.field("message")).isEqualTo("尽职免责须写明理由，并列出所依据的证据");
        Http.Answer unconfirmed = reviewer.post("/api/cases/" + caseId + "/actions/" + other + "/steps",
                "{\"to\":\"EXEMPTED\",\"exemption\":{\"reason\":\"已尽职\",\"evidenceIds\":[\"" + chairman + "\"]}}");
        assertThat(unconfirmed.status()).isEqualTo(422);
        // the inspection is confirmed on the DIRECT track only: it cannot exempt on the LEADERSHIP track
        Http.Answer otherTrack = reviewer.post("/api/cases/" + caseId + "/actions/" + other + "/steps",
                "{\"to\":\"EXEMPTED\",\"exemption\":{\"reason\":\"监管部门已按期检查，尽职免责\",\"evidenceIds\":[\"" + inspection + "\"]}}");
        assertThat(otherTrack.status()).isEqualTo(422);
        assertThat(otherTrack.field("message")).isEqualTo("尽职免责须以本案“主体责任 / 领导责任 / 监督责任”线索上已确认的证据为依据；证据 "
                + inspection + " 不在其中");
        confirm(caseId, link(opened, "LEADERSHIP", inspection));
        JsonObject exempted = step(caseId, other, "{\"to\":\"EXEMPTED\","
                + "\"exemption\":{\"reason\":\"监管部门已按期检查，尽职免责\",\"evidenceIds\":[\"" + inspection + "\"]}}", 200);
        JsonObject exemptAction = action(exempted, "LEADERSHIP", other);
        assertThat(exemptAction.getAsJsonObject("exemption").get("reason").getAsString()).contains("尽职免责");
        // an exempted action is no decided sanction: no decision, no period, no remedy deadline
        assertThat(exemptAction.get("state").getAsString()).isEqualTo("EXEMPTED");
        assertThat(exemptAction.get("decided").getAsBoolean()).isFalse();
        assertThat(exemptAction.has("influenceEnds")).isFalse();
        assertThat(exemptAction.getAsJsonObject("deadlines").has("reviewRequest")).isFalse();
    }

    @Test
    void influencePeriodsRunFromTheDecisionAndSeveralOfOneKindCombine() {
        String inspection = create("/api/inspections", inspection(EVENT.minusDays(20)));
        JsonObject opened = open("ACCIDENT", List.of());
        String caseId = id(opened);
        confirm(caseId, link(opened, "DIRECT", inspection));
        String head = bureauHead();
        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"DIRECT\",\"text\":\"认定事实\",\"personIds\":[\"" + head + "\"]}");
        LocalDate decided = EVENT.plusDays(20);

        // 警告: six months from the decision (政务处分法 art 8)
        JsonObject warned = decide(caseId, proposeSanction(caseId, "DIRECT", head, "WARNING"), decided.toString());
        JsonObject warning = lastAction(warned, "DIRECT");
        assertThat(warning.get("influenceMonths").getAsInt()).isEqualTo(6);
        assertThat(warning.get("influenceEnds").getAsString()).isEqualTo(decided.plusMonths(6).toString());
        // decided by the 监察机关: 复审 within one month, no direct 申诉 (监察法第56条)
        assertThat(warning.getAsJsonObject("deadlines").get("reviewRequest").getAsString())
                .isEqualTo(cn.fieldsync.domain.accountability.PeriodRules.DEFAULT.lastDayAfterMonths(decided, 1).toString());
        assertThat(warning.getAsJsonObject("deadlines").has("directAppeal")).isFalse();
        assertThat(warning.getAsJsonObject("deadlines").getAsJsonObject("basis").get("reviewRequest").getAsString()).contains("监察法第56条")
                // this server knows no holiday schedule of the year: the reviewer is told the day may be early
                .contains("未配置" + reviewRequestYear(warning) + "年的节假日安排");

        // three 撤职 for one person run together: 24 to 48 months, never more (art 15); the 警告 is no longer executed
        String third = null;
        for (int i = 0; i < 3; i++) {
            String dismissal = proposeSanction(caseId, "DIRECT", head, "DISMISSAL_FROM_POST");
            if (i < 2) {
                decide(caseId, dismissal, decided.toString());
            } else {
                third = dismissal;
            }
        }
        notify(caseId, third);
        Http.Answer tooLong = reviewer.post("/api/cases/" + caseId + "/actions/" + third + "/steps",
                "{\"to\":\"DECIDED\",\"on\":\"" + decided + "\",\"influenceMonths\":50}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("48");
        // whole months (政务处分法 art 8): 47.5 was stored as 47
        Http.Answer fraction = reviewer.post("/api/cases/" + caseId + "/actions/" + third + "/steps",
                "{\"to\":\"DECIDED\",\"on\":\"" + decided + "\",\"influenceMonths\":47.5}");
        assertThat(fraction.status()).as(fraction.body()).isEqualTo(422);
        assertThat(fraction.field("field")).isEqualTo("/influenceMonths");
        JsonObject after = step(caseId, third, "{\"to\":\"DECIDED\",\"on\":\"" + decided + "\"}", 200);
        JsonObject combined = lastAction(after, "DIRECT");
        assertThat(combined.get("influenceMonths").getAsInt()).isEqualTo(48);
        assertThat(combined.get("influenceEnds").getAsString()).isEqualTo(decided.plusMonths(48).toString());
        // every 撤职 shows the one combined period, not its own
        for (JsonElement a : after.getAsJsonObject("tracks").getAsJsonObject("DIRECT").getAsJsonArray("actions")) {
            JsonObject act = a.getAsJsonObject();
            if (act.getAsJsonObject("form").get("kind").getAsString().equals("DISMISSAL_FROM_POST")) {
                assertThat(act.get("influenceEnds").getAsString()).isEqualTo(decided.plusMonths(48).toString());
            }
        }
        JsonObject warningAfter = action(after, "DIRECT", warning.get("id").getAsString());
        assertThat(warningAfter.get("executed").getAsBoolean()).isFalse();
        assertThat(warningAfter.has("influenceEnds")).isFalse();
        assertThat(warningAfter.get("influenceBasis").getAsString()).contains("第15条");
    }

    @Test
    void aCaseCannotCloseWhileAFourNotsItemIsOpenAndRejectedLinksStayWithTheirReason() {
        String inspection = create("/api/inspections", inspection(EVENT.minusDays(20)));
        JsonObject opened = open("VIOLATION", List.of());
        String caseId = id(opened);
        JsonObject leadershipLink = link(opened, "LEADERSHIP", inspection);
        JsonObject rejected = reviewer.post("/api/cases/" + caseId + "/links/" + leadershipLink.get("id").getAsString() + "/reject",
                "{\"reason\":\"该次检查与事故环节无关\"}").json();
        JsonObject kept = link(rejected, "LEADERSHIP", inspection);
        assertThat(kept.get("state").getAsString()).isEqualTo("REJECTED");
        assertThat(kept.get("decisionReason").getAsString()).isEqualTo("该次检查与事故环节无关");
        assertThat(kept.get("decidedBy").getAsString()).isEqualTo("case-reviewer");
        assertThat(reviewer.post("/api/cases/" + caseId + "/links/" + kept.get("id").getAsString() + "/reject", "{}").field("code"))
                .isEqualTo("invalid_case");
        // re-running the engine does not bring a rejected proposal back, nor duplicate any
        JsonObject again = reviewer.post("/api/cases/" + caseId + "/propose", "").json();
        assertThat(links(again, "LEADERSHIP")).hasSize(links(rejected, "LEADERSHIP").size());

        for (String item : List.of("CAUSE_ESTABLISHED", "RESPONSIBLE_DEALT_WITH", "RECTIFICATION_IMPLEMENTED")) {
            reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"" + item + "\",\"done\":true}");
            Http.Answer refused = reviewer.post("/api/cases/" + caseId + "/close", "");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.field("code")).isEqualTo("case_not_closable");
        }
        assertThat(reviewer.post("/api/cases/" + caseId + "/close", "").field("message")).contains("PEOPLE_EDUCATED");
        JsonObject ticked = reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"PEOPLE_EDUCATED\",\"done\":true,\"note\":\"全员警示教育\"}").json();
        // ticked, but not backed: no finding establishes the cause, no education is recorded
        assertThat(ticked.get("closable").getAsBoolean()).isFalse();
        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"DIRECT\",\"text\":\"违规动火作业\"}");
        JsonObject ready = reviewer.post("/api/cases/" + caseId + "/education", "{\"on\":\"" + EVENT.plusDays(3)
                + "\",\"description\":\"全员警示教育\"}").json();
        assertThat(ready.get("closable").getAsBoolean()).isTrue();
        JsonObject closed = reviewer.post("/api/cases/" + caseId + "/close", "").json();
        assertThat(closed.get("status").getAsString()).isEqualTo("CLOSED");
        assertThat(reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"DIRECT\",\"text\":\"x\"}").field("code"))
                .isEqualTo("case_closed");
        assertThat(admin.get("/api/audit?record=" + caseId).body()).contains("CASE_OPENED").contains("LINK_REJECTED").contains("CASE_CLOSED");
    }

    @Test
    void confirmedLinksReachTheInvestigatorsDevicesAndTheCasesBundleHoldsTheEvidence() throws Exception {
        String inspection = create("/api/inspections", inspection(EVENT.minusDays(20)));
        TestUsers.inspectorAccount(admin, "inspector-investigator");
        TestUsers.inspectorAccount(admin, "inspector-bystander");
        // a reviewer from elsewhere (the city's commission) is named on the case by an administrator: it
        // brings them its evidence. The case's own reviewer cannot name them (answered as an unknown user).
        TestUsers.createAccount(admin, "city-reviewer", "REVIEWER", "370682");
        String unlinked = create("/api/hazards", hazard("GENERAL", EVENT.plusDays(1) + "T09:00:00+08:00", EVENT.plusDays(30).toString(), ""));
        JsonObject opened = open("ACCIDENT", List.of("inspector-investigator"));
        String caseId = id(opened);
        Http.Answer refusedByReviewer = reviewer.post("/api/cases/" + caseId + "/investigators",
                "{\"investigators\":[\"inspector-investigator\",\"city-reviewer\"]}");
        assertThat(refusedByReviewer.status()).isEqualTo(422);
        assertThat(refusedByReviewer.field("message")).isEqualTo("找不到用户 city-reviewer：服务器上没有，或不在您可查看的范围内");
        assertThat(admin.post("/api/cases/" + caseId + "/investigators", "{\"investigators\":[\"inspector-investigator\",\"city-reviewer\"]}")
                .status()).isEqualTo(200);
        assertThat(admin.get("/api/audit?record=" + caseId).body()).contains("CASE_INVESTIGATORS_CHANGED");
        // naming changed no user's own scope
        assertThat(admin.get("/api/admin/users/city-reviewer").json().getAsJsonArray("cases")).isEmpty();
        confirm(caseId, link(opened, "DIRECT", inspection));
        String linkId = link(reviewer.get("/api/cases/" + caseId).json(), "DIRECT", inspection).get("id").getAsString();
        try (FieldStore investigator = FieldStore.open(TestDatabases.freshDirectory("case-investigator"));
             FieldStore bystander = FieldStore.open(TestDatabases.freshDirectory("case-bystander"))) {
            TestUsers.init(admin, investigator, "investigator");
            TestUsers.init(admin, bystander, "bystander");
            investigator.sync(SyncListener.NONE);
            bystander.sync(SyncListener.NONE);
            LocalRecord link = investigator.get(linkId).orElseThrow();
            assertThat(link.type()).isEqualTo(RecordType.EVIDENCE_LINK);
            assertThat(link.body().get("evidenceId").getAsString()).isEqualTo(inspection);
            assertThat(link.body().get("caseNumber").getAsString()).isEqualTo(opened.get("number").getAsString());
            // an inspector of the same county who is not on the case never receives it
            assertThat(bystander.get(linkId)).isEmpty();
            assertThat(bystander.get(inspection)).isPresent();
        }
        // devices cannot write evidence links
        TestUsers.Device device = TestUsers.device(admin, "inspector-investigator");
        JsonObject answer = device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + cn.fieldsync.schemas.Uuids.v7()
                + "\",\"type\":\"evidence-link\",\"id\":\"" + cn.fieldsync.schemas.Uuids.v7() + "\",\"baseVersion\":0,\"fields\":{}}]}")
                .json().getAsJsonArray("answers").get(0).getAsJsonObject();
        assertThat(answer.get("status").getAsString()).isEqualTo("rejected");
        assertThat(answer.get("code").getAsString()).isEqualTo("forbidden");

        Http city = admin.login("city-reviewer", TestUsers.password("city-reviewer"));
        assertThat(city.get("/api/cases/" + caseId).status()).isEqualTo(200);
        assertThat(city.get("/api/inspections/" + inspection).status()).isEqualTo(200);
        assertThat(city.get("/api/hazards/" + unlinked).status()).isEqualTo(404);
        String cityFeed = city.get("/api/sync/changes?since=0&limit=500").body();
        assertThat(cityFeed).contains(inspection).contains(linkId).doesNotContain(unlinked);

        Http.Answer bundle = reviewer.send("POST", "/api/bundles", "application/json", "{\"caseId\":\"" + caseId + "\"}");
        assertThat(bundle.status()).isEqualTo(200);
        // a reviewer of another county sees neither the case nor its bundle
        Http stranger = TestUsers.create(admin, "other-reviewer", "REVIEWER", "370682");
        assertThat(stranger.get("/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(stranger.get("/api/cases").json().get("total").getAsInt()).isZero();
        assertThat(stranger.post("/api/bundles", "{\"caseId\":\"" + caseId + "\"}").status()).isEqualTo(404);
        assertThat(TestUsers.device(admin, "inspector-bystander").http().get("/api/cases").status()).isEqualTo(403);
    }

    @Test
    void anAccidentWhoseReportIsLateSurfacesAsOverdueUntilItsOneExtension() {
        LocalDate longAgo = LocalDate.now().minusDays(70);
        Http.Answer answer = reviewer.post("/api/cases", "{\"title\":\"逾期调查\",\"subjectUnitId\":\"" + company
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + longAgo + "T08:00:00+08:00\",\"deaths\":3,\"seriousInjuries\":0,\"directLossCny\":0}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String caseId = answer.field("id");
        assertThat(answer.json().get("grade").getAsString()).isEqualTo("SERIOUS");
        assertThat(answer.json().getAsJsonObject("deadlines").get("reportDue").getAsString()).isEqualTo(longAgo.plusDays(60).toString());
        assertThat(reviewer.get("/api/cases?overdue=true").body()).contains(caseId);
        assertThat(reviewer.get("/api/cases?overdue=false").body()).doesNotContain(caseId);

        assertThat(reviewer.post("/api/cases/" + caseId + "/report-extension", "{\"days\":61}").field("code")).isEqualTo("invalid_case");
        JsonObject extended = reviewer.post("/api/cases/" + caseId + "/report-extension", "{\"days\":30}").json();
        assertThat(extended.getAsJsonObject("deadlines").get("reportDue").getAsString()).isEqualTo(longAgo.plusDays(90).toString());
        assertThat(extended.get("overdue").getAsBoolean()).isFalse();
        assertThat(reviewer.post("/api/cases/" + caseId + "/report-extension", "{\"days\":10}").field("code")).isEqualTo("illegal_transition");

        // once the report is in, the reply is due in 15 days (30 only for an extraordinary accident)
        // a report dated in the future, or before the accident, is refused
        assertThat(reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + longAgo.plusDays(80) + "\"}").field("code"))
                .isEqualTo("date_out_of_order");
        assertThat(reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + longAgo.minusDays(1) + "\"}").field("code"))
                .isEqualTo("date_out_of_order");
        JsonObject submitted = reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + longAgo.plusDays(65) + "\"}").json();
        assertThat(submitted.getAsJsonObject("deadlines").get("replyDue").getAsString()).isEqualTo(longAgo.plusDays(80).toString());
        // submitted within the extended time: not late
        assertThat(submitted.getAsJsonObject("deadlines").has("reportLateDays")).isFalse();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void party(String caseId, String track, String person) {
        Http.Answer answer = reviewer.post("/api/cases/" + caseId + "/parties", "{\"track\":\"" + track + "\",\"personId\":\"" + person
                + "\",\"responsibility\":\"SUPERVISORY\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** A 公职人员 and 党员 who heads the bureau. */
    private String bureauHead() {
        return create("/api/persons", "{\"name\":\"局长\",\"publicOfficial\":true,\"partyMember\":true,\"positions\":[{\"unitId\":\"" + bureau
                + "\",\"post\":\"局长\",\"leadership\":\"SUPERVISOR\",\"from\":\"2020-01-01\"}]}");
    }

    private JsonObject open(String kind, List<String> investigators) {
        StringBuilder names = new StringBuilder();
        for (String name : investigators) {
            names.append(names.isEmpty() ? "" : ",").append('"').append(name).append('"');
        }
        Http.Answer answer = reviewer.post("/api/cases", "{\"title\":\"某化工公司中毒事故\",\"subjectUnitId\":\"" + company
                + "\",\"supervisingUnitId\":\"" + bureau + "\",\"investigators\":[" + names + "],\"event\":{\"kind\":\"" + kind
                + "\",\"at\":\"" + EVENT + "T10:00:00+08:00\"" + (kind.equals("ACCIDENT") ? ",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":900000" : "")
                + "}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private String proposeSanction(String caseId, String track, String person, String kind) {
        Http.Answer proposed = reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"" + track + "\",\"personId\":\"" + person
                + "\",\"on\":\"" + EVENT.plusDays(1) + "\",\"form\":{\"category\":\"GOVERNMENT_SANCTION\",\"kind\":\"" + kind + "\"},"
                + "\"decidingBody\":{\"kind\":\"SUPERVISORY_ORGAN\",\"name\":\"栖霞市监察委员会\"}}");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        JsonObject answer = proposed.json();
        return lastAction(answer, track).get("id").getAsString();
    }

    private void notify(String caseId, String action) {
        step(caseId, action, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(2) + "\",\"statementDeadline\":\"" + EVENT.plusDays(7) + "\"}", 200);
    }

    private JsonObject decide(String caseId, String action, String on) {
        notify(caseId, action);
        return step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + on + "\"}", 200);
    }

    private JsonObject step(String caseId, String action, String body, int status) {
        Http.Answer answer = reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }

    private void confirm(String caseId, JsonObject link) {
        Http.Answer answer = reviewer.post("/api/cases/" + caseId + "/links/" + link.get("id").getAsString() + "/confirm", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static JsonObject lastAction(JsonObject c, String track) {
        var actions = c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("actions");
        return actions.get(actions.size() - 1).getAsJsonObject();
    }

    private static JsonObject action(JsonObject c, String track, String id) {
        for (JsonElement a : c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("actions")) {
            if (a.getAsJsonObject().get("id").getAsString().equals(id)) {
                return a.getAsJsonObject();
            }
        }
        throw new AssertionError("no action " + id);
    }

    private static List<JsonObject> links(JsonObject c, String track) {
        List<JsonObject> list = new ArrayList<>();
        c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("links").forEach(l -> list.add(l.getAsJsonObject()));
        return list;
    }

    private static List<String> linkIds(JsonObject c, String track) {
        return links(c, track).stream().map(l -> l.get("evidenceId").getAsString()).toList();
    }

    private static JsonObject link(JsonObject c, String track, String evidenceId) {
        return links(c, track).stream().filter(l -> l.get("evidenceId").getAsString().equals(evidenceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + track + " link to " + evidenceId + " in " + c));
    }

    private static String id(JsonObject c) {
        return c.get("id").getAsString();
    }

    private String create(String path, String body) {
        Http.Answer answer = admin.post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.field("id");
    }

    private String pledge(String person, String name) {
        return "{\"kind\":\"SAFETY_PRODUCTION\",\"signer\":{\"personId\":\"" + person + "\",\"name\":\"" + name
                + "\",\"position\":\"董事长\",\"unitId\":\"" + company + "\"},\"period\":{\"from\":\"" + EVENT.minusMonths(6)
                + "\",\"to\":\"" + EVENT.plusMonths(6) + "\"},\"items\":[{\"commitment\":\"落实安全生产第一责任人职责\",\"target\":\"不发生较大事故\",\"assessmentStandard\":\"发生一起扣20分\"}],"
                + "\"signedAt\":\"" + EVENT.minusMonths(6) + "T09:00:00+08:00\"}";
    }

    private String hazard(String grade, String foundAt, String deadline, String extra) {
        return "{\"unitId\":\"" + company + "\",\"grade\":\"" + grade + "\",\"category\":\"HAZARDOUS_CHEMICALS\",\"description\":\"液氨储罐无泄漏报警\","
                + "\"foundAt\":\"" + foundAt + "\",\"deadline\":\"" + deadline + "\"" + extra + "}";
    }

    private String inspection(LocalDate day) {
        return "{\"unitId\":\"" + company + "\",\"startedAt\":\"" + day + "T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"}],\"findings\":[\"消防通道堵塞\"]}";
    }

    /** The year the last day of the action's 复审 request falls in. */
    private static String reviewRequestYear(JsonObject action) {
        return action.getAsJsonObject("deadlines").get("reviewRequest").getAsString().substring(0, 4);
    }
}
