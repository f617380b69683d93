package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accountability.PeriodRules;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accountability actions through the API (issue 13): who each form may be aimed at, warnings that
 * are not sanctions, investigate-first per person, impossible days, the remedy route by deciding
 * body (监察法 art 56; 公务员法 arts 95–96), a lawful remedy after the case closed, and 政务处分法
 * art 15 across one person's sanctions.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/accountability")
@AddConfig(key = "fieldsync.db.schema", value = "accountability")
class AccountabilityApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final LocalDate EVENT = TODAY.minusDays(60);
    private static final String MONITOR = "{\"kind\":\"SUPERVISORY_ORGAN\",\"name\":\"栖霞市监察委员会\"}";
    private static final String APPOINTING = "{\"kind\":\"APPOINTING_ORGAN\",\"name\":\"栖霞市人民政府\"}";

    @Inject
    WebTarget target;

    private Http admin;
    private Http reviewer;
    private String bureau;
    private String company;
    private String partyOrg;
    private String official;
    private String chairman;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        if (admin.get("/api/admin/users/acc-reviewer").status() == 404) {
            TestUsers.createAccount(admin, "acc-reviewer", "REVIEWER", TestUsers.COUNTY);
        }
        reviewer = admin.login("acc-reviewer", TestUsers.password("acc-reviewer"));
        bureau = create("/api/units", "{\"name\":\"应急管理局\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}");
        company = create("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
        partyOrg = create("/api/units", "{\"name\":\"中共某镇委员会\",\"kind\":\"PARTY_ORG\",\"jurisdictionCode\":\"370686\"}");
        official = person("局长", true, true, bureau);
        chairman = person("董事长", false, false, company);
    }

    @Test
    void targets_政务处分法第2条_问责条例第8条_eachFormOnlyAgainstWhatItMayBeAimedAt() {
        String caseId = openCase();
        assertThat(propose(caseId, "\"targetUnitId\":\"" + company + "\"", "GOVERNMENT_SANCTION", "MAJOR_DEMERIT", null).field("code"))
                .isEqualTo("action_target");
        assertThat(propose(caseId, "\"personId\":\"" + chairman + "\"", "GOVERNMENT_SANCTION", "MAJOR_DEMERIT", null).field("code"))
                .isEqualTo("action_target");
        assertThat(propose(caseId, "\"targetUnitId\":\"" + partyOrg + "\"", "PARTY_DISCIPLINE", "PROBATION", null).field("code"))
                .isEqualTo("action_target");
        assertThat(propose(caseId, "\"personId\":\"" + chairman + "\"", "PARTY_DISCIPLINE", "PROBATION", null).field("code"))
                .isEqualTo("action_target");
        assertThat(propose(caseId, "\"personId\":\"" + official + "\"", "PARTY_ACCOUNTABILITY", "REORGANISATION", null).field("code"))
                .isEqualTo("action_target");
        assertThat(propose(caseId, "\"targetUnitId\":\"" + company + "\"", "PARTY_ACCOUNTABILITY", "ADMONISHMENT", null).field("code"))
                .isEqualTo("action_target");
        // and what fits is accepted
        assertThat(propose(caseId, "\"personId\":\"" + official + "\"", "GOVERNMENT_SANCTION", "MAJOR_DEMERIT", MONITOR).status()).isEqualTo(200);
        assertThat(propose(caseId, "\"personId\":\"" + official + "\"", "PARTY_DISCIPLINE", "PROBATION", null).status()).isEqualTo(200);
        assertThat(propose(caseId, "\"targetUnitId\":\"" + partyOrg + "\"", "PARTY_ACCOUNTABILITY", "REORGANISATION", null).status()).isEqualTo(200);
        assertThat(propose(caseId, "\"personId\":\"" + official + "\"", "PARTY_ACCOUNTABILITY", "ADMONISHMENT", null).status()).isEqualTo(200);
    }

    @Test
    void warnings_约谈通报整改通知_areNotForcedThroughNoticeStatementAndRemedies() {
        String caseId = openCase();
        String talk = lastActionId(propose(caseId, "\"targetUnitId\":\"" + company + "\"", "WARNING", "TALK", null).json(), "LEADERSHIP");
        Http.Answer notice = step(caseId, talk, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(3) + "\",\"statementDeadline\":\"" + EVENT.plusDays(8) + "\"}");
        assertThat(notice.field("code")).isEqualTo("illegal_transition");
        Http.Answer given = step(caseId, talk, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(3) + "\"}");
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        JsonObject action = action(given.json(), "LEADERSHIP", talk);
        assertThat(action.getAsJsonObject("form").get("sanction").getAsBoolean()).isFalse();
        assertThat(action.getAsJsonObject("remedy").get("route").getAsString()).isEqualTo("NONE");
        assertThat(action.getAsJsonObject("deadlines").keySet()).isEmpty();
        assertThat(step(caseId, talk, "{\"to\":\"REVIEW_REQUESTED\"}").field("code")).isEqualTo("illegal_transition");
        assertThat(step(caseId, talk, "{\"to\":\"FINAL\"}").field("code")).isEqualTo("illegal_transition");
    }

    @Test
    void investigateFirst_perPerson_noDecisionAgainstSomeoneNeitherPartyNorNamedInAFinding() {
        String caseId = openCase();
        investigate(caseId, null);
        String stranger = person("另一公职人员", true, false, bureau);
        String action = notified(caseId, stranger, "DISMISSAL_FROM_POST", MONITOR);
        Http.Answer refused = step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(20) + "\"}");
        assertThat(refused.field("code")).isEqualTo("investigate_first");
        assertThat(refused.field("message")).contains("既不是本线索的当事人，也未在本线索的任何调查认定中被点名");
        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"LEADERSHIP\",\"text\":\"对隐患整改督促不力\",\"personIds\":[\"" + stranger + "\"]}");
        assertThat(step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(20) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void dates_impossibleDaysAreRefused() {
        String caseId = openCase();
        investigate(caseId, official);
        String action = lastActionId(propose(caseId, "\"personId\":\"" + official + "\"", "GOVERNMENT_SANCTION", "DEMERIT", MONITOR).json(), "LEADERSHIP");
        // a statement deadline before the notice
        assertThat(step(caseId, action, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(5) + "\",\"statementDeadline\":\"" + EVENT.plusDays(4) + "\"}")
                .field("code")).isEqualTo("date_out_of_order");
        // a notice in the future
        assertThat(step(caseId, action, "{\"to\":\"NOTIFIED\",\"on\":\"" + TODAY.plusDays(1) + "\",\"statementDeadline\":\"" + TODAY.plusDays(9) + "\"}")
                .field("code")).isEqualTo("date_out_of_order");
        assertThat(step(caseId, action, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(5) + "\",\"statementDeadline\":\"" + EVENT.plusDays(10) + "\"}")
                .status()).isEqualTo(200);
        // a decision before the event, before the notice, or known before it was made
        assertThat(step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.minusDays(1) + "\",\"statementReceived\":true}").field("code"))
                .isEqualTo("date_out_of_order");
        assertThat(step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(4) + "\",\"statementReceived\":true}").field("code"))
                .isEqualTo("date_out_of_order");
        assertThat(step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(20) + "\",\"decisionKnownOn\":\"" + EVENT.plusDays(19) + "\"}")
                .field("code")).isEqualTo("date_out_of_order");
        assertThat(step(caseId, action, "{\"to\":\"DECIDED\",\"on\":\"" + EVENT.plusDays(20) + "\",\"decisionKnownOn\":\"" + EVENT.plusDays(22) + "\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void remedyRoute_followsTheDecidingBody_监察法第56条_公务员法第95条() {
        String caseId = openCase();
        investigate(caseId, official);
        LocalDate decided = EVENT.plusDays(20);
        String byMonitor = decided(caseId, official, "DEMERIT", MONITOR, decided);
        String notCivilServant = person("事业编人员", true, false, bureau);
        reviewer.post("/api/cases/" + caseId + "/parties", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + notCivilServant + "\",\"responsibility\":\"SUPERVISORY\"}");
        String wrongRoute = notified(caseId, notCivilServant, "WARNING", APPOINTING);
        assertThat(step(caseId, wrongRoute, "{\"to\":\"DECIDED\",\"on\":\"" + decided + "\"}").field("code")).isEqualTo("action_target");
        String civilServant = create("/api/persons", "{\"name\":\"科长\",\"publicOfficial\":true,\"civilServant\":true,\"positions\":[{\"unitId\":\""
                + bureau + "\",\"post\":\"科长\",\"leadership\":\"STAFF\",\"from\":\"2020-01-01\"}]}");
        reviewer.post("/api/cases/" + caseId + "/parties", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + civilServant + "\",\"responsibility\":\"SUPERVISORY\"}");
        String byAppointing = decided(caseId, civilServant, "WARNING", APPOINTING, decided);
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        JsonObject monitor = action(c, "LEADERSHIP", byMonitor);
        assertThat(monitor.getAsJsonObject("remedy").get("firstLevel").getAsString()).isEqualTo("复审");
        assertThat(monitor.getAsJsonObject("remedy").get("secondLevel").getAsString()).isEqualTo("复核");
        assertThat(monitor.getAsJsonObject("deadlines").get("reviewRequest").getAsString())
                .isEqualTo(PeriodRules.DEFAULT.lastDayAfterMonths(decided, 1).toString());
        assertThat(monitor.getAsJsonObject("deadlines").has("directAppeal")).isFalse();
        JsonObject appointing = action(c, "LEADERSHIP", byAppointing);
        assertThat(appointing.getAsJsonObject("remedy").get("firstLevel").getAsString()).isEqualTo("复核");
        assertThat(appointing.getAsJsonObject("deadlines").get("reviewRequest").getAsString())
                .isEqualTo(PeriodRules.DEFAULT.lastDayAfterDays(decided, 30).toString());
        assertThat(appointing.getAsJsonObject("deadlines").get("directAppeal").getAsString())
                .isEqualTo(PeriodRules.DEFAULT.lastDayAfterDays(decided, 30).toString());
        // no 复核 by the higher 监察机关 without a 复审 first
        assertThat(step(caseId, byMonitor, "{\"to\":\"APPEALED\",\"on\":\"" + decided.plusDays(3) + "\"}").field("code")).isEqualTo("illegal_transition");
        // a 复审, then the 复核 within a month of the 复审 decision
        assertThat(step(caseId, byMonitor, "{\"to\":\"REVIEW_REQUESTED\",\"on\":\"" + decided.plusDays(3) + "\"}").status()).isEqualTo(200);
        Http.Answer second = step(caseId, byMonitor, "{\"to\":\"APPEALED\",\"on\":\"" + decided.plusDays(20) + "\",\"reviewDecisionOn\":\""
                + decided.plusDays(10) + "\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        JsonObject after = action(second.json(), "LEADERSHIP", byMonitor);
        assertThat(after.getAsJsonObject("deadlines").get("appealAfterReview").getAsString())
                .isEqualTo(PeriodRules.DEFAULT.lastDayAfterMonths(decided.plusDays(10), 1).toString());
        assertThat(after.getAsJsonObject("deadlines").get("appealDecision").getAsString())
                .isEqualTo(PeriodRules.DEFAULT.lastDayAfterMonths(decided.plusDays(20), 2).toString());
    }

    @Test
    void aClosedCaseStillTakesALawful复审_andRefusesALateOne() {
        String caseId = openCase("VIOLATION");
        investigate(caseId, official);
        String recent = decided(caseId, official, "DEMERIT", MONITOR, TODAY.minusDays(10));
        String old = decided(caseId, official, "DEMERIT", MONITOR, EVENT.plusDays(5));
        for (String item : new String[] {"CAUSE_ESTABLISHED", "RESPONSIBLE_DEALT_WITH", "RECTIFICATION_IMPLEMENTED", "PEOPLE_EDUCATED"}) {
            reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"" + item + "\"}");
        }
        reviewer.post("/api/cases/" + caseId + "/education", "{\"on\":\"" + EVENT.plusDays(6) + "\",\"description\":\"警示教育\"}");
        Http.Answer closed = reviewer.post("/api/cases/" + caseId + "/close", "");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        Http.Answer lawful = step(caseId, recent, "{\"to\":\"REVIEW_REQUESTED\",\"on\":\"" + TODAY + "\"}");
        assertThat(lawful.status()).as(lawful.body()).isEqualTo(200);
        assertThat(step(caseId, old, "{\"to\":\"REVIEW_REQUESTED\",\"on\":\"" + TODAY + "\"}").field("code")).isEqualTo("illegal_transition");
        // the case itself stays closed to everything else
        assertThat(reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"DIRECT\",\"text\":\"x\"}").field("code")).isEqualTo("case_closed");
    }

    @Test
    void art15_onlyTheHeaviestIsExecuted_andTwo记过ShareOneCombinedPeriod() {
        String caseId = openCase();
        investigate(caseId, official);
        LocalDate decided = EVENT.plusDays(20);
        String warning = decided(caseId, official, "WARNING", MONITOR, decided);
        String demerit1 = decided(caseId, official, "DEMERIT", MONITOR, decided);
        String demerit2 = decided(caseId, official, "DEMERIT", MONITOR, decided);
        String demotion = decided(caseId, official, "DEMOTION", MONITOR, decided);
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        for (String lighter : new String[] {warning, demerit1, demerit2}) {
            JsonObject a = action(c, "LEADERSHIP", lighter);
            assertThat(a.get("executed").getAsBoolean()).isFalse();
            assertThat(a.has("influenceEnds")).isFalse();
        }
        JsonObject heaviest = action(c, "LEADERSHIP", demotion);
        assertThat(heaviest.get("executed").getAsBoolean()).isTrue();
        assertThat(heaviest.get("influenceMonths").getAsInt()).isEqualTo(24);
        assertThat(heaviest.get("influenceEnds").getAsString()).isEqualTo(decided.plusMonths(24).toString());

        String other = person("副局长", true, false, bureau);
        reviewer.post("/api/cases/" + caseId + "/parties", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + other + "\",\"responsibility\":\"SUPERVISORY\"}");
        String a = decided(caseId, other, "DEMERIT", MONITOR, decided);
        String b = decided(caseId, other, "DEMERIT", MONITOR, decided);
        JsonObject two = reviewer.get("/api/cases/" + caseId).json();
        for (String id : new String[] {a, b}) {
            JsonObject x = action(two, "LEADERSHIP", id);
            assertThat(x.get("influenceMonths").getAsInt()).isEqualTo(24);
            assertThat(x.get("influenceEnds").getAsString()).isEqualTo(decided.plusMonths(24).toString());
            assertThat(x.get("influenceBasis").getAsString()).contains("合并");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String openCase() {
        return openCase("ACCIDENT");
    }

    private String openCase(String kind) {
        Http.Answer answer = reviewer.post("/api/cases", "{\"title\":\"问责测试\",\"subjectUnitId\":\"" + company + "\",\"supervisingUnitId\":\""
                + bureau + "\",\"event\":{\"kind\":\"" + kind + "\",\"at\":\"" + EVENT + "T10:00:00+08:00\""
                + (kind.equals("ACCIDENT") ? ",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":100000" : "") + "}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.field("id");
    }

    /** Confirmed evidence and a finding on the leadership track, and the person (if any) as a party. */
    private void investigate(String caseId, String person) {
        String inspection = create("/api/inspections", "{\"unitId\":\"" + company + "\",\"startedAt\":\"" + EVENT.minusDays(10)
                + "T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字1\"}],"
                + "\"findings\":[\"消防通道堵塞\"]}");
        reviewer.post("/api/cases/" + caseId + "/propose", "");
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        for (JsonElement l : c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("links")) {
            if (l.getAsJsonObject().get("evidenceId").getAsString().equals(inspection)) {
                reviewer.post("/api/cases/" + caseId + "/links/" + l.getAsJsonObject().get("id").getAsString() + "/confirm", "");
            }
        }
        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"LEADERSHIP\",\"text\":\"监管不到位\"}");
        if (person != null) {
            Http.Answer party = reviewer.post("/api/cases/" + caseId + "/parties", "{\"track\":\"LEADERSHIP\",\"personId\":\"" + person
                    + "\",\"responsibility\":\"SUPERVISORY\"}");
            assertThat(party.status()).as(party.body()).isEqualTo(200);
        }
    }

    private Http.Answer propose(String caseId, String target, String category, String kind, String body) {
        return reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"LEADERSHIP\"," + target + ",\"on\":\"" + EVENT.plusDays(1)
                + "\",\"form\":{\"category\":\"" + category + "\",\"kind\":\"" + kind + "\"}" + (body == null ? "" : ",\"decidingBody\":" + body) + "}");
    }

    private String notified(String caseId, String person, String kind, String body) {
        Http.Answer proposed = propose(caseId, "\"personId\":\"" + person + "\"", "GOVERNMENT_SANCTION", kind, body);
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        String id = lastActionId(proposed.json(), "LEADERSHIP");
        Http.Answer notice = step(caseId, id, "{\"to\":\"NOTIFIED\",\"on\":\"" + EVENT.plusDays(2) + "\",\"statementDeadline\":\"" + EVENT.plusDays(4) + "\"}");
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        return id;
    }

    private String decided(String caseId, String person, String kind, String body, LocalDate on) {
        String id = notified(caseId, person, kind, body);
        Http.Answer decided = step(caseId, id, "{\"to\":\"DECIDED\",\"on\":\"" + on + "\"}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        return id;
    }

    private Http.Answer step(String caseId, String action, String body) {
        return reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", body);
    }

    private String person(String name, boolean publicOfficial, boolean partyMember, String unit) {
        return create("/api/persons", "{\"name\":\"" + name + "\",\"publicOfficial\":" + publicOfficial + ",\"partyMember\":" + partyMember
                + ",\"positions\":[{\"unitId\":\"" + unit + "\",\"post\":\"" + name + "\",\"leadership\":\"SUPERVISOR\",\"from\":\"2020-01-01\"}]}");
    }

    private static String lastActionId(JsonObject c, String track) {
        var actions = c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("actions");
        return actions.get(actions.size() - 1).getAsJsonObject().get("id").getAsString();
    }

    private static JsonObject action(JsonObject c, String track, String id) {
        for (JsonElement a : c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("actions")) {
            if (a.getAsJsonObject().get("id").getAsString().equals(id)) {
                return a.getAsJsonObject();
            }
        }
        throw new AssertionError("no action " + id + " in " + c);
    }

    private String create(String path, String body) {
        Http.Answer answer = admin.post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.field("id");
    }
}
