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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person or an integrator sends is taken whole or refused whole (RequestShape): a member
 * misspelt, or of the wrong kind, was read as absent, and the request went through without it — a
 * case opened without the supervisors it was sent with, a user created without the jurisdictions
 * meant for them, the reason of a report extension dropped (the console sent one; the server kept
 * only the days). A query parameter misspelt was ignored the same way: the export of "overdue"
 * dangers held all of them.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/request-shape")
@AddConfig(key = "fieldsync.db.schema", value = "request_shape")
class RequestShapeApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Inject
    WebTarget target;

    private Http admin;
    private Http reviewer;
    private String company;
    private String bureau;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        if (admin.get("/api/admin/users/shape-reviewer").status() == 404) {
            TestUsers.createAccount(admin, "shape-reviewer", "REVIEWER", TestUsers.COUNTY);
        }
        reviewer = admin.login("shape-reviewer", TestUsers.password("shape-reviewer"));
        company = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        bureau = admin.post("/api/units", "{\"name\":\"应急管理局\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    private String accident(String extra) {
        return "{\"title\":\"储罐区爆燃事故\",\"subjectUnitId\":\"" + company + "\"" + extra + ",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\""
                + TODAY.minusDays(3) + "T10:00:00+08:00\",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":1850000}}";
    }

    private int cases() {
        return reviewer.get("/api/cases").json().get("total").getAsInt();
    }

    @Test
    void aCaseSentWithAMisspeltMemberIsRefusedNamingItAndNoCaseIsOpened() {
        int before = cases();
        Http.Answer misspelt = reviewer.post("/api/cases", accident(",\"supervisor\":[{\"unitId\":\"" + bureau + "\",\"kind\":\"INDUSTRY\"}]"));
        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.field("code")).isEqualTo("unknown_member");
        assertThat(misspelt.field("field")).isEqualTo("/supervisor");
        assertThat(misspelt.field("message")).contains("“supervisor”").contains("supervisors");
        assertThat(misspelt.field("title")).isEqualTo("提交的内容中有此操作不接受的字段（可能是拼写错误），未作任何修改");
        // a supervisor's kind misspelt inside the list, and the description sent as a list
        assertThat(reviewer.post("/api/cases", accident(",\"supervisors\":[{\"unitId\":\"" + bureau + "\",\"kinds\":\"INDUSTRY\"}]"))
                .field("field")).isEqualTo("/supervisors/0/kinds");
        Http.Answer listed = reviewer.post("/api/cases", accident("").replace("\"deaths\"", "\"description\":[\"一\",\"二\"],\"deaths\""));
        assertThat(listed.status()).isEqualTo(400);
        assertThat(listed.field("code")).isEqualTo("invalid_member");
        assertThat(listed.field("field")).isEqualTo("/event/description");
        assertThat(cases()).as("nothing was opened").isEqualTo(before);

        // spelt right, the supervisor is on the case
        JsonObject opened = reviewer.post("/api/cases", accident(",\"supervisors\":[{\"unitId\":\"" + bureau + "\",\"kind\":\"INDUSTRY\"}]")).json();
        assertThat(opened.toString()).contains(bureau);
        assertThat(cases()).isEqualTo(before + 1);
    }

    @Test
    void art29_aReportExtensionKeepsItsReasonAndHalfADayIsRefused() {
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        Http.Answer half = reviewer.post("/api/cases/" + caseId + "/report-extension", "{\"days\":1.5,\"reason\":\"需技术鉴定\"}");
        assertThat(half.status()).as(half.body()).isEqualTo(422);
        assertThat(half.field("field")).isEqualTo("/days");
        JsonObject extended = reviewer.post("/api/cases/" + caseId + "/report-extension",
                "{\"days\":30,\"reason\":\"经县人民政府批准，需补充技术鉴定\"}").json();
        JsonObject deadlines = extended.getAsJsonObject("deadlines");
        assertThat(deadlines.get("reportExtensionDays").getAsInt()).isEqualTo(30);
        assertThat(deadlines.get("reportExtensionReason").getAsString()).isEqualTo("经县人民政府批准，需补充技术鉴定");
        assertThat(deadlines.get("reportDue").getAsString()).isEqualTo(TODAY.minusDays(3).plusDays(90).toString());
        assertThat(admin.get("/api/audit?actor=shape-reviewer&limit=200").body()).contains("经县人民政府批准，需补充技术鉴定");
    }

    @Test
    void aChecklistNoteSentAsAListIsRefusedAndTheItemStaysAsItWas() {
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        Http.Answer listed = reviewer.post("/api/cases/" + caseId + "/checklist", "{\"item\":\"PEOPLE_EDUCATED\",\"done\":true,\"note\":[\"全员\",\"警示教育\"]}");
        assertThat(listed.status()).as(listed.body()).isEqualTo(400);
        assertThat(listed.field("code")).isEqualTo("invalid_member");
        assertThat(listed.field("message")).contains("“note”应为文本");
        JsonObject item = reviewer.get("/api/cases/" + caseId).json().getAsJsonObject("checklist").getAsJsonObject("PEOPLE_EDUCATED");
        assertThat(item.get("done").getAsBoolean()).as(item.toString()).isFalse();
    }

    @Test
    void aUserSentWithAMisspeltScopeIsNotCreatedAndAnAccountIsNotRenamed() {
        Http.Answer misspelt = admin.post("/api/admin/users",
                "{\"username\":\"shape-inspector\",\"password\":\"shape-password-1\",\"role\":\"INSPECTOR\",\"jurisdiction\":[\"370686\"]}");
        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.field("field")).isEqualTo("/jurisdiction");
        assertThat(admin.get("/api/admin/users/shape-inspector").status()).isEqualTo(404);
        // a new account is enabled: "disabled" belongs to a change, and was ignored here before
        assertThat(admin.post("/api/admin/users",
                "{\"username\":\"shape-inspector\",\"password\":\"shape-password-1\",\"role\":\"INSPECTOR\",\"disabled\":true}")
                .field("code")).isEqualTo("unknown_member");
        Http.Answer renamed = admin.patch("/api/admin/users/shape-reviewer", "{\"username\":\"other-name\"}", null);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(400);
        assertThat(renamed.field("field")).isEqualTo("/username");
    }

    @Test
    void aLedgerFilterMisspeltIsRefusedRatherThanPrintingTheWholeLedger() {
        Http.Answer misspelt = reviewer.post("/api/documents", "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"untis\":\"" + company + "\"}}");
        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.field("code")).isEqualTo("unknown_member");
        assertThat(misspelt.field("field")).isEqualTo("/filter/untis");
        assertThat(reviewer.get("/api/documents").json().getAsJsonArray("items")).as("nothing was issued").isEmpty();
    }

    @Test
    void aQueryParameterMisspeltIsRefusedRatherThanAnsweringWithEverything() {
        Http.Answer misspelt = reviewer.get("/api/hazards/export?format=csv&overdu=true");
        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.field("code")).isEqualTo("invalid_parameter");
        assertThat(misspelt.field("field")).isEqualTo("overdu");
        assertThat(misspelt.field("message")).contains("“overdu”").contains("overdue");
        assertThat(reviewer.get("/api/hazards?overdue=true").status()).isEqualTo(200);
        assertThat(reviewer.get("/api/cases?limit=5&statuss=OPEN").field("field")).isEqualTo("statuss");
        // a route that reads none says so; a caller without a token still learns that first
        assertThat(reviewer.get("/api/auth/me?x=1").field("message")).contains("此处不需要查询参数");
        assertThat(new Http(target.getUri()).get("/api/hazards?overdu=true").status()).isEqualTo(401);
    }

    @Test
    void nullsAndFractionsTheCaseRulesUsedToFailOnAreReadAsAbsentOrRefusedNever500() {
        // null reads as not given: the defaults (OTHER, UNDETERMINED) as when the member is left out
        Http.Answer nulls = reviewer.post("/api/cases", accident("").replace("\"deaths\"", "\"sector\":null,\"nature\":null,\"knownAt\":null,\"deaths\""));
        assertThat(nulls.status()).as(nulls.body()).isEqualTo(201);
        assertThat(nulls.json().getAsJsonObject("event").get("nature").getAsString()).isEqualTo("UNDETERMINED");
        // a supervisor without its kind, a deciding body without its kind: said so, not 500
        Http.Answer noKind = reviewer.post("/api/cases", accident(",\"supervisors\":[{\"unitId\":\"" + bureau + "\"}]"));
        assertThat(noKind.status()).as(noKind.body()).isEqualTo(422);
        assertThat(noKind.field("field")).isEqualTo("/supervisors/0/kind");
        String caseId = nulls.field("id");
        Http.Answer body = reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"DIRECT\",\"targetUnitId\":\"" + company
                + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"},\"decidingBody\":{\"name\":\"x\"}}");
        assertThat(body.status()).as(body.body()).isEqualTo(422);
        // a loss in fractions of a 分, a casualty change of half a person: refused where they are
        Http.Answer fen = reviewer.post("/api/cases", accident("").replace("1850000", "1e-9999"));
        assertThat(fen.status()).as(fen.body()).isEqualTo(422);
        assertThat(fen.field("field")).isEqualTo("/event/directLossCny");
        assertThat(reviewer.post("/api/cases", accident("").replace("1850000", "1850000.50")).status()).isEqualTo(201);
        Http.Answer half = reviewer.post("/api/cases/" + caseId + "/casualties", "{\"on\":\"" + TODAY + "\",\"deaths\":1.5}");
        assertThat(half.status()).as(half.body()).isEqualTo(422);
        assertThat(half.field("field")).isEqualTo("/deaths");
        // education attendees are names, not any JSON at all
        assertThat(reviewer.post("/api/cases/" + caseId + "/education", "{\"on\":\"" + TODAY + "\",\"description\":\"警示教育\",\"attendees\":{\"who\":1}}")
                .field("code")).isEqualTo("invalid_member");
    }

    @Test
    void theNatureKeepsItsNoteAndALaterNatureWithoutOneClearsIt() {
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        JsonObject noted = reviewer.post("/api/cases/" + caseId + "/nature", "{\"nature\":\"LIABILITY\",\"note\":\"调查组认定企业未落实隐患排查治理制度\"}").json();
        assertThat(noted.getAsJsonObject("event").get("natureNote").getAsString()).isEqualTo("调查组认定企业未落实隐患排查治理制度");
        JsonObject again = reviewer.post("/api/cases/" + caseId + "/nature", "{\"nature\":\"UNDETERMINED\"}").json();
        assertThat(again.getAsJsonObject("event").has("natureNote")).as(again.getAsJsonObject("event").toString()).isFalse();
    }

    @Test
    void aBundleOrADocumentAskedForTwoWaysIsRefusedRatherThanHalfIgnored() {
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        Http.Answer both = reviewer.post("/api/bundles", "{\"caseId\":\"" + caseId + "\",\"recordIds\":[\"" + company + "\"]}");
        assertThat(both.status()).as(both.body()).isEqualTo(400);
        assertThat(both.field("field")).isEqualTo("/recordIds");
        Http.Answer document = reviewer.post("/api/documents", "{\"kind\":\"CASE_FILE\",\"caseId\":\"" + caseId + "\",\"filter\":{}}");
        assertThat(document.status()).as(document.body()).isEqualTo(400);
        assertThat(document.field("field")).isEqualTo("/filter");
    }

    @Test
    void aQueryParameterGivenTwiceIsRefusedUnlessTheRouteTakesAListAndPagesTakeAnyLink() {
        Http.Answer twice = reviewer.get("/api/hazards?grade=MAJOR&grade=GENERAL");
        assertThat(twice.status()).as(twice.body()).isEqualTo(400);
        assertThat(twice.field("field")).isEqualTo("grade");
        assertThat(reviewer.get("/api/auth/names?user=admin&user=shape-reviewer").status()).isEqualTo(200);
        assertThat(reviewer.get("/version?utm_source=wechat").status()).isEqualTo(200);
        // a name sent back in a message is cut and shows no hidden character
        Http.Answer odd = reviewer.get("/api/hazards?" + "x".repeat(200) + "%E2%80%AE=1");
        assertThat(odd.field("message")).contains("…").doesNotContain("\u202E").hasSizeLessThan(400);
    }

    @Test
    void whatOnlyAnAccidentOrOnlyAnotherStepReadsIsRefusedElsewhereRatherThanDropped() {
        Http.Answer violation = reviewer.post("/api/cases", "{\"title\":\"违法生产\",\"subjectUnitId\":\"" + company
                + "\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"" + TODAY.minusDays(3) + "T10:00:00+08:00\",\"deaths\":3}}");
        assertThat(violation.status()).as(violation.body()).isEqualTo(422);
        assertThat(violation.field("field")).isEqualTo("/event/deaths");
        // a step's member that only another step reads: a decision day sent with the notice
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        JsonObject withAction = reviewer.post("/api/cases/" + caseId + "/actions", "{\"track\":\"DIRECT\",\"targetUnitId\":\"" + company
                + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}").json();
        String action = withAction.getAsJsonObject("tracks").getAsJsonObject("DIRECT").getAsJsonArray("actions").get(0)
                .getAsJsonObject().get("id").getAsString();
        Http.Answer early = reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps",
                "{\"to\":\"NOTIFIED\",\"statementDeadline\":\"" + TODAY.plusDays(7) + "\",\"decisionKnownOn\":\"" + TODAY + "\"}");
        assertThat(early.status()).as(early.body()).isEqualTo(422);
        assertThat(early.field("field")).isEqualTo("/decisionKnownOn");
    }

    @Test
    void aRouteThatReadsNoBodyRefusesOneThatSaysSomething() {
        String caseId = reviewer.post("/api/cases", accident("")).field("id");
        Http.Answer said = reviewer.post("/api/cases/" + caseId + "/close", "{\"note\":\"结案说明\"}");
        assertThat(said.status()).as(said.body()).isEqualTo(400);
        assertThat(said.field("code")).isEqualTo("unknown_member");
        assertThat(reviewer.get("/api/cases/" + caseId).json().get("status").getAsString()).isEqualTo("OPEN");
        // nothing said: the route's own answer (here: 四不放过 is not met yet)
        assertThat(reviewer.post("/api/cases/" + caseId + "/close", "{}").field("code")).isEqualTo("case_not_closable");
        assertThat(reviewer.post("/api/cases/" + caseId + "/close", "").field("code")).isEqualTo("case_not_closable");
    }

    @Test
    void aQueryThatCannotBeDecodedIsRefusedInChineseNot500() throws Exception {
        // sent over a plain socket: Java's own HTTP client refuses to send such an address at all
        for (String bad : new String[] {"/api/hazards?cursor=%25%", "/api/hazards?limit=1%", "/api/auth/me?a%zz=1"}) {
            try (java.net.Socket socket = new java.net.Socket(target.getUri().getHost(), target.getUri().getPort())) {
                socket.getOutputStream().write(("GET " + bad + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + reviewer.token()
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = rawAnswer(socket);
                assertThat(answer).as(bad).startsWith("HTTP/1.1 400").contains("invalid_parameter").contains("百分号编码");
            }
        }
    }

    /** One HTTP/1.1 answer read off a socket: its head, then as many bytes as its Content-Length says. */
    private static String rawAnswer(java.net.Socket socket) throws java.io.IOException {
        socket.setSoTimeout(10_000);
        java.io.InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
