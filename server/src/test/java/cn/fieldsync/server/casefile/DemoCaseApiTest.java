package cn.fieldsync.server.casefile;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of the cases issue, as a new user meets it: the server started with demo data,
 * the demo reviewer finds the demo accident case with its proposals, confirms and rejects,
 * proposes and decides a sanction, and closes the case once 四不放过 is done.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/demo-case")
@AddConfig(key = "fieldsync.db.schema", value = "demo_case")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class DemoCaseApiTest {

    @Inject
    WebTarget target;

    @Test
    void theDemoReviewerWorksTheDemoCaseFromProposalsToClosing() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        JsonObject list = reviewer.get("/api/cases?status=OPEN").json();
        assertThat(list.get("total").getAsInt()).isEqualTo(1);
        String caseId = list.getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        assertThat(c.get("grade").getAsString()).isEqualTo("ORDINARY");
        assertThat(c.get("number").getAsString()).startsWith("栖纪案〔");

        // the overdue major danger on both tracks, the chairman's pledge for the year, the regulator's inspection
        JsonObject hazardDirect = link(c, "DIRECT", DemoData.MAJOR_HAZARD);
        JsonObject hazardLeadership = link(c, "LEADERSHIP", DemoData.MAJOR_HAZARD);
        assertThat(hazardDirect.get("aggravating").getAsBoolean()).isTrue();
        assertThat(hazardLeadership.get("aggravating").getAsBoolean()).isTrue();
        JsonObject pledge = pledgeOf(reviewer, c, "李建国");
        JsonObject inspection = link(c, "LEADERSHIP", DemoData.INSPECTION);
        assertThat(inspection.get("role").getAsString()).isEqualTo("SUPERVISION_DUTY");
        // the bureau head (the supervising body) signed one too, and it is proposed as well
        assertThat(pledgeOf(reviewer, c, "王卫东").get("state").getAsString()).isEqualTo("PROPOSED");

        confirm(reviewer, caseId, hazardDirect);
        confirm(reviewer, caseId, hazardLeadership);
        confirm(reviewer, caseId, pledge);
        JsonObject directInspection = link(c, "DIRECT", DemoData.INSPECTION);
        Http.Answer rejected = reviewer.post("/api/cases/" + caseId + "/links/" + directInspection.get("id").getAsString() + "/reject",
                "{\"reason\":\"检查记录已作为监督责任证据，直接责任调查不重复使用\"}");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(link(rejected.json(), "DIRECT", DemoData.INSPECTION).get("state").getAsString()).isEqualTo("REJECTED");

        reviewer.post("/api/cases/" + caseId + "/findings", "{\"track\":\"LEADERSHIP\",\"text\":\"应急管理局局长王卫东对重大事故隐患逾期未整改督促不力，负有监管责任\","
                + "\"personIds\":[\"" + DemoData.BUREAU_HEAD + "\"]}");
        // the chairman of a private company is no 公职人员: a 政务处分 against him is refused
        Http.Answer notOfficial = reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"LEADERSHIP\",\"personId\":\""
                + DemoData.CHEMICAL_HEAD + "\",\"form\":{\"category\":\"GOVERNMENT_SANCTION\",\"kind\":\"DEMERIT\"}}");
        assertThat(notOfficial.field("code")).isEqualTo("action_target");
        JsonObject proposed = reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"LEADERSHIP\",\"personId\":\""
                + DemoData.BUREAU_HEAD + "\",\"form\":{\"category\":\"GOVERNMENT_SANCTION\",\"kind\":\"DEMERIT\"},"
                + "\"decidingBody\":{\"kind\":\"SUPERVISORY_ORGAN\",\"name\":\"栖霞市监察委员会\"}}").json();
        String action = lastAction(proposed).get("id").getAsString();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", "{\"to\":\"NOTIFIED\",\"statementDeadline\":\""
                + today.plusDays(5) + "\"}").status()).isEqualTo(200);
        // the chairman may still explain: a decision now is refused until his statement is in
        assertThat(reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", "{\"to\":\"DECIDED\"}").status()).isEqualTo(422);
        Http.Answer decided = reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps",
                "{\"to\":\"DECIDED\",\"statementReceived\":true}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        JsonObject sanction = lastAction(decided.json());
        assertThat(sanction.getAsJsonObject("form").get("label").getAsString()).isEqualTo("政务处分·记过");
        assertThat(sanction.get("influenceMonths").getAsInt()).isEqualTo(12);
        assertThat(sanction.get("influenceEnds").getAsString()).isEqualTo(today.plusMonths(12).toString());
        // decided by the 监察委员会: 复审 within one month (监察法第56条)
        assertThat(sanction.getAsJsonObject("remedy").get("firstLevel").getAsString()).isEqualTo("复审");

        // 四不放过 rests on facts: every box ticked, the case still cannot close without the report, the
        // 批复, the education record, the one-year evaluation, and with the unit's danger overdue
        for (String item : new String[] {"CAUSE_ESTABLISHED", "RESPONSIBLE_DEALT_WITH", "RECTIFICATION_IMPLEMENTED", "PEOPLE_EDUCATED"}) {
            reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"" + item + "\"}");
        }
        Http.Answer refused = reviewer.post("/api/cases/" + caseId + "/close", "");
        assertThat(refused.field("code")).isEqualTo("case_not_closable");
        assertThat(refused.field("message")).contains("调查报告未提交").contains("隐患逾期未整改").contains("警示教育");
        reviewer.post("/api/cases/" + caseId + "/report-submitted", "{}");
        reviewer.post("/api/cases/" + caseId + "/reply", "{\"documentNumber\":\"栖政字〔2026〕1号\"}");
        reviewer.post("/api/cases/" + caseId + "/education", "{\"on\":\"" + today + "\",\"description\":\"全厂警示教育大会\"}");
        JsonObject scheduled = reviewer.post("/api/cases/" + caseId + "/evaluation", "{\"due\":\"" + today.plusMonths(11)
                + "\",\"by\":\"栖霞市安委会办公室\"}").json();
        JsonObject lacking = scheduled.getAsJsonObject("checklist");
        assertThat(lacking.getAsJsonObject("CAUSE_ESTABLISHED").getAsJsonArray("lacking")).isEmpty();
        assertThat(lacking.getAsJsonObject("PEOPLE_EDUCATED").getAsJsonArray("lacking")).isEmpty();
        // the overdue general danger (消防通道) is neither rectified nor under a plan: still not closable
        assertThat(lacking.getAsJsonObject("RECTIFICATION_IMPLEMENTED").getAsJsonArray("lacking").toString()).contains("隐患逾期");
        assertThat(scheduled.get("closable").getAsBoolean()).isFalse();

        // the listed major danger is overdue, so its supervision escalates a level
        JsonObject listed = reviewer.get("/api/hazards?listed=true").json();
        assertThat(listed.get("total").getAsInt()).isEqualTo(1);
        JsonObject hazard = listed.getAsJsonArray("items").get(0).getAsJsonObject();
        assertThat(hazard.get("id").getAsString()).isEqualTo(DemoData.MAJOR_HAZARD);
        assertThat(hazard.get("escalateTo").getAsString()).isEqualTo("CITY");

        // every record version written on the way — seeded, synced, merged, resolved, confirmed as a
        // link — is proved by its audit entry's contentSha256 (issue 12 item 9)
        Http admin = cn.fieldsync.server.testing.TestUsers.admin(target.getUri());
        JsonObject open = admin.get("/api/conflicts?status=OPEN").json().getAsJsonArray("items").get(0).getAsJsonObject();
        Http.Answer resolved = admin.post("/api/conflicts/" + open.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"DEVICE\",\"version\":" + open.get("currentVersion").getAsInt() + "}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        JsonObject verified = admin.get("/api/audit/verify").json();
        assertThat(verified.get("intact").getAsBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("recordVersions").getAsLong()).isGreaterThan(10);
    }

    /**
     * The demo shows what the product is for (issue 14): sealed inspections whose seals the server
     * verifies, with handwritten signatures and site photos the reviewer can open, the refusal to sign
     * recorded with its witness (安全生产法第六十八条), a sealed pledge, a listed major danger with its
     * six-part plan, and the case with both tracks partly worked.
     */
    @Test
    void theDemoHoldsSealedEvidenceAndACasePartlyWorked_安全生产法第六十八条() throws Exception {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        JsonObject inspection = reviewer.get("/api/inspections/" + DemoData.INSPECTION).json();
        assertThat(inspection.get("status").getAsString()).isEqualTo("SEALED");
        assertThat(inspection.get("sealVerified").getAsBoolean()).isTrue();
        assertThat(inspection.getAsJsonArray("photos")).hasSize(2);
        for (JsonElement signature : inspection.getAsJsonArray("signatures")) {
            assertImage(reviewer, signature.getAsJsonObject().get("signatureImage").getAsString());
        }
        assertImage(reviewer, inspection.getAsJsonArray("photos").get(0).getAsString());

        JsonObject refused = reviewer.get("/api/inspections/" + DemoData.REFUSED_INSPECTION).json();
        assertThat(refused.get("sealVerified").getAsBoolean()).isTrue();
        JsonObject refusal = refused.getAsJsonObject("refusalToSign");
        assertThat(refusal.get("refusedBy").getAsString()).isEqualTo("赵某");
        assertThat(refusal.get("refusedByRole").getAsString()).isEqualTo("矿长");
        assertImage(reviewer, refusal.getAsJsonObject("witness").get("signatureImage").getAsString());

        JsonObject pledge = reviewer.get("/api/pledges/" + DemoData.SIGNED_PLEDGE).json();
        assertThat(pledge.get("status").getAsString()).isEqualTo("SEALED");
        assertThat(pledge.get("sealVerified").getAsBoolean()).isTrue();
        assertImage(reviewer, pledge.get("signatureImage").getAsString());

        JsonObject major = reviewer.get("/api/hazards/" + DemoData.MAJOR_HAZARD).json();
        assertThat(major.getAsJsonObject("treatmentPlan").keySet()).hasSize(6);
        assertThat(major.getAsJsonArray("supervisionListing").get(0).getAsJsonObject().get("event").getAsString()).isEqualTo("LISTED");
        assertThat(reviewer.get("/api/hazards/" + DemoData.VERIFIED_HAZARD).json().get("status").getAsString()).isEqualTo("VERIFIED");

        String caseId = reviewer.get("/api/cases").json().getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        JsonObject direct = c.getAsJsonObject("tracks").getAsJsonObject("DIRECT");
        assertThat(direct.getAsJsonArray("parties").get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("李建国");
        assertThat(direct.getAsJsonArray("findings")).isNotEmpty();
        assertThat(link(c, "DIRECT", DemoData.OVERDUE_HAZARD).get("state").getAsString()).isEqualTo("CONFIRMED");
        JsonObject action = direct.getAsJsonArray("actions").get(0).getAsJsonObject();
        assertThat(action.get("state").getAsString()).isEqualTo("NOTIFIED");
        assertThat(action.getAsJsonArray("steps")).isNotEmpty();
        assertThat(action.getAsJsonObject("deadlines").get("statement").getAsString()).isNotEmpty();
        JsonObject leadership = c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP");
        assertThat(leadership.getAsJsonArray("parties").get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("王卫东");
    }

    /** The attachment is a picture the reviewer may open. */
    private static void assertImage(Http reviewer, String sha256) throws Exception {
        java.net.http.HttpResponse<byte[]> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(reviewer.base() + "/api/attachments/" + sha256))
                .header("Authorization", "Bearer " + reviewer.token()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(answer.body()))).as("a PNG image").isNotNull();
    }

    private static void confirm(Http reviewer, String caseId, JsonObject link) {
        Http.Answer answer = reviewer.post("/api/cases/" + caseId + "/links/" + link.get("id").getAsString() + "/confirm", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static JsonObject lastAction(JsonObject c) {
        var actions = c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("actions");
        return actions.get(actions.size() - 1).getAsJsonObject();
    }

    private static JsonObject link(JsonObject c, String track, String evidenceId) {
        for (JsonElement l : c.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("links")) {
            if (l.getAsJsonObject().get("evidenceId").getAsString().equals(evidenceId)) {
                return l.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + track + " link to " + evidenceId + " in " + c);
    }

    /** The LEADERSHIP link to the pledge this person signed. */
    private static JsonObject pledgeOf(Http reviewer, JsonObject c, String signer) {
        for (JsonElement l : c.getAsJsonObject("tracks").getAsJsonObject("LEADERSHIP").getAsJsonArray("links")) {
            JsonObject link = l.getAsJsonObject();
            if (link.get("evidenceType").getAsString().equals("pledge") && link.get("role").getAsString().equals("PLEDGE_OF_LEADER")
                    && reviewer.get("/api/pledges/" + link.get("evidenceId").getAsString()).json()
                    .getAsJsonObject("signer").get("name").getAsString().equals(signer)) {
                return link;
            }
        }
        throw new AssertionError("no pledge of " + signer + " proposed in " + c);
    }
}
