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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every role × a record in the caller's county and one in another county →
 * the expected status; and no answer a non-administrator gets, by any endpoint, names anything
 * of the other county.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/access-matrix")
@AddConfig(key = "fieldsync.db.schema", value = "access_matrix")
class AccessMatrixApiTest {

    /** Columns of the expectations: INSPECTOR, REVIEWER, ADMIN, no token. */
    private static final String[] CALLERS = {"INSPECTOR", "REVIEWER", "ADMIN", "ANONYMOUS"};

    @Inject
    WebTarget target;

    /** What one side of the matrix works on: a unit, its hazard and that hazard's photo. */
    private record Side(String county, String unit, String hazard, String photo, String caseId) {
    }

    private record Row(String name, BiFunction<Http, Side, String> call, String inScope, String outOfScope) {
    }

    /** Only inspectors push, so only inspectors enrol devices; the others are told why in Chinese (a device of theirs could never sync). */
    @Test
    void onlyInspectorsEnrolDevicesAndTheOthersAreToldWhyInChinese() {
        Http admin = TestUsers.admin(target.getUri());
        Http reviewer = TestUsers.create(admin, "enrol-reviewer", "REVIEWER", "370686");
        for (Http caller : new Http[] {admin, reviewer}) {
            Http.Answer refused = caller.post("/api/devices", "{\"name\":\"平板\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.field("code")).isEqualTo("forbidden");
            assertThat(refused.field("message")).contains("只有检查员可以登记设备");
        }
        assertThat(reviewer.get("/api/devices").field("message")).as("the general refusal is in Chinese too").contains("审查人员无权执行此操作")
                .as("no request path in what people read").doesNotContain("/api").doesNotContain("GET");
        // found by a tester: an administrator's push was refused with the URL path in the message
        Http.Answer adminPush = admin.post("/api/sync/push", "{\"operations\":[]}");
        assertThat(adminPush.status()).isEqualTo(403);
        assertThat(adminPush.field("message")).contains("只有检查员登记的设备可以同步").doesNotContain("/api").doesNotContain("POST");
        assertThat(TestUsers.device(admin, "enrol-inspector").id()).isNotBlank();
    }

    @Test
    void everyEndpointAnswersEachRoleAsExpectedAndNothingLeaks() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Side mine = side(admin, "370686", "栖霞");
        Side other = side(admin, "370682", "莱阳");
        TestUsers.Device device = TestUsers.device(admin, "matrix-inspector");
        Http reviewer = TestUsers.create(admin, "matrix-reviewer", "REVIEWER", "370686");
        TestUsers.createAccount(admin, "matrix-other", "INSPECTOR", "370682");
        Http[] callers = {device.http(), reviewer, admin, new Http(target.getUri())};

        List<Row> rows = List.of(
                row("GET record", (h, s) -> status(h.get("/api/hazards/" + s.hazard)), "200 200 200 401", "404 404 200 401"),
                row("GET history", (h, s) -> status(h.get("/api/hazards/" + s.hazard + "/history")), "200 200 200 401", "404 404 200 401"),
                row("GET unit", (h, s) -> status(h.get("/api/units/" + s.unit)), "200 200 200 401", "404 404 200 401"),
                row("GET list", (h, s) -> listed(h.get("/api/hazards?unit=" + s.unit), s.hazard), "200:1 200:1 200:1 401", "200:0 200:0 200:1 401"),
                // a hazard for another county's unit: that unit is answered as absent (unknown_reference)
                row("POST record", (h, s) -> status(h.post("/api/hazards", hazard(s.unit))), "201 403 201 401", "422 403 201 401"),
                row("PATCH record", (h, s) -> status(h.patch("/api/hazards/" + s.hazard, "{\"responsiblePerson\":\"王某\"}", null)),
                        "200 403 200 401", "404 403 200 401"),
                row("push", (h, s) -> pushed(h.post("/api/sync/push", push(s.unit))), "200:applied 403 403 401",
                        "200:rejected:out_of_scope 403 403 401"),
                row("pull", (h, s) -> status(h.get("/api/sync/changes?since=0&limit=500")), "200 200 200 401", "200 200 200 401"),
                row("GET attachment", (h, s) -> status(h.get("/api/attachments/" + s.photo)), "200 200 200 401", "404 404 200 401"),
                row("HEAD attachment", (h, s) -> status(h.send("HEAD", "/api/attachments/" + s.photo, null, null)),
                        "200 403 200 401", "404 403 200 401"),
                row("PUT attachment", (h, s) -> status(h.send("PUT", "/api/attachments/" + sha("x" + s.county), "application/octet-stream",
                        "x" + s.county)), "201 403 200 401", "201 403 200 401"),
                row("bundle", (h, s) -> status(h.post("/api/bundles", "{\"recordIds\":[\"" + s.hazard + "\"]}")),
                        "403 200 200 401", "403 404 200 401"),
                row("audit trail", (h, s) -> status(h.get("/api/audit?record=" + s.hazard)), "403 200 200 401", "403 404 200 401"),
                row("audit log", (h, s) -> status(h.get("/api/audit")), "403 403 200 401", "403 403 200 401"),
                row("audit verify", (h, s) -> status(h.get("/api/audit/verify")), "403 403 200 401", "403 403 200 401"),
                row("audit key", (h, s) -> status(h.get("/api/audit/key")), "200 200 200 401", "200 200 200 401"),
                row("audit checkpoints", (h, s) -> status(h.get("/api/audit/checkpoints")), "403 403 200 401", "403 403 200 401"),
                row("audit checkpoint now", (h, s) -> status(h.post("/api/audit/checkpoint", "")), "403 403 200 401", "403 403 200 401"),
                row("conflicts", (h, s) -> status(h.get("/api/conflicts")), "403 403 200 401", "403 403 200 401"),
                row("conflict", (h, s) -> status(h.get("/api/conflicts/" + Uuids.v7())), "404 404 404 401", "404 404 404 401"),
                row("resolve", (h, s) -> status(h.post("/api/conflicts/" + Uuids.v7() + "/resolve", "{\"resolution\":\"SERVER\"}")),
                        "403 403 404 401", "403 403 404 401"),
                row("rejected ops", (h, s) -> status(h.get("/api/sync/rejected")), "403 403 200 401", "403 403 200 401"),
                row("enrol device", (h, s) -> status(h.post("/api/devices", "{\"name\":\"平板\"}")), "201 403 403 401", "201 403 403 401"),
                row("devices", (h, s) -> status(h.get("/api/devices")), "403 403 200 401", "403 403 200 401"),
                row("revoke device", (h, s) -> status(h.post("/api/devices/" + Uuids.v7() + "/revoke", "{}")), "403 403 404 401",
                        "403 403 404 401"),
                row("quarantine", (h, s) -> status(h.get("/api/devices/quarantine")), "403 403 200 401", "403 403 200 401"),
                row("users", (h, s) -> status(h.get("/api/admin/users")), "403 403 200 401", "403 403 200 401"),
                row("jurisdictions", (h, s) -> listed(h.get("/api/admin/jurisdictions"), "\"" + s.county + "\""),
                        "403 403 200:1 401", "403 403 200:1 401"),
                row("create user", (h, s) -> status(h.post("/api/admin/users", "{\"username\":\"u" + Uuids.v7().substring(24)
                        + "\",\"password\":\"long-enough-pw\",\"role\":\"INSPECTOR\",\"jurisdictions\":[\"" + s.county + "\"]}")),
                        "403 403 201 401", "403 403 201 401"),
                row("change user", (h, s) -> status(h.patch("/api/admin/users/matrix-reviewer", "{\"jurisdictions\":[\"370686\"]}", null)),
                        "403 403 200 401", "403 403 200 401"),
                row("me", (h, s) -> status(h.get("/api/auth/me")), "200 200 200 401", "200 200 200 401"),
                // the ledger's 编号 is the unit's name and the id's last eight characters (HazardLedger#number)
                row("ledger export", (h, s) -> listed(h.get("/api/hazards/export?format=csv&unit=" + s.unit),
                                s.hazard.substring(s.hazard.length() - 8)),
                        "200:1 200:1 200:1 401", "200:0 200:0 200:1 401"),
                row("open case", (h, s) -> status(h.post("/api/cases", openCase(s.unit))), "403 201 201 401", "403 422 201 401"),
                row("list cases", (h, s) -> listed(h.get("/api/cases"), s.caseId), "403 200:1 200:1 401", "403 200:0 200:1 401"),
                row("GET case", (h, s) -> status(h.get("/api/cases/" + s.caseId)), "403 200 200 401", "403 404 200 401"),
                row("case finding", (h, s) -> status(h.post("/api/cases/" + s.caseId + "/findings",
                        "{\"track\":\"DIRECT\",\"text\":\"认定\"}")), "403 200 200 401", "403 404 200 401"),
                row("case bundle", (h, s) -> status(h.post("/api/bundles", "{\"caseId\":\"" + s.caseId + "\"}")),
                        "403 404 404 401", "403 404 404 401"),
                // the cross-county attacker on the case endpoints: on a case of the caller's county, the other
                // county's records, people, units and users are refused as unknown — for the administrator
                // too, whose case has not been granted that county (issue 12)
                row("case supervising unit", (h, s) -> status(h.post("/api/cases", openCase(mine.unit, s.unit))),
                        "403 201 201 401", "403 422 422 401"),
                row("case link", (h, s) -> status(h.post("/api/cases/" + mine.caseId + "/links", linkBody("hazard", fresh(admin,
                        "/api/hazards", hazard(s.unit))))), "403 200 200 401", "403 422 422 401"),
                row("case party", (h, s) -> status(h.post("/api/cases/" + mine.caseId + "/parties", "{\"track\":\"DIRECT\",\"personId\":\""
                        + fresh(admin, "/api/persons", person(s.unit)) + "\",\"responsibility\":\"DIRECT\"}")),
                        "403 200 200 401", "403 422 422 401"),
                row("case action", (h, s) -> status(h.post("/api/cases/" + mine.caseId + "/actions", "{\"track\":\"DIRECT\",\"targetUnitId\":\""
                        + s.unit + "\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}")), "403 200 200 401", "403 422 422 401"),
                row("case investigators", (h, s) -> status(h.post("/api/cases/" + mine.caseId + "/investigators", "{\"investigators\":[\""
                        + (s == mine ? "matrix-inspector" : "matrix-other") + "\"]}")), "403 200 200 401", "403 422 200 401"),
                row("case reach", (h, s) -> status(h.post("/api/cases/" + s.caseId + "/reach", "{\"jurisdictions\":[\"" + s.county + "\"]}")),
                        "403 403 200 401", "403 403 200 401"));

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            for (int scope = 0; scope < 2; scope++) {
                Side side = scope == 0 ? mine : other;
                String[] expected = (scope == 0 ? row.inScope : row.outOfScope).split(" ");
                for (int c = 0; c < CALLERS.length; c++) {
                    String actual = row.call.apply(callers[c], side);
                    if (!actual.equals(expected[c])) {
                        wrong.add(row.name + " " + (scope == 0 ? "in scope" : "out of scope") + " as " + CALLERS[c]
                                + ": expected " + expected[c] + ", got " + actual);
                    }
                }
            }
        }
        assertThat(wrong).as("answers not as the matrix says").isEmpty();

        // zero leaks: every read a non-administrator can make, and the whole change feed, name nothing of the other county
        List<String> secrets = List.of(other.unit, other.hazard, other.photo, other.caseId, "莱阳");
        for (Http caller : new Http[] {device.http(), reviewer}) {
            List<String> answers = new ArrayList<>();
            for (String path : List.of("/api/hazards", "/api/units", "/api/inspections", "/api/persons", "/api/pledges",
                    "/api/hazards?jurisdiction=37", "/api/units?jurisdiction=370682", "/api/auth/me", "/api/cases",
                    "/api/hazards/export?format=csv", "/api/sync/changes?since=0&limit=500")) {
                answers.add(caller.get(path).body());
            }
            answers.addAll(feed(caller));
            for (String answer : answers) {
                for (String secret : secrets) {
                    assertThat(answer).as("an answer to a caller of 370686").doesNotContain(secret);
                }
            }
        }
        assertThat(String.join("", feed(admin))).contains(other.hazard);

        // the oracle: on the case endpoints "another county's" is answered exactly as "does not exist"
        String otherPerson = fresh(admin, "/api/persons", person(other.unit));
        String otherInspection = fresh(admin, "/api/inspections", inspection(other.unit));
        String[][] probes = {
                {"/api/cases", "{\"title\":\"x\",\"subjectUnitId\":\"ID\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}", other.unit},
                {"/api/cases", openCase(mine.unit, "ID"), other.unit},
                {"/api/cases/" + mine.caseId + "/links", linkBody("hazard", "ID"), other.hazard},
                {"/api/cases/" + mine.caseId + "/links", linkBody("inspection", "ID"), otherInspection},
                {"/api/cases/" + mine.caseId + "/links", linkBody("case", "ID"), other.caseId},
                {"/api/cases/" + mine.caseId + "/parties", "{\"track\":\"DIRECT\",\"personId\":\"ID\",\"responsibility\":\"DIRECT\"}", otherPerson},
                {"/api/cases/" + mine.caseId + "/actions", "{\"track\":\"DIRECT\",\"personId\":\"ID\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}", otherPerson},
                {"/api/cases/" + mine.caseId + "/actions", "{\"track\":\"DIRECT\",\"targetUnitId\":\"ID\",\"form\":{\"category\":\"WARNING\",\"kind\":\"TALK\"}}", other.unit},
                {"/api/cases/ID", null, other.caseId},
                {"/api/cases/ID/findings", "{\"track\":\"DIRECT\",\"text\":\"认定\"}", other.caseId}};
        for (String[] probe : probes) {
            String absent = Uuids.v7();
            Http.Answer foreign = probe[1] == null ? reviewer.get(probe[0].replace("ID", probe[2]))
                    : reviewer.post(probe[0].replace("ID", probe[2]), probe[1].replace("ID", probe[2]));
            Http.Answer none = probe[1] == null ? reviewer.get(probe[0].replace("ID", absent))
                    : reviewer.post(probe[0].replace("ID", absent), probe[1].replace("ID", absent));
            assertThat(foreign.status()).as(probe[0] + " " + foreign.body()).isIn(404, 422);
            assertThat(foreign.status()).as(probe[0]).isEqualTo(none.status());
            assertThat(foreign.bodyWithoutRequestId().replace(probe[2], "ID")).as(probe[0]).isEqualTo(none.bodyWithoutRequestId().replace(absent, "ID"));
        }
        // another county's users as investigators: like unknown users
        TestUsers.createAccount(admin, "matrix-elsewhere", "REVIEWER", "370682");
        Http.Answer foreignUser = reviewer.post("/api/cases/" + mine.caseId + "/investigators", "{\"investigators\":[\"matrix-elsewhere\"]}");
        Http.Answer noUser = reviewer.post("/api/cases/" + mine.caseId + "/investigators", "{\"investigators\":[\"matrix-nobodyxx\"]}");
        assertThat(foreignUser.status()).as(foreignUser.body()).isEqualTo(422);
        assertThat(noUser.status()).isEqualTo(422);
        assertThat(foreignUser.bodyWithoutRequestId().replace("matrix-elsewhere", "U")).isEqualTo(noUser.bodyWithoutRequestId().replace("matrix-nobodyxx", "U"));
    }

    private static String fresh(Http admin, String path, String body) {
        Http.Answer created = admin.post(path, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    private static String linkBody(String type, String id) {
        return "{\"track\":\"DIRECT\",\"evidenceType\":\"" + type + "\",\"evidenceId\":\"" + id + "\",\"role\":\"证据\",\"reason\":\"试探\"}";
    }

    private static String openCase(String unit, String supervising) {
        return "{\"title\":\"某事故\",\"subjectUnitId\":\"" + unit + "\",\"supervisingUnitId\":\"" + supervising
                + "\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}";
    }

    private static Row row(String name, BiFunction<Http, Side, String> call, String inScope, String outOfScope) {
        return new Row(name, call, inScope, outOfScope);
    }

    private static String status(Http.Answer answer) {
        return String.valueOf(answer.status());
    }

    private static String listed(Http.Answer answer, String id) {
        return answer.status() != 200 ? status(answer) : "200:" + (answer.body().contains(id) ? 1 : 0);
    }

    private static String pushed(Http.Answer answer) {
        if (answer.status() != 200) {
            return status(answer);
        }
        JsonObject first = answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
        return "200:" + first.get("status").getAsString() + (first.has("code") ? ":" + first.get("code").getAsString() : "");
    }

    /** Every page of the caller's change feed. */
    private static List<String> feed(Http caller) {
        List<String> pages = new ArrayList<>();
        String since = "0";
        String scope = "";
        while (true) {
            Http.Answer page = caller.get("/api/sync/changes?since=" + since + "&scope=" + scope + "&limit=50");
            assertThat(page.status()).isEqualTo(200);
            pages.add(page.body());
            JsonObject json = page.json();
            since = json.get("nextCursor").getAsString();
            scope = json.get("scope").getAsString();
            JsonElement more = json.get("hasMore");
            if (!more.getAsBoolean()) {
                return pages;
            }
        }
    }

    private Side side(Http admin, String county, String name) throws Exception {
        String unit = admin.post("/api/units", "{\"name\":\"" + name + "某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\""
                + county + "\"}").field("id");
        byte[] content = cn.fieldsync.server.testing.TestAttachments.image("photo.jpg", "photo of " + county);
        String photo = sha(content);
        assertThat(admin.sendBytes("PUT", "/api/attachments/" + photo, "application/octet-stream", content).status()).isEqualTo(201);
        JsonObject hazard = new com.google.gson.JsonParser().parse(hazard(unit)).getAsJsonObject();
        com.google.gson.JsonArray photos = new com.google.gson.JsonArray();
        photos.add(photo);
        hazard.add("photos", photos);
        String id = admin.post("/api/hazards", hazard.toString()).field("id");
        Http.Answer opened = admin.post("/api/cases", openCase(unit));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return new Side(county, unit, id, photo, opened.field("id"));
    }

    private static String openCase(String unit) {
        return "{\"title\":\"某事故\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}";
    }

    private static String hazard(String unit) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\"}";
    }

    private static String push(String unit) {
        return "{\"operations\":[{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"hazard\",\"id\":\"" + Uuids.v7()
                + "\",\"baseVersion\":0,\"fields\":" + hazard(unit) + "}]}";
    }

    private static String sha(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- issue 12, item 4: attachments follow the records that name them --------------------------

    private static final String COUNTY_A = "370686";
    private static final String COUNTY_B = "370602";

    @Test
    void aFileIsReachedOnlyThroughARecordInScopeThatNamesItAndUploadsTellNothingAboutOthersFiles() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unitA = unit(admin, COUNTY_A, "栖霞某矿业公司");
        String unitB = unit(admin, COUNTY_B, "芝罘某物流公司");
        Http inspectorA = TestUsers.create(admin, "hash-owner-a", "INSPECTOR", COUNTY_A);
        Http inspectorB = TestUsers.create(admin, "hash-thief-b", "INSPECTOR", COUNTY_B);
        Http reviewerB = TestUsers.create(admin, "hash-reviewer-b", "REVIEWER", COUNTY_B);

        byte[] photo = cn.fieldsync.server.testing.TestAttachments.image("site.jpg", "A县检查现场照片：消防通道堵塞");
        String sha = sha(photo);
        assertThat(raw(inspectorA, "PUT", sha, null, photo).statusCode()).isEqualTo(201);
        assertThat(inspectorA.post("/api/hazards", hazardWith(unitA, ",\"photos\":[\"" + sha + "\"]")).status()).isEqualTo(201);
        assertThat(inspectorA.get("/api/attachments/" + sha).status()).isEqualTo(200);

        // B knows the hash: nothing of the file reaches B, and HEAD answers as for a hash never seen
        String never = sha("never uploaded".getBytes(StandardCharsets.UTF_8));
        for (Http b : new Http[] {inspectorB, reviewerB}) {
            Http.Answer got = b.get("/api/attachments/" + sha);
            Http.Answer absent = b.get("/api/attachments/" + never);
            assertThat(got.status()).isEqualTo(404);
            assertThat(same(got, absent, sha, never)).as("GET of A's file and of an unknown file").isTrue();
        }
        HttpResponse<String> head = raw(inspectorB, "HEAD", sha, null, null);
        HttpResponse<String> headNever = raw(inspectorB, "HEAD", never, null, null);
        assertThat(head.statusCode()).isEqualTo(404).isEqualTo(headNever.statusCode());
        assertThat(head.headers().firstValue("X-Fieldsync-Received")).contains("0");
        assertThat(head.headers().firstValue("X-Fieldsync-Complete")).contains("false");

        // the hash written into free text grants nothing
        assertThat(inspectorB.post("/api/hazards", hazardWith(unitB, "").replace("消防通道堵塞", "见照片 " + sha)).status()).isEqualTo(201);
        assertThat(inspectorB.get("/api/attachments/" + sha).status()).isEqualTo(404);
        assertThat(reviewerB.get("/api/attachments/" + sha).status()).isEqualTo(404);

        // ... and into an attachment field it is refused exactly like a file never uploaded
        Http.Answer named = inspectorB.post("/api/hazards", hazardWith(unitB, ",\"photos\":[\"" + sha + "\"]"));
        Http.Answer namedNever = inspectorB.post("/api/hazards", hazardWith(unitB, ",\"photos\":[\"" + never + "\"]"));
        assertThat(named.status()).isEqualTo(422);
        assertThat(named.field("code")).isEqualTo("attachment_missing");
        assertThat(same(named, namedNever, sha, never)).as(named.body() + " vs " + namedNever.body()).isTrue();
        // a device's push too: the record waits for its photo, as for one never uploaded
        TestUsers.Device deviceB = TestUsers.device(admin, "hash-thief-b");
        Http.Answer pushed = deviceB.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7()
                + "\",\"type\":\"hazard\",\"id\":\"" + Uuids.v7() + "\",\"baseVersion\":0,\"fields\":"
                + hazardWith(unitB, ",\"photos\":[\"" + sha + "\"]") + "}]}");
        assertThat(pushed.json().getAsJsonArray("answers").get(0).getAsJsonObject().get("code").getAsString()).isEqualTo("attachment_missing");
        assertThat(inspectorB.get("/api/attachments/" + sha).status()).isEqualTo(404);
        assertThat(admin.get("/api/attachments/" + sha).status()).isEqualTo(200);

        // A's partial upload: B learns nothing of it and cannot disturb it
        // a scanned page named as a hazard's photo: an image (the server checks a photo's first bytes)
        byte[] report = cn.fieldsync.server.testing.TestAttachments.image("scan.jpg", "A县检查记录扫描件 " + "0123456789".repeat(20));
        String reportSha = sha(report);
        int half = report.length / 2;
        assertThat(raw(inspectorA, "PUT", reportSha, "bytes 0-" + (half - 1) + "/" + report.length,
                java.util.Arrays.copyOfRange(report, 0, half)).statusCode()).isEqualTo(200);
        HttpResponse<String> peek = raw(inspectorB, "HEAD", reportSha, null, null);
        assertThat(peek.statusCode()).isEqualTo(404);
        assertThat(peek.headers().firstValue("X-Fieldsync-Received")).contains("0");
        byte[] badHalf = new byte[report.length - half];
        java.util.Arrays.fill(badHalf, (byte) 'x');
        HttpResponse<String> secondHalf = raw(inspectorB, "PUT", reportSha, "bytes " + half + "-" + (report.length - 1) + "/" + report.length, badHalf);
        assertThat(secondHalf.statusCode()).as(secondHalf.body()).isEqualTo(409);
        assertThat(secondHalf.body()).contains("upload_offset_mismatch").contains("服务器已收到附件").contains("的前 0 字节");
        byte[] wrongWhole = new byte[report.length];
        java.util.Arrays.fill(wrongWhole, (byte) 'y');
        HttpResponse<String> wrong = raw(inspectorB, "PUT", reportSha, null, wrongWhole);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.body()).contains("hash_mismatch");
        HttpResponse<String> resume = raw(inspectorA, "HEAD", reportSha, null, null);
        assertThat(resume.statusCode()).isEqualTo(200);
        assertThat(resume.headers().firstValue("X-Fieldsync-Received")).contains(String.valueOf(half));
        assertThat(raw(inspectorA, "PUT", reportSha, "bytes " + half + "-" + (report.length - 1) + "/" + report.length,
                java.util.Arrays.copyOfRange(report, half, report.length)).statusCode()).isEqualTo(201);
        // the uploader names its own file before any record does (a device uploads, then pushes)
        assertThat(inspectorA.post("/api/hazards", hazardWith(unitA, ",\"photos\":[\"" + reportSha + "\"]")).status()).isEqualTo(201);

        // whoever holds the very bytes proves it by sending them all: answered as their own upload, and theirs to use
        HttpResponse<String> proved = raw(inspectorB, "PUT", sha, null, photo);
        assertThat(proved.statusCode()).as(proved.body()).isEqualTo(201);
        assertThat(raw(inspectorB, "HEAD", sha, null, null).headers().firstValue("X-Fieldsync-Complete")).contains("true");
        assertThat(inspectorB.post("/api/hazards", hazardWith(unitB, ",\"photos\":[\"" + sha + "\"]")).status()).isEqualTo(201);
        assertThat(inspectorB.get("/api/attachments/" + sha).status()).isEqualTo(200);
    }

    // ---- issue 12, item 6: "another county's" is answered exactly like "does not exist" ------------

    @Test
    void everyWriteProbeAnswersAnotherCountysRecordExactlyLikeOneThatDoesNotExist() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unitA = unit(admin, COUNTY_A, "栖霞某化工公司");
        String unitB = unit(admin, COUNTY_B, "芝罘某化工公司");
        String hazardA = admin.post("/api/hazards", hazard(unitA)).field("id");
        String inspectionA = admin.post("/api/inspections", inspection(unitA)).field("id");
        String personA = admin.post("/api/persons", person(unitA)).field("id");
        String pledgeA = admin.post("/api/pledges", pledge(personA, unitA, null)).field("id");
        String personB = admin.post("/api/persons", person(unitB)).field("id");
        String hazardB = admin.post("/api/hazards", hazard(unitB)).field("id");
        Http b = TestUsers.create(admin, "oracle-b", "INSPECTOR", COUNTY_B);

        // probe name → (answer for A's record, answer for an id that exists nowhere)
        record Probe(String name, String foreign, java.util.function.Function<String, Http.Answer> call) {
        }
        String absent = Uuids.v7();
        List<Probe> probes = List.of(
                new Probe("PATCH hazard", hazardA, id -> b.patch("/api/hazards/" + id, "{\"responsiblePerson\":\"王某\"}", null)),
                new Probe("PATCH unit", unitA, id -> b.patch("/api/units/" + id, "{\"name\":\"改名\"}", null)),
                new Probe("PATCH inspection", inspectionA, id -> b.patch("/api/inspections/" + id, "{\"findings\":[\"无\"]}", null)),
                new Probe("PATCH pledge", pledgeA, id -> b.patch("/api/pledges/" + id, "{\"kind\":\"SAFETY_PRODUCTION\"}", null)),
                new Probe("PATCH person", personA, id -> b.patch("/api/persons/" + id, "{\"name\":\"某人\"}", null)),
                new Probe("hazard unitId", unitA, id -> b.post("/api/hazards", hazard(id))),
                new Probe("hazard inspectionId", inspectionA, id -> b.post("/api/hazards", hazardWith(unitB, ",\"inspectionId\":\"" + id + "\""))),
                new Probe("inspection unitId", unitA, id -> b.post("/api/inspections", inspection(id))),
                new Probe("inspection amends", inspectionA, id -> b.post("/api/inspections",
                        inspection(unitB).replace("{\"unitId\"", "{\"amends\":\"" + id + "\",\"unitId\""))),
                new Probe("pledge signer unit", unitA, id -> b.post("/api/pledges", pledge(personB, id, null))),
                new Probe("pledge amends", pledgeA, id -> b.post("/api/pledges", pledge(personB, unitB, id))),
                new Probe("unit supervisingUnitId", unitA, id -> b.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\","
                        + "\"jurisdictionCode\":\"" + COUNTY_B + "\",\"supervisingUnitId\":\"" + id + "\"}")),
                new Probe("person position unit", unitA, id -> b.post("/api/persons", person(id))),
                new Probe("PATCH hazard to A's unit", unitA, id -> b.patch("/api/hazards/" + hazardB, "{\"unitId\":\"" + id + "\"}", null)),
                new Probe("PATCH hazard to A's inspection", inspectionA, id -> b.patch("/api/hazards/" + hazardB,
                        "{\"inspectionId\":\"" + id + "\"}", null)));
        List<String> differ = new ArrayList<>();
        for (Probe probe : probes) {
            Http.Answer foreign = probe.call.apply(probe.foreign);
            Http.Answer none = probe.call.apply(absent);
            if (foreign.status() < 400 || !same(foreign, none, probe.foreign, absent)) {
                differ.add(probe.name + ": " + foreign.status() + " " + foreign.body() + " vs " + none.status() + " " + none.body());
            }
            assertThat(foreign.body()).as(probe.name).doesNotContain(COUNTY_A).doesNotContain("栖霞");
        }
        assertThat(differ).as("probes that tell another county's record from none").isEmpty();
        assertThat(admin.get("/api/hazards/" + hazardB).field("inspectionId")).isNull();

        // a create under an id that is taken: the one answer whoever's record holds it (an id is taken
        // once, anywhere; it names neither the record's type nor its county)
        Http.Answer takenThere = b.post("/api/hazards", hazardWith(unitB, ",\"id\":\"" + hazardA + "\""));
        Http.Answer takenHere = b.post("/api/hazards", hazardWith(unitB, ",\"id\":\"" + hazardB + "\""));
        assertThat(takenThere.status()).isEqualTo(409);
        assertThat(same(takenThere, takenHere, hazardA, hazardB)).as(takenThere.body() + " vs " + takenHere.body()).isTrue();
        Http.Answer unitTaken = b.post("/api/units", "{\"id\":\"" + unitA + "\",\"name\":\"某公司\",\"kind\":\"ENTERPRISE\","
                + "\"jurisdictionCode\":\"" + COUNTY_B + "\"}");
        assertThat(same(unitTaken, takenHere, unitA, hazardB)).as(unitTaken.body()).isTrue();

        // a record placed out of scope names no place
        Http.Answer placed = b.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + COUNTY_A + "\"}");
        assertThat(placed.field("code")).isEqualTo("out_of_scope");
        assertThat(placed.body()).doesNotContain(COUNTY_A);

        // a device's push on A's record: held as out of scope (see README), telling neither type nor county
        TestUsers.Device device = TestUsers.device(admin, "oracle-b");
        for (String type : List.of("hazard", "unit")) {
            Http.Answer pushed = device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7()
                    + "\",\"type\":\"" + type + "\",\"id\":\"" + hazardA + "\",\"baseVersion\":1,\"fields\":{\"responsiblePerson\":\"王某\"}}]}");
            JsonObject answer = pushed.json().getAsJsonArray("answers").get(0).getAsJsonObject();
            assertThat(answer.get("code").getAsString()).as(pushed.body()).isEqualTo("out_of_scope");
            assertThat(pushed.body()).doesNotContain(COUNTY_A).doesNotContain("a hazard, not");
        }
        Http.Answer linked = device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7()
                + "\",\"type\":\"hazard\",\"id\":\"" + Uuids.v7() + "\",\"baseVersion\":0,\"fields\":"
                + hazardWith(unitB, ",\"inspectionId\":\"" + inspectionA + "\"") + "}]}");
        assertThat(linked.json().getAsJsonArray("answers").get(0).getAsJsonObject().get("status").getAsString())
                .as(linked.body()).isEqualTo("rejected");
        assertThat(linked.body()).doesNotContain(COUNTY_A);

        // anonymous /health: up or down, no count of anything
        Http.Answer health = new Http(target.getUri()).get("/health");
        assertThat(health.field("status")).isEqualTo("UP");
        assertThat(health.body()).doesNotContain("changes");
    }

    /** Two answers alike in status and body once the ids each names are put aside. */
    private static boolean same(Http.Answer one, Http.Answer other, String oneId, String otherId) {
        return one.status() == other.status()
                && one.bodyWithoutRequestId().replace(oneId, "ID").equals(other.bodyWithoutRequestId().replace(otherId, "ID"));
    }

    private static String unit(Http admin, String county, String name) {
        Http.Answer made = admin.post("/api/units", "{\"name\":\"" + name + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + county + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.field("id");
    }

    private static String hazardWith(String unit, String extra) {
        String plain = hazard(unit);
        return plain.substring(0, plain.length() - 1) + extra + "}";
    }

    private static String inspection(String unit) {
        return "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"}],\"findings\":[\"消防通道堵塞\"]}";
    }

    private static String person(String unit) {
        return "{\"name\":\"某董事长\",\"positions\":[{\"unitId\":\"" + unit + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\","
                + "\"from\":\"2020-01-01\"}]}";
    }

    private static String pledge(String person, String unit, String amends) {
        return "{" + (amends == null ? "" : "\"amends\":\"" + amends + "\",") + "\"kind\":\"SAFETY_PRODUCTION\",\"signer\":{\"personId\":\""
                + person + "\",\"name\":\"某董事长\",\"position\":\"董事长\",\"unitId\":\"" + unit + "\"},"
                + "\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"},\"items\":[{\"commitment\":\"落实安全生产第一责任人职责\","
                + "\"target\":\"不发生较大事故\",\"assessmentStandard\":\"发生一起扣20分\"}]}";
    }

    /** A request with the caller's token, where the answer's headers matter (HEAD, resumable PUT). */
    private static HttpResponse<String> raw(Http who, String method, String sha, String range, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(who.base().resolve("/api/attachments/" + sha))
                .header("Authorization", "Bearer " + who.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/octet-stream");
        }
        if (range != null) {
            request.header("Content-Range", range);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String sha(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
