package cn.fieldsync.server.casefile;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accident cases through the API (issue 13): figures and grade (493号令 arts 3, 12), report times
 * (art 9), re-grading (art 13), marks (arts 35, 36, 39), the 批复 and its extension (art 32), the
 * filing year, several supervising units, signed pledges and given warnings as evidence, and
 * 四不放过 backed by facts.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/accident-cases")
@AddConfig(key = "fieldsync.db.schema", value = "accident_cases")
class AccidentCaseApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Inject
    WebTarget target;

    private Http admin;
    private Http reviewer;
    private String bureau;
    private String commission;
    private String company;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        if (admin.get("/api/admin/users/acc-case-reviewer").status() == 404) {
            TestUsers.createAccount(admin, "acc-case-reviewer", "REVIEWER", TestUsers.COUNTY);
        }
        reviewer = admin.login("acc-case-reviewer", TestUsers.password("acc-case-reviewer"));
        bureau = create("/api/units", "{\"name\":\"应急管理局\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}");
        commission = create("/api/units", "{\"name\":\"纪委监委\",\"kind\":\"PARTY_ORG\",\"jurisdictionCode\":\"370686\"}");
        company = create("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
    }

    @Test
    void art12_anAccidentWithoutItsFiguresIsRefused_art3_theMissingAndThePoisonedCount() {
        Http.Answer bare = open(TODAY.minusDays(2), "");
        assertThat(bare.status()).isEqualTo(422);
        assertThat(bare.field("message")).contains("须填写死亡人数、重伤人数和直接经济损失").contains("现缺少死亡人数（deaths）")
                .contains("《生产安全事故报告和调查处理条例》第十二条");
        assertThat(open(TODAY.minusDays(2), ",\"deaths\":2,\"seriousInjuries\":0").status()).isEqualTo(422);
        assertThat(open(TODAY.minusDays(2), figures(2, 0, 0) + ",\"missing\":1").json().get("grade").getAsString()).isEqualTo("SERIOUS");
        assertThat(open(TODAY.minusDays(2), figures(0, 9, 0) + ",\"poisoned\":1").json().get("grade").getAsString()).isEqualTo("SERIOUS");
        JsonObject ordinary = open(TODAY.minusDays(2), figures(2, 9, 0)).json();
        assertThat(ordinary.get("grade").getAsString()).isEqualTo("ORDINARY");
        assertThat(ordinary.getAsJsonObject("event").get("missing").getAsInt()).isZero();
    }

    @Test
    void art9_aReportMoreThanAnHourAfterTheHeadLearnedOfItShowsAsLate() {
        LocalDate day = TODAY.minusDays(2);
        JsonObject late = open(day, figures(1, 0, 0) + ",\"knownAt\":\"" + day + "T10:10:00+08:00\",\"reportedAt\":\"" + day
                + "T11:11:00+08:00\"").json();
        JsonObject timeliness = late.getAsJsonObject("event").getAsJsonObject("reportTimeliness");
        assertThat(timeliness.get("late").getAsBoolean()).isTrue();
        assertThat(timeliness.get("basis").getAsString()).contains("第9条").contains("迟报");
        JsonObject onTime = open(day, figures(1, 0, 0) + ",\"knownAt\":\"" + day + "T10:10:00+08:00\",\"reportedAt\":\"" + day
                + "T11:10:00+08:00\"").json();
        assertThat(onTime.getAsJsonObject("event").getAsJsonObject("reportTimeliness").get("late").getAsBoolean()).isFalse();
        assertThat(open(day, figures(1, 0, 0) + ",\"knownAt\":\"" + day + "T09:00:00+08:00\"").field("code")).isEqualTo("invalid_case");
        // times learned later are recorded once, in order
        String later = open(day, figures(1, 0, 0)).field("id");
        assertThat(reviewer.post("/api/cases/" + later + "/report-times", "{\"knownAt\":\"" + day + "T09:59:00+08:00\"}").field("code"))
                .isEqualTo("invalid_case");
        reviewer.post("/api/cases/" + later + "/report-times", "{\"knownAt\":\"" + day + "T10:05:00+08:00\"}");
        JsonObject recorded = reviewer.post("/api/cases/" + later + "/report-times", "{\"reportedAt\":\"" + day + "T12:00:00+08:00\"}").json();
        assertThat(recorded.getAsJsonObject("event").getAsJsonObject("reportTimeliness").get("late").getAsBoolean()).isTrue();
        assertThat(reviewer.post("/api/cases/" + later + "/report-times", "{\"reportedAt\":\"" + day + "T10:30:00+08:00\"}").field("code"))
                .isEqualTo("illegal_transition");
    }

    @Test
    void art13_casualtiesChangingWithin30DaysReGrade_only7ForAFire_andMarksStay() {
        String caseId = open(TODAY.minusDays(10), figures(2, 0, 0)).field("id");
        JsonObject changed = reviewer.post("/api/cases/" + caseId + "/casualties", "{\"on\":\"" + TODAY + "\",\"deaths\":3,\"note\":\"一名重伤者抢救无效\"}").json();
        assertThat(changed.get("grade").getAsString()).isEqualTo("SERIOUS");
        JsonObject change = changed.getAsJsonObject("event").getAsJsonArray("casualtyChanges").get(0).getAsJsonObject();
        assertThat(change.get("gradeBefore").getAsString()).isEqualTo("ORDINARY");
        assertThat(change.get("gradeAfter").getAsString()).isEqualTo("SERIOUS");

        String fire = open(TODAY.minusDays(10), figures(2, 0, 0) + ",\"sector\":\"FIRE\"").field("id");
        assertThat(reviewer.post("/api/cases/" + fire + "/casualties", "{\"deaths\":3}").field("code")).isEqualTo("illegal_transition");

        JsonObject marked = reviewer.post("/api/cases/" + caseId + "/reporting-marks", "{\"mark\":\"CONCEALED\",\"note\":\"隐瞒一名死亡人员\"}").json();
        JsonObject mark = marked.getAsJsonObject("event").getAsJsonArray("reportingMarks").get(0).getAsJsonObject();
        assertThat(mark.get("label").getAsString()).isEqualTo("瞒报");
        assertThat(mark.get("articles").getAsString()).contains("第36条");
        assertThat(reviewer.post("/api/cases/" + caseId + "/nature", "{\"nature\":\"LIABILITY\"}").json()
                .getAsJsonObject("event").get("nature").getAsString()).isEqualTo("LIABILITY");
    }

    @Test
    void art32_the批复IsRecordedSoReplyOverdueEnds_andALateReportStaysMarkedLate() {
        LocalDate accident = TODAY.minusDays(90);
        String caseId = open(accident, figures(1, 0, 0)).field("id");
        // the report came 10 days after its 60
        JsonObject submitted = reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + accident.plusDays(70) + "\"}").json();
        assertThat(submitted.getAsJsonObject("deadlines").get("reportLateDays").getAsInt()).isEqualTo(10);
        assertThat(submitted.getAsJsonObject("deadlines").get("replyOverdue").getAsBoolean()).isTrue();
        assertThat(reviewer.post("/api/cases/" + caseId + "/reply", "{\"on\":\"" + accident.plusDays(69) + "\"}").field("code"))
                .isEqualTo("date_out_of_order");
        JsonObject replied = reviewer.post("/api/cases/" + caseId + "/reply", "{\"on\":\"" + TODAY + "\",\"documentNumber\":\"栖政字〔2026〕9号\"}").json();
        assertThat(replied.getAsJsonObject("deadlines").get("replyOverdue").getAsBoolean()).isFalse();
        assertThat(replied.getAsJsonObject("deadlines").get("replyLateDays").getAsInt()).isEqualTo(5);
        assertThat(replied.get("overdue").getAsBoolean()).isFalse();
        assertThat(replied.getAsJsonObject("deadlines").getAsJsonObject("basis").get("replyDue").getAsString()).contains("第32条");
        assertThat(reviewer.post("/api/cases/" + caseId + "/reply", "{}").field("code")).isEqualTo("illegal_transition");
        // only a 特别重大 accident's reply may be extended
        assertThat(reviewer.post("/api/cases/" + caseId + "/reply-extension", "{\"days\":10,\"reason\":\"x\"}").field("code")).isEqualTo("illegal_transition");
    }

    @Test
    void art32_theReplyOnAnExtraordinaryAccidentIsExtendedOnceByAtMost30Days() {
        LocalDate accident = TODAY.minusDays(40);
        String caseId = open(accident, figures(30, 0, 0)).field("id");
        reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + accident.plusDays(30) + "\"}");
        assertThat(reviewer.post("/api/cases/" + caseId + "/reply-extension", "{\"days\":31,\"reason\":\"需补充技术鉴定\"}").field("code"))
                .isEqualTo("invalid_case");
        JsonObject extended = reviewer.post("/api/cases/" + caseId + "/reply-extension", "{\"days\":30,\"reason\":\"需补充技术鉴定\"}").json();
        assertThat(extended.getAsJsonObject("deadlines").get("replyDue").getAsString()).isEqualTo(accident.plusDays(90).toString());
        assertThat(reviewer.post("/api/cases/" + caseId + "/reply-extension", "{\"days\":5,\"reason\":\"x\"}").field("code")).isEqualTo("illegal_transition");
    }

    @Test
    void theCaseNumberTakesTheFilingYear() {
        LocalDate lastYear = TODAY.minusYears(1);
        JsonObject opened = open(lastYear, figures(1, 0, 0)).json();
        assertThat(opened.get("number").getAsString()).contains("〔" + TODAY.getYear() + "〕");
    }

    @Test
    void 一案双查_severalSupervisors_signedPledgesOnly_givenWarningsOnly() {
        LocalDate event = TODAY.minusDays(5);
        String head = create("/api/persons", "{\"name\":\"纪委书记\",\"publicOfficial\":true,\"partyMember\":true,\"positions\":[{\"unitId\":\""
                + commission + "\",\"post\":\"书记\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}");
        String boss = create("/api/persons", "{\"name\":\"总经理\",\"positions\":[{\"unitId\":\"" + company
                + "\",\"post\":\"总经理\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}");
        String signed = create("/api/pledges", pledge(head, commission, event, ",\"signedAt\":\"" + event.minusMonths(2) + "T09:00:00+08:00\""));
        String draft = create("/api/pledges", pledge(boss, company, event, ""));
        // a signed pledge cannot be rewritten
        Http.Answer rewrite = admin.patch("/api/pledges/" + signed, "{\"items\":[{\"commitment\":\"改写\",\"target\":\"改写\",\"assessmentStandard\":\"改写\"}]}", "1");
        assertThat(rewrite.status()).isEqualTo(409);
        assertThat(rewrite.field("code")).isEqualTo("signed_pledge");
        assertThat(admin.patch("/api/pledges/" + signed, "{\"signedAt\":\"" + event.plusDays(1) + "T09:00:00+08:00\"}", "1").field("code"))
                .isEqualTo("signed_pledge");

        // a warning only proposed in another case warned nobody; a given one did
        String earlier = open(event.minusDays(20), figures(0, 1, 0)).field("id");
        JsonObject proposedOnly = reviewer.post("/api/cases/" + earlier + "/actions", "{\"track\":\"LEADERSHIP\",\"targetUnitId\":\"" + company
                + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}").json();
        String proposedTalk = lastActionId(proposedOnly);
        JsonObject given = reviewer.post("/api/cases/" + earlier + "/actions", "{\"track\":\"LEADERSHIP\",\"targetUnitId\":\"" + company
                + "\",\"on\":\"" + event.minusDays(15) + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"CIRCULAR\"}}").json();
        String circular = lastActionId(given);
        assertThat(reviewer.post("/api/cases/" + earlier + "/actions/" + circular + "/steps", "{\"to\":\"DECIDED\",\"on\":\"" + event.minusDays(10) + "\"}")
                .status()).isEqualTo(200);

        Http.Answer opened = reviewer.post("/api/cases", "{\"title\":\"一案双查\",\"subjectUnitId\":\"" + company + "\",\"supervisingUnitId\":\"" + bureau
                + "\",\"supervisors\":[{\"unitId\":\"" + commission + "\",\"kind\":\"DISCIPLINE_COMMISSION\"},{\"unitId\":\"" + bureau
                + "\",\"kind\":\"EMERGENCY_MANAGEMENT\"}],\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + event + "T10:00:00+08:00\"" + figures(1, 0, 0) + "}}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonObject c = opened.json();
        assertThat(c.getAsJsonArray("supervisors")).hasSize(2);
        List<String> leadership = new ArrayList<>();
        String circularReason = null;
        for (JsonElement l : c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("links")) {
            leadership.add(l.getAsJsonObject().get("evidenceId").getAsString());
            if (l.getAsJsonObject().get("evidenceId").getAsString().equals(circular)) {
                circularReason = l.getAsJsonObject().get("reason").getAsString();
            }
        }
        assertThat(leadership).contains(signed, circular).doesNotContain(draft, proposedTalk);
        assertThat(circularReason).contains("通报").doesNotContain("CIRCULAR");
        // a supervisory and an oversight responsibility are different types
        assertThat(reviewer.post("/api/cases/" + c.get("id").getAsString() + "/parties", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + head
                + "\",\"responsibility\":\"OVERSIGHT\"}").status()).isEqualTo(200);
    }

    @Test
    void fourNots_eachItemIsBackedByItsFacts() {
        LocalDate accident = TODAY.minusDays(30);
        String caseId = open(accident, figures(1, 0, 0)).field("id");
        create("/api/hazards", "{\"unitId\":\"" + company + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"" + accident.minusDays(20) + "T09:00:00+08:00\",\"deadline\":\"" + accident.minusDays(5) + "\"}");
        String person = create("/api/persons", "{\"name\":\"副局长\",\"publicOfficial\":true,\"positions\":[{\"unitId\":\"" + bureau
                + "\",\"post\":\"副局长\",\"leadership\":\"SUPERVISOR\",\"from\":\"2020-01-01\"}]}");
        reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + person
                + "\",\"form\":{\"category\":\"GOVERNMENT_SANCTION\",\"kind\":\"WARNING\"},\"decidingBody\":{\"kind\":\"SUPERVISORY_ORGAN\",\"name\":\"监委\"}}");
        for (String item : new String[] {"CAUSE_ESTABLISHED", "RESPONSIBLE_DEALT_WITH", "RECTIFICATION_IMPLEMENTED", "PEOPLE_EDUCATED"}) {
            reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"" + item + "\"}");
        }
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        assertThat(c.get("closable").getAsBoolean()).isFalse();
        JsonObject checklist = c.getAsJsonObject("checklist");
        assertThat(checklist.getAsJsonObject("CAUSE_ESTABLISHED").getAsJsonArray("lacking").toString()).contains("调查报告未提交").contains("批复");
        assertThat(checklist.getAsJsonObject("RESPONSIBLE_DEALT_WITH").getAsJsonArray("lacking").toString()).contains("尚未决定");
        assertThat(checklist.getAsJsonObject("RECTIFICATION_IMPLEMENTED").getAsJsonArray("lacking").toString())
                .contains("逾期未整改").contains("第86条");
        assertThat(checklist.getAsJsonObject("PEOPLE_EDUCATED").getAsJsonArray("lacking").toString()).contains("教育");
        Http.Answer refused = reviewer.post("/api/cases/" + caseId + "/close", "");
        assertThat(refused.field("code")).isEqualTo("case_not_closable");
        // the evaluation comes within a year of the 批复, and only after it
        assertThat(reviewer.post("/api/cases/" + caseId + "/evaluation", "{\"due\":\"" + TODAY.plusMonths(6) + "\",\"by\":\"安委办\"}").field("code"))
                .isEqualTo("illegal_transition");
        reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"" + TODAY.minusDays(2) + "\"}");
        reviewer.post("/api/cases/" + caseId + "/reply", "{\"on\":\"" + TODAY + "\"}");
        assertThat(reviewer.post("/api/cases/" + caseId + "/evaluation", "{\"due\":\"" + TODAY.plusYears(1).plusDays(1) + "\",\"by\":\"安委办\"}")
                .field("code")).isEqualTo("invalid_case");
        JsonObject scheduled = reviewer.post("/api/cases/" + caseId + "/evaluation", "{\"due\":\"" + TODAY.plusMonths(11) + "\",\"by\":\"安委办\"}").json();
        assertThat(scheduled.getAsJsonObject("evaluation").get("basis").getAsString()).contains("第86条");
        assertThat(scheduled.getAsJsonObject("checklist").getAsJsonObject("CAUSE_ESTABLISHED").getAsJsonArray("lacking")).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String figures(int deaths, int injuries, long loss) {
        return ",\"deaths\":" + deaths + ",\"seriousInjuries\":" + injuries + ",\"directLossCny\":" + loss;
    }

    private Http.Answer open(LocalDate day, String event) {
        return reviewer.post("/api/cases", "{\"title\":\"事故\",\"subjectUnitId\":\"" + company + "\",\"supervisingUnitId\":\"" + bureau
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + day + "T10:00:00+08:00\"" + event + "}}");
    }

    private static String pledge(String person, String unit, LocalDate event, String extra) {
        return "{\"kind\":\"SAFETY_PRODUCTION\",\"signer\":{\"personId\":\"" + person + "\",\"name\":\"签订人\",\"position\":\"负责人\",\"unitId\":\""
                + unit + "\"},\"period\":{\"from\":\"" + event.minusMonths(6) + "\",\"to\":\"" + event.plusMonths(6) + "\"},"
                + "\"items\":[{\"commitment\":\"落实责任\",\"target\":\"不发生事故\",\"assessmentStandard\":\"发生一起扣20分\"}]" + extra + "}";
    }

    private static String lastActionId(JsonObject c) {
        var actions = c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("actions");
        return actions.get(actions.size() - 1).getAsJsonObject().get("id").getAsString();
    }

    private String create(String path, String body) {
        Http.Answer answer = admin.post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.field("id");
    }
}
