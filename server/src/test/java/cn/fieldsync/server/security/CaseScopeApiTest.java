package cn.fieldsync.server.security;

import cn.fieldsync.schemas.Uuids;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A county-B (370602) reviewer attacking county A (370686) through the case endpoints (issue 12,
 * items 1, 2, 3 and 5): linking and confirming A's records, naming an A unit as the supervising
 * unit, adding A's people and units as parties and action targets, and naming other counties'
 * users as investigators. Every A id is answered exactly like an id that does not exist; a case
 * reaches another county only when an administrator grants it, and that grant is audited.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/case-scope")
@AddConfig(key = "fieldsync.db.schema", value = "case_scope")
class CaseScopeApiTest {

    private static final String A = "370686";
    private static final String B = "370602";
    private static final LocalDate EVENT = LocalDate.now().minusDays(20);

    @Inject
    WebTarget target;

    private Http admin;
    private Http bReviewer;
    private TestUsers.Device bDevice;
    private String suffix;

    // county A's things
    private String aUnit;
    private String aPerson;
    private String aHazard;
    private String aPhoto;
    private String aInspection;
    private String aPledge;
    private String aAttachment;
    private String aCase;
    private String aAction;
    // county B's
    private String bUnit;
    private String bHazard;

    @BeforeEach
    void setUp() throws Exception {
        admin = TestUsers.admin(target.getUri());
        suffix = Uuids.v7().substring(30).toLowerCase();
        TestUsers.createAccount(admin, "b-reviewer-" + suffix, "REVIEWER", B);
        bReviewer = admin.login("b-reviewer-" + suffix, TestUsers.password("b-reviewer-" + suffix));
        TestUsers.createAccount(admin, "b-inspector-" + suffix, "INSPECTOR", B);
        bDevice = TestUsers.device(admin, "b-inspector-" + suffix);
        TestUsers.createAccount(admin, "a-inspector-" + suffix, "INSPECTOR", A);
        TestUsers.Device aDevice = TestUsers.device(admin, "a-inspector-" + suffix);

        aUnit = create("/api/units", "{\"name\":\"栖霞某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + A + "\"}");
        aPerson = create("/api/persons", "{\"name\":\"栖霞董事长甲\",\"positions\":[{\"unitId\":\"" + aUnit
                + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}");
        // a danger's photo is an image (the server checks its first bytes)
        byte[] content = cn.fieldsync.server.testing.TestAttachments.image("a.jpg", "A's photo " + suffix);
        aPhoto = cn.fieldsync.server.testing.TestAttachments.sha256(content);
        assertThat(admin.sendBytes("PUT", "/api/attachments/" + aPhoto, "application/octet-stream", content).status()).isEqualTo(201);
        aHazard = create("/api/hazards", "{\"unitId\":\"" + aUnit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"栖霞消防通道堵塞\","
                + "\"foundAt\":\"" + EVENT.minusDays(5) + "T09:30:00+08:00\",\"deadline\":\"" + EVENT.plusDays(30) + "\",\"photos\":[\"" + aPhoto + "\"]}");
        aInspection = create("/api/inspections", inspection(aUnit));
        aPledge = create("/api/pledges", pledge(aPerson, aUnit));
        aAttachment = Uuids.v7();
        JsonObject pushed = aDevice.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7()
                + "\",\"type\":\"attachment\",\"id\":\"" + aAttachment + "\",\"baseVersion\":0,\"fields\":{\"sha256\":\"" + aPhoto
                + "\",\"size\":" + content.length + ",\"mediaType\":\"image/jpeg\",\"recordId\":\"" + aHazard
                + "\"}}]}").json();
        assertThat(pushed.getAsJsonArray("answers").get(0).getAsJsonObject().get("status").getAsString()).as(pushed.toString())
                .isEqualTo("applied");
        Http.Answer opened = admin.post("/api/cases", openBody("栖霞的案件", aUnit, null, List.of(), null));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        aCase = opened.field("id");
        JsonObject withAction = admin.post("/api/cases/" + aCase + "/actions", "{\"track\":\"DIRECT\",\"personId\":\"" + aPerson
                + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}").json();
        assertThat(withAction.toString()).contains("actions");
        aAction = withAction.getAsJsonObject("tracks").getAsJsonObject("DIRECT").getAsJsonArray("actions").get(0)
                .getAsJsonObject().get("id").getAsString();

        bUnit = create("/api/units", "{\"name\":\"芝罘某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + B + "\"}");
        bHazard = create("/api/hazards", "{\"unitId\":\"" + bUnit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"芝罘通道堵塞\","
                + "\"foundAt\":\"" + EVENT.minusDays(3) + "T09:30:00+08:00\",\"deadline\":\"" + EVENT.plusDays(30) + "\"}");
    }

    /** Issue 12 item 1: link and confirm. */
    @Test
    void aCaseLinksNothingOfAnotherCountyAndItsAnswersTellForeignIdsFromAbsentOnesInNoWay() {
        String caseId = bCase(List.of(bReviewerName(), bInspectorName()));
        String[][] probes = {{"hazard", aHazard}, {"inspection", aInspection}, {"pledge", aPledge}, {"attachment", aAttachment},
                {"action", aAction}, {"case", aCase}};
        for (String[] probe : probes) {
            Http.Answer foreign = link(caseId, probe[0], probe[1]);
            Http.Answer absent = link(caseId, probe[0], Uuids.v7());
            assertThat(foreign.status()).as(probe[0] + ": " + foreign.body()).isEqualTo(422);
            assertThat(foreign.field("code")).isEqualTo("unknown_reference");
            assertSameAnswer(foreign, probe[1], absent);
        }
        // B's own evidence links as before
        Http.Answer own = bReviewer.post("/api/cases/" + caseId + "/links", "{\"track\":\"LEADERSHIP\",\"evidenceType\":\"hazard\","
                + "\"evidenceId\":\"" + bHazard + "\",\"role\":\"证据\",\"reason\":\"本县的隐患\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);

        assertNothingOfAReaches(caseId, true);
        assertThat(bReviewer.get("/api/cases/" + caseId).body()).doesNotContain(aHazard, aInspection, aPledge, aAttachment, aAction, aCase);
    }

    /**
     * A case spanning counties gets its reach from an administrator (audited); taken back, its
     * proposals of the other county can no longer be confirmed and nothing of it reaches anyone.
     */
    @Test
    void anAdministratorGrantsACaseAnotherCountyExplicitlyAndAudited() throws Exception {
        String caseId = bCase(List.of(bReviewerName(), bInspectorName()));
        // only an administrator grants reach
        assertThat(bReviewer.post("/api/cases/" + caseId + "/reach", "{\"jurisdictions\":[\"" + A + "\"]}").status()).isEqualTo(403);
        assertThat(bReviewer.post("/api/cases", openBody("x", bUnit, null, List.of(), A)).status()).isEqualTo(403);
        JsonObject granted = admin.post("/api/cases/" + caseId + "/reach", "{\"jurisdictions\":[\"" + A + "\"]}").json();
        assertThat(granted.getAsJsonArray("reach").toString()).contains(A).contains("GRANTED");
        assertThat(admin.get("/api/audit?record=" + caseId).body()).contains("CASE_REACH_GRANTED");

        assertThat(link(caseId, "hazard", aHazard).status()).isEqualTo(200);
        assertThat(link(caseId, "inspection", aInspection).status()).isEqualTo(200);
        confirm(caseId, aHazard, 200);
        // the granted evidence reaches the case's investigators: the reviewer and the inspector's device
        assertThat(bReviewer.get("/api/hazards/" + aHazard).status()).isEqualTo(200);
        assertThat(String.join("", feed(bDevice.http()))).contains(aHazard);
        Http.Answer bundle = bReviewer.send("POST", "/api/bundles", "application/json", "{\"caseId\":\"" + caseId + "\"}");
        assertThat(bundle.status()).isEqualTo(200);

        // taken back: the confirmed A evidence no longer reaches B, and the pending proposal cannot be confirmed
        assertThat(admin.send("DELETE", "/api/cases/" + caseId + "/reach/" + A, null, null).status()).isEqualTo(200);
        assertThat(admin.get("/api/audit?record=" + caseId).body()).contains("CASE_REACH_REVOKED");
        Http.Answer late = confirm(caseId, aInspection, 422);
        assertThat(late.field("message")).isEqualTo("找不到现场检查记录 " + aInspection + "：服务器上没有，或不在您可查看的范围内");
        // the case keeps the record of what it confirmed (its link names the id), but not the evidence itself
        assertNothingOfAReaches(caseId, false);
        // nor does its printed 案卷 (found by a tester: it printed A's danger as A had edited it after the revocation)
        Http.Answer edited = admin.patch("/api/hazards/" + aHazard, "{\"description\":\"撤销协查后修改的描述\"}", null);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        String caseFile = caseFileText(bReviewer, caseId);
        assertThat(caseFile).doesNotContain("消防通道堵塞").doesNotContain("撤销协查后修改的描述").contains("不在您的查看范围内");
    }

    /** The text of a case's 案卷 as the caller prints it. */
    /**
     * A tester's finding: another county's danger, shown to an inspector by a case's granted reach and edited on the
     * device, was kept there when the reach was taken back (it held the edit), and stayed — shown as synced, its
     * content readable — after the edit was withdrawn. It leaves with the last of its operations.
     */
    @Test
    void anotherCountysDangerKeptForAnEditLeavesTheDeviceWhenTheEditIsWithdrawn() throws Exception {
        String name = "bdev" + suffix;
        TestUsers.createAccount(admin, "inspector-" + name, "INSPECTOR", B);
        String caseId = bCase(List.of(bReviewerName(), "inspector-" + name));
        assertThat(admin.post("/api/cases/" + caseId + "/reach", "{\"jurisdictions\":[\"" + A + "\"]}").status()).isEqualTo(200);
        assertThat(link(caseId, "hazard", aHazard).status()).isEqualTo(200);
        confirm(caseId, aHazard, 200);
        try (cn.fieldsync.client.FieldStore store = cn.fieldsync.client.FieldStore.open(
                cn.fieldsync.server.testing.TestDatabases.freshDirectory("case-reach-kept-" + suffix))) {
            TestUsers.init(admin, store, name);
            cn.fieldsync.server.testing.TestDevices.sync(target.getUri(), store);
            assertThat(store.get(aHazard)).as("the case's evidence reaches its investigator's device").isPresent();
            store.edit(aHazard, java.util.Map.of("responsiblePerson", new com.google.gson.JsonPrimitive("芝罘检查员改的")));
            cn.fieldsync.server.testing.TestDevices.sync(target.getUri(), store);
            // read through the case, never changed through it: refused for good, not held to apply one day
            assertThat(store.attention()).singleElement().satisfies(item -> {
                assertThat(item.code()).isEqualTo("forbidden");
                assertThat(item.reason()).contains("只能查阅，不能修改");
            });
            assertThat(admin.get("/api/hazards/" + aHazard).field("responsiblePerson")).isNotEqualTo("芝罘检查员改的");

            // the case's own county's evidence beside it (the engine proposed its unit's danger)
            confirm(caseId, bHazard, 200);

            assertThat(admin.send("DELETE", "/api/cases/" + caseId + "/reach/" + A, null, null).status()).isEqualTo(200);
            // a second tester's finding: the case's bundle then left A's confirmed danger out without a word
            java.nio.file.Path bundle = cn.fieldsync.server.testing.TestDatabases.freshDirectory("case-reach-bundle-" + suffix).resolve("b.zip");
            java.net.http.HttpResponse<byte[]> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            target.getUri().resolve("/api/bundles")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + bReviewer.token())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"caseId\":\"" + caseId + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            java.nio.file.Files.createDirectories(bundle.getParent());
            java.nio.file.Files.write(bundle, answer.body());
            List<cn.fieldsync.client.bundle.BundleVerifier.Item> items = cn.fieldsync.client.bundle.BundleVerifier.verify(bundle);
            assertThat(items).allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue());
            assertThat(items).filteredOn(i -> i.path().equals(cn.fieldsync.client.bundle.BundleVerifier.LEFT_OUT)).singleElement()
                    .satisfies(i -> assertThat(i.comment()).contains("本案另有 1 项已确认的证据未收入").contains("事故隐患 " + aHazard)
                            .contains("不是该案的全部证据"));
            assertThat(items.toString()).doesNotContain("栖霞消防通道堵塞");

            assertThat(cn.fieldsync.server.testing.TestDevices.sync(target.getUri(), store).keptOutOfScope()).isEqualTo(1);
            assertThat(store.get(aHazard)).as("kept for the edit it holds").isPresent();

            store.withdraw(aHazard, "已无权查看");
            assertThat(store.get(aHazard)).as("it leaves with the withdrawn edit").isEmpty();
            assertThat(store.withdrawn().toString()).contains(aHazard).contains("芝罘检查员改的");
            assertThat(cn.fieldsync.server.testing.TestDevices.sync(target.getUri(), store).keptOutOfScope()).isZero();
            assertThat(store.get(aHazard)).isEmpty();
            assertThat(store.list(cn.fieldsync.schemas.RecordType.HAZARD).toString()).doesNotContain("栖霞消防通道堵塞");
        }
    }

    private static String caseFileText(Http as, String caseId) throws Exception {
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(as.base() + "/api/documents"))
                        .header("Authorization", "Bearer " + as.token()).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"CASE_FILE\",\"caseId\":\"" + caseId + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(response.body())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replace("\n", "");
        }
    }

    /** Issue 12 item 2: the supervising unit, and what the engine proposes. */
    @Test
    void anotherCountysSupervisingUnitIsUnknownAndTheEngineProposesOnlyWithinTheCasesReach() {
        Http.Answer foreign = bReviewer.post("/api/cases", openBody("监管单位在别县", bUnit, aUnit, List.of(), null));
        String absentUnit = Uuids.v7();
        Http.Answer absent = bReviewer.post("/api/cases", openBody("监管单位在别县", bUnit, absentUnit, List.of(), null));
        assertThat(foreign.status()).isEqualTo(422);
        assertSameAnswer(foreign, aUnit, absent);
        // another county's subject unit, likewise
        assertSameAnswer(bReviewer.post("/api/cases", openBody("别县的单位", aUnit, null, List.of(), null)), aUnit,
                bReviewer.post("/api/cases", openBody("别县的单位", absentUnit, null, List.of(), null)));
        // naming it does not extend the reach, even for an administrator
        assertThat(admin.post("/api/cases", openBody("x", bUnit, aUnit, List.of(), null)).status()).isEqualTo(422);

        // a case over both counties, granted by an administrator at opening: the engine proposes A's pledge
        Http.Answer opened = admin.post("/api/cases", openBody("跨县案件", bUnit, aUnit, List.of(bReviewerName(), bInspectorName()), A));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String caseId = opened.field("id");
        assertThat(opened.body()).contains(aPledge);
        // the grant is taken back: a pledge of A signed afterwards is not proposed, the one proposed cannot be confirmed
        assertThat(admin.send("DELETE", "/api/cases/" + caseId + "/reach/" + A, null, null).status()).isEqualTo(200);
        String later = create("/api/pledges", pledge(aPerson, aUnit));
        assertThat(bReviewer.post("/api/cases/" + caseId + "/propose", "").body()).doesNotContain(later);
        assertThat(confirm(caseId, aPledge, 422).field("code")).isEqualTo("unknown_reference");
        assertThat(String.join("", feed(bDevice.http()))).doesNotContain(aPledge).doesNotContain(later);
        assertThat(bReviewer.get("/api/pledges/" + aPledge).status()).isEqualTo(404);
    }

    /** Issue 12 item 3: parties and action targets. */
    @Test
    void anotherCountysPeopleAndUnitsAreNeitherPartiesNorActionTargets() {
        String caseId = bCase(List.of());
        String ghost = Uuids.v7();
        Http.Answer party = bReviewer.post("/api/cases/" + caseId + "/parties", party(aPerson));
        assertThat(party.status()).isEqualTo(422);
        assertSameAnswer(party, aPerson, bReviewer.post("/api/cases/" + caseId + "/parties", party(ghost)));
        Http.Answer atPerson = bReviewer.post("/api/cases/" + caseId + "/actions", action("personId", aPerson));
        assertThat(atPerson.status()).isEqualTo(422);
        assertSameAnswer(atPerson, aPerson, bReviewer.post("/api/cases/" + caseId + "/actions", action("personId", ghost)));
        Http.Answer atUnit = bReviewer.post("/api/cases/" + caseId + "/actions", action("targetUnitId", aUnit));
        assertThat(atUnit.status()).isEqualTo(422);
        assertSameAnswer(atUnit, aUnit, bReviewer.post("/api/cases/" + caseId + "/actions", action("targetUnitId", ghost)));
        // nor named by a finding: the 案卷 prints the names its findings name (it read them as the system once)
        Http.Answer finding = bReviewer.post("/api/cases/" + caseId + "/findings",
                "{\"track\":\"LEADERSHIP\",\"text\":\"监管失职\",\"personIds\":[\"" + aPerson + "\"]}");
        assertThat(finding.status()).isEqualTo(422);
        assertThat(finding.field("field")).isEqualTo("/personIds/0");
        assertSameAnswer(finding, aPerson, bReviewer.post("/api/cases/" + caseId + "/findings",
                "{\"track\":\"LEADERSHIP\",\"text\":\"监管失职\",\"personIds\":[\"" + ghost + "\"]}"));
        String view = bReviewer.get("/api/cases/" + caseId).body();
        assertThat(view).doesNotContain(aPerson).doesNotContain("栖霞董事长甲").doesNotContain(aUnit);
        // found by a tester: B's reviewer printed a numbered hazard ledger of county A saying "合计：0项"
        Http.Answer ledger = bReviewer.post("/api/documents", "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"" + A + "\"}}");
        assertThat(ledger.status()).isEqualTo(403);
        assertThat(ledger.field("field")).isEqualTo("/filter/jurisdiction");
        assertThat(ledger.field("message")).startsWith("行政区划 " + A + " 不在您的管辖范围内");
        assertThat(bReviewer.get("/api/documents?kind=HAZARD_LEDGER").json().getAsJsonArray("items")).isEmpty();
        // B's own unit is a target as before
        assertThat(bReviewer.post("/api/cases/" + caseId + "/actions", action("targetUnitId", bUnit)).status()).isEqualTo(200);
    }

    /** Issue 12 item 5: investigators. */
    @Test
    void aReviewerNamesOnlyInvestigatorsWhoSeeTheCaseAlreadyAndNoUsersScopeChanges() {
        String aInspector = "a-inspector-" + suffix;
        Http.Answer foreign = bReviewer.post("/api/cases", openBody("x", bUnit, null, List.of(aInspector), null));
        Http.Answer absent = bReviewer.post("/api/cases", openBody("x", bUnit, null, List.of("nobody-" + suffix), null));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.field("code")).isEqualTo("unknown_reference");
        assertThat(foreign.field("message").replace(aInspector, "<u>")).isEqualTo(absent.field("message").replace("nobody-" + suffix, "<u>"));

        String caseId = bCase(List.of(bInspectorName()));
        Http.Answer changed = bReviewer.post("/api/cases/" + caseId + "/investigators",
                "{\"investigators\":[\"" + bInspectorName() + "\",\"" + aInspector + "\"]}");
        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.field("message")).isEqualTo("找不到用户 " + aInspector + "：服务器上没有，或不在您可查看的范围内");
        assertThat(admin.get("/api/admin/users/" + aInspector).json().getAsJsonArray("cases")).isEmpty();
        // the administrator may name them: audited, and still no user's own scope changes
        assertThat(admin.post("/api/cases/" + caseId + "/investigators",
                "{\"investigators\":[\"" + bInspectorName() + "\",\"" + aInspector + "\"]}").status()).isEqualTo(200);
        String trail = admin.get("/api/audit?record=" + caseId).body();
        assertThat(trail).contains("CASE_INVESTIGATORS_CHANGED").contains(aInspector);
        assertThat(admin.get("/api/admin/users/" + aInspector).json().getAsJsonArray("cases")).isEmpty();
        // a reviewer may take a name off (it gives nobody anything)
        assertThat(bReviewer.post("/api/cases/" + caseId + "/investigators", "{\"investigators\":[\"" + bInspectorName() + "\"]}")
                .status()).isEqualTo(200);
        // and changing a user's scope stays the administrator's, audited
        Http.Answer patch = bReviewer.patch("/api/admin/users/" + aInspector, "{\"cases\":[\"" + caseId + "\"]}", null);
        assertThat(patch.status()).isEqualTo(403);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /**
     * Nothing of A is read, listed, exported, bundled or fed to B's reviewer and B's inspector's
     * device; with {@code ids}, not even A's ids.
     */
    private void assertNothingOfAReaches(String caseId, boolean ids) {
        for (String path : List.of("/api/hazards/" + aHazard, "/api/hazards/" + aHazard + "/history", "/api/inspections/" + aInspection,
                "/api/pledges/" + aPledge, "/api/audit?record=" + aHazard, "/api/attachments/" + aPhoto)) {
            assertThat(bReviewer.get(path).status()).as(path).isEqualTo(404);
        }
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/api/hazards?jurisdiction=37", "/api/inspections?jurisdiction=37", "/api/pledges?jurisdiction=37",
                "/api/hazards/export?format=csv", "/api/sync/changes?since=0&limit=500")) {
            answers.add(bReviewer.get(path).body());
        }
        answers.addAll(feed(bDevice.http()));
        answers.addAll(feed(bReviewer));
        Http.Answer bundle = bReviewer.send("POST", "/api/bundles", "application/json", "{\"caseId\":\"" + caseId + "\"}");
        answers.add(bundle.body());
        for (String answer : answers) {
            assertThat(answer).doesNotContain(aPhoto).doesNotContain("栖霞");
            if (ids) {
                assertThat(answer).doesNotContain(aHazard).doesNotContain(aInspection).doesNotContain(aPledge).doesNotContain(aAttachment);
            }
        }
    }

    /** The same status, code, field and message, but for the id itself. */
    private static void assertSameAnswer(Http.Answer foreign, String foreignId, Http.Answer absent) {
        assertThat(foreign.status()).isEqualTo(absent.status());
        JsonObject f = foreign.json();
        JsonObject a = absent.json();
        for (String key : List.of("code", "field", "message", "title", "type")) {
            assertThat(text(f, key).replace(foreignId, "<id>")).as(key)
                    .isEqualTo(text(a, key).replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"));
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null ? "" : e.getAsString();
    }

    private String bCase(List<String> investigators) {
        Http.Answer opened = bReviewer.post("/api/cases", openBody("芝罘的案件", bUnit, null, investigators, null));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.field("id");
    }

    private Http.Answer link(String caseId, String type, String id) {
        return bReviewer.post("/api/cases/" + caseId + "/links", "{\"track\":\"DIRECT\",\"evidenceType\":\"" + type + "\",\"evidenceId\":\""
                + id + "\",\"role\":\"证据\",\"reason\":\"试探\"}");
    }

    private Http.Answer confirm(String caseId, String evidenceId, int status) {
        JsonObject view = bReviewer.get("/api/cases/" + caseId).json();
        String linkId = null;
        for (String track : List.of("DIRECT", "LEADERSHIP")) {
            for (JsonElement l : view.getAsJsonObject("tracks").getAsJsonObject(track).getAsJsonArray("links")) {
                if (l.getAsJsonObject().get("evidenceId").getAsString().equals(evidenceId) && linkId == null) {
                    linkId = l.getAsJsonObject().get("id").getAsString();
                }
            }
        }
        assertThat(linkId).as("a link to " + evidenceId).isNotNull();
        Http.Answer answer = bReviewer.post("/api/cases/" + caseId + "/links/" + linkId + "/confirm", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer;
    }

    private String bReviewerName() {
        return "b-reviewer-" + suffix;
    }

    private String bInspectorName() {
        return "b-inspector-" + suffix;
    }

    private static String openBody(String title, String unit, String supervising, List<String> investigators, String reach) {
        StringBuilder names = new StringBuilder();
        for (String name : investigators) {
            names.append(names.isEmpty() ? "" : ",").append('"').append(name).append('"');
        }
        return "{\"title\":\"" + title + "\",\"subjectUnitId\":\"" + unit + "\""
                + (supervising == null ? "" : ",\"supervisingUnitId\":\"" + supervising + "\"")
                + (reach == null ? "" : ",\"reach\":[\"" + reach + "\"]")
                + ",\"investigators\":[" + names + "],\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + EVENT
                + "T10:00:00+08:00\",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":500000}}";
    }

    private static String party(String person) {
        return "{\"track\":\"DIRECT\",\"personId\":\"" + person + "\",\"responsibility\":\"DIRECT\"}";
    }

    private static String action(String field, String id) {
        return "{\"track\":\"DIRECT\",\"" + field + "\":\"" + id + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}";
    }

    private String pledge(String person, String unit) {
        return "{\"kind\":\"SAFETY_PRODUCTION\",\"signer\":{\"personId\":\"" + person + "\",\"name\":\"栖霞董事长甲\",\"position\":\"董事长\",\"unitId\":\""
                + unit + "\"},\"period\":{\"from\":\"" + EVENT.minusMonths(6) + "\",\"to\":\"" + EVENT.plusMonths(6)
                + "\"},\"items\":[{\"commitment\":\"落实安全生产第一责任人职责\",\"target\":\"不发生较大事故\",\"assessmentStandard\":\"发生一起扣20分\"}],"
                + "\"signedAt\":\"" + EVENT.minusMonths(6) + "T09:00:00+08:00\"}";
    }

    private static String inspection(String unit) {
        return "{\"unitId\":\"" + unit + "\",\"startedAt\":\"" + EVENT.minusDays(10) + "T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"}],\"findings\":[\"消防通道堵塞\"]}";
    }

    private String create(String path, String body) {
        Http.Answer answer = admin.post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.field("id");
    }

    /** Every page of the caller's change feed. */
    private static List<String> feed(Http caller) {
        List<String> pages = new ArrayList<>();
        String since = "0";
        String scope = "";
        while (true) {
            Http.Answer page = caller.get("/api/sync/changes?since=" + since + "&scope=" + scope + "&limit=200");
            assertThat(page.status()).isEqualTo(200);
            pages.add(page.body());
            JsonObject json = page.json();
            since = json.get("nextCursor").getAsString();
            scope = json.get("scope").getAsString();
            if (!json.get("hasMore").getAsBoolean()) {
                return pages;
            }
        }
    }

    private static String sha(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
