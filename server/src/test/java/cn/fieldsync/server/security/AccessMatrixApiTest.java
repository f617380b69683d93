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
                row("POST record", (h, s) -> status(h.post("/api/hazards", hazard(s.unit))), "201 403 201 401", "403 403 201 401"),
                row("PATCH record", (h, s) -> status(h.patch("/api/hazards/" + s.hazard, "{\"responsiblePerson\":\"王某\"}", null)),
                        "200 403 200 401", "404 403 200 401"),
                row("push", (h, s) -> pushed(h.post("/api/sync/push", push(s.unit))), "200:applied 403 403 401",
                        "200:rejected:out_of_scope 403 403 401"),
                row("pull", (h, s) -> status(h.get("/api/sync/changes?since=0&limit=500")), "200 200 200 401", "200 200 200 401"),
                row("GET attachment", (h, s) -> status(h.get("/api/attachments/" + s.photo)), "200 200 200 401", "404 404 200 401"),
                row("HEAD attachment", (h, s) -> status(h.send("HEAD", "/api/attachments/" + s.photo, null, null)),
                        "200 403 200 401", "200 403 200 401"),
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
                row("enrol device", (h, s) -> status(h.post("/api/devices", "{\"name\":\"平板\"}")), "201 201 201 401", "201 201 201 401"),
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
                row("ledger export", (h, s) -> listed(h.get("/api/hazards/export?format=csv&unit=" + s.unit), s.hazard),
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
            assertThat(foreign.body().replace(probe[2], "ID")).as(probe[0]).isEqualTo(none.body().replace(absent, "ID"));
        }
        // another county's users as investigators: like unknown users
        TestUsers.createAccount(admin, "matrix-elsewhere", "REVIEWER", "370682");
        Http.Answer foreignUser = reviewer.post("/api/cases/" + mine.caseId + "/investigators", "{\"investigators\":[\"matrix-elsewhere\"]}");
        Http.Answer noUser = reviewer.post("/api/cases/" + mine.caseId + "/investigators", "{\"investigators\":[\"matrix-nobodyxx\"]}");
        assertThat(foreignUser.status()).as(foreignUser.body()).isEqualTo(422);
        assertThat(noUser.status()).isEqualTo(422);
        assertThat(foreignUser.body().replace("matrix-elsewhere", "U")).isEqualTo(noUser.body().replace("matrix-nobodyxx", "U"));
    }

    private static String fresh(Http admin, String path, String body) {
        Http.Answer created = admin.post(path, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    private static String linkBody(String type, String id) {
        return "{\"track\":\"DIRECT\",\"evidenceType\":\"" + type + "\",\"evidenceId\":\"" + id + "\",\"role\":\"证据\",\"reason\":\"试探\"}";
    }

    private static String person(String unit) {
        return "{\"name\":\"某人\",\"positions\":[{\"unitId\":\"" + unit + "\",\"post\":\"厂长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}";
    }

    private static String inspection(String unit) {
        return "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-10T09:00:00+08:00\",\"place\":{\"address\":\"化工园\"},"
                + "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"鲁应急执字37068600123\"}],\"findings\":[\"消防通道堵塞\"]}";
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
        String content = "photo of " + county;
        String photo = sha(content);
        assertThat(admin.send("PUT", "/api/attachments/" + photo, "application/octet-stream", content).status()).isEqualTo(201);
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
}
