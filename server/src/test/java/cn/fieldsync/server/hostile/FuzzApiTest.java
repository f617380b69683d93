package cn.fieldsync.server.hostile;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated bad requests across the API: malformed JSON, wrong types, unknown
 * fields, very long strings, control characters, path traversal, SQL metacharacters, invalid
 * UUIDs, hashes, dates and numbers, duplicate keys, huge arrays, deep nesting, wrong content
 * types. Every one gets a 4xx problem with a code; none gets a 5xx; the stored evidence
 * (records, their versions, conflicts, devices) is byte for byte what it was.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/fuzz-api")
@AddConfig(key = "fieldsync.db.schema", value = "fuzz_api")
class FuzzApiTest {

    private static final int REQUESTS = Integer.getInteger("fieldsync.test.fuzz-requests", 2000);
    private static final List<String> TABLES = List.of("record", "record_version", "sync_conflict", "device", "app_user",
            "app_user_jurisdiction", "app_user_unit", "app_user_case",
            "case_file", "case_investigator", "case_party", "case_finding", "evidence_link", "accountability_action");

    @Inject
    WebTarget target;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void badRequestsAreRefusedWithProblemsAndChangeNothing() throws Exception {
        Http http = TestUsers.admin(target.getUri());
        String unit = http.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String hazard = http.post("/api/hazards", "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\","
                + "\"description\":\"消防通道堵塞\",\"foundAt\":\"2026-11-20T09:30:00Z\",\"deadline\":\"2026-11-27\"}").field("id");
        TestUsers.Device inspector = TestUsers.device(http, "fuzz-inspector");
        String device = inspector.id();
        String reviewer = TestUsers.create(http, "fuzz-reviewer", "REVIEWER", TestUsers.COUNTY).token();
        // most requests come with a valid token, so that they reach the checks behind the login
        String[] authorizations = {"Bearer " + http.token(), "Bearer " + http.token(), "Bearer " + inspector.http().token(),
                "Bearer " + inspector.http().token(), "Bearer " + inspector.http().token(), "Bearer " + reviewer, null,
                "Bearer not-a-token", "Basic YWRtaW46YWRtaW4=", "Bearer " + "x".repeat(5000)};
        String before = digest();

        Random random = new Random(Long.getLong("fieldsync.test.seed", 20261127L));
        Generators generators = new Generators(random, unit, hazard, device);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Generators.Bad bad = generators.next();
            HttpResponse<String> answer;
            try {
                HttpRequest request = bad.request().apply(target.getUri());
                String authorization = authorizations[random.nextInt(authorizations.length)];
                if (authorization != null && !bad.description().startsWith("POST /api/auth/")) {
                    request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", authorization).build();
                }
                answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // the server may close a connection on a grossly malformed request: that is a refusal, not a crash
                continue;
            }
            String problem = check(bad, answer);
            if (problem != null) {
                failures.add(bad.description() + " → " + answer.statusCode() + " " + problem + ": "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
        }
        assertThat(failures).as("requests not refused properly").isEmpty();
        assertThat(digest()).as("stored evidence changed").isEqualTo(before);
        assertThat(http.get("/health").field("status")).isEqualTo("UP");
    }

    private static String check(Generators.Bad bad, HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status < 400 || status >= 500) {
            return "not a 4xx";
        }
        if (bad.method().equals("HEAD")) {
            return null;
        }
        try {
            JsonObject problem = StrictJson.parseObject(answer.body());
            if (!problem.has("code") || problem.get("code").getAsString().isBlank() || !problem.has("message")) {
                return "no code";
            }
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return "not a problem document";
        }
        return null;
    }

    private String digest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = TestDatabases.connect("target/test-data/fuzz-api", "fuzz_api"); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            sha.update(String.valueOf(rs.getObject(i)).getBytes(StandardCharsets.UTF_8));
                            sha.update((byte) 0);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Makes bad requests: each a way a client, a proxy or an attacker can get it wrong. */
    static final class Generators {
        record Bad(String method, String description, java.util.function.Function<URI, HttpRequest> request) {
        }

        private final Random random;
        private final String unit;
        private final String hazard;
        private final String device;
        private final List<Supplier<Bad>> kinds = new ArrayList<>();

        Generators(Random random, String unit, String hazard, String device) {
            this.random = random;
            this.unit = unit;
            this.hazard = hazard;
            this.device = device;
            String[] collections = {"units", "persons", "inspections", "hazards", "pledges"};
            kinds.add(() -> post("/api/" + pick(collections), pick(malformedJson())));
            kinds.add(() -> post("/api/" + pick(collections), wrongRecord()));
            kinds.add(() -> post("/api/hazards", hazardWith(pick(badHazardFields()))));
            kinds.add(() -> patch("/api/hazards/" + hazard, pick(badPatches())));
            kinds.add(() -> get("/api/" + pick(collections) + "/" + pick(badIds())));
            kinds.add(() -> get("/api/" + pick(collections) + "?" + pick(badQueries())));
            kinds.add(() -> withType("/api/" + pick(collections), pick(new String[] {"text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}), "{\"name\":\"x\"}"));
            kinds.add(() -> pushWith(pick(badPushes())));
            kinds.add(() -> post("/api/devices", pick(new String[] {"{}", "{\"name\":\"\"}", "{\"name\":" + "1".repeat(400) + "}",
                    "{\"name\":\"x\",\"publicKey\":\"not-a-key\"}", "{\"name\":\"" + "长".repeat(300) + "\"}", "[]", "null"})));
            kinds.add(() -> get("/api/sync/changes?" + pick(new String[] {"since=-1", "since=abc", "since=1e5", "limit=0",
                    "limit=-5", "limit=99999999999", "since=" + "9".repeat(40), "since=1;DROP%20TABLE%20record"})));
            kinds.add(() -> post("/api/conflicts/" + pick(badIds()) + "/resolve", "{\"resolution\":\"SERVER\"}"));
            kinds.add(() -> post("/api/conflicts/0190a1b2-0000-7000-8000-0000000fffff/resolve",
                    pick(new String[] {"{}", "{\"resolution\":\"BOTH\"}", "{\"resolution\":1}", "{\"resolution\":\"MERGED\"}",
                            "{\"resolution\":\"MERGED\",\"values\":[]}"})));
            kinds.add(() -> attachment(pick(new String[] {"GET", "HEAD", "PUT"}), pick(badShas())));
            kinds.add(() -> put("/api/attachments/" + "a".repeat(64), pick(new String[] {"bytes 5-1/10", "bytes 0-9/5",
                    "bytes -1-3/10", "bytes 0-3", "items 0-3/10", "bytes 0-3/" + "9".repeat(30)})));
            kinds.add(() -> post("/api/bundles", pick(new String[] {"{}", "{\"recordIds\":\"x\"}", "{\"recordIds\":[1,2]}",
                    "{\"recordIds\":[\"../../etc/passwd\"]}", "{\"caseId\":null}", "{\"recordIds\":[]}"})));
            kinds.add(() -> get("/api/audit?" + pick(new String[] {"record=x", "from=2026-13-01", "cursor=-1", "cursor=abc",
                    "limit=0", "actor=%00"})));
            kinds.add(() -> method(pick(new String[] {"DELETE", "PUT"}), "/api/hazards/" + hazard));
            kinds.add(() -> post("/api/auth/login", pick(new String[] {"{}", "{\"username\":\"admin\"}", "{\"username\":1,\"password\":2}",
                    "{\"username\":\"admin\",\"password\":\"wrong\"}", "{\"username\":\"" + "a".repeat(10_000) + "\",\"password\":\"x\"}",
                    "{\"username\":\"admin' OR '1'='1\",\"password\":\"' OR '1'='1\"}", "[]", "{\"refreshToken\":\"x\"}"})));
            kinds.add(() -> post("/api/auth/refresh", pick(new String[] {"{}", "{\"refreshToken\":\"x\"}", "{\"refreshToken\":1}", "null"})));
            kinds.add(() -> post("/api/admin/users", pick(new String[] {"{}", "{\"username\":\"ab\"}",
                    "{\"username\":\"../etc\",\"password\":\"long-enough-1\",\"role\":\"INSPECTOR\"}",
                    "{\"username\":\"x1\",\"password\":\"short\",\"role\":\"INSPECTOR\"}",
                    "{\"username\":\"x2\",\"password\":\"long-enough-2\",\"role\":\"ROOT\"}",
                    "{\"username\":\"x3\",\"password\":\"long-enough-3\",\"role\":\"INSPECTOR\",\"jurisdictions\":[\"37%\"]}",
                    "{\"username\":\"x4\",\"password\":\"long-enough-4\",\"role\":\"INSPECTOR\",\"jurisdictions\":\"370686\"}",
                    "{\"username\":\"x5\",\"password\":\"long-enough-5\",\"role\":\"REVIEWER\",\"units\":[\"not-a-uuid\"]}",
                    "{\"username\":\"admin\",\"password\":\"long-enough-6\",\"role\":\"ADMIN\"}",
                    "{\"username\":\"X\u0000\",\"password\":\"long-enough-7\",\"role\":\"ADMIN\"}"})));
            kinds.add(() -> patch("/api/admin/users/" + pick(new String[] {"admin", "nobody", "..%2Fadmin"}),
                    pick(new String[] {"{\"role\":\"INSPECTOR\"}", "{\"disabled\":true}", "{\"password\":\"x\"}",
                            "{\"jurisdictions\":[1]}", "{\"disabled\":\"yes\"}"})));
            kinds.add(() -> post("/api/devices/" + pick(badIds()) + "/revoke", "{}"));
            kinds.add(() -> post("/api/cases", pick(new String[] {"{}", "{\"title\":\"x\"}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"FIRE\",\"at\":\"2026-11-01T10:00:00+08:00\"}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-01\"}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-01T10:00:00+08:00\",\"deaths\":-1}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-01T10:00:00+08:00\",\"directLossCny\":\"很多\"}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2999-11-01T10:00:00+08:00\"}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + hazard + "\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}",
                    "{\"title\":\"x\",\"subjectUnitId\":\"" + unit + "\",\"investigators\":[\"nobody-here\"],\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}",
                    "{\"title\":\"" + "长".repeat(300) + "\",\"subjectUnitId\":\"" + unit + "\",\"event\":{\"kind\":\"VIOLATION\",\"at\":\"2026-11-01T10:00:00+08:00\"}}"})));
            kinds.add(() -> post("/api/cases/" + pick(badIds()) + pick(new String[] {"/findings", "/parties", "/links", "/actions", "/checklist",
                    "/close", "/propose", "/links/" + pick(badIds()) + "/reject", "/actions/" + pick(badIds()) + "/steps"}),
                    pick(new String[] {"{}", "{\"track\":\"BOTH\"}", "{\"to\":\"FINAL\"}", "{\"item\":\"ALL\"}"})));
            kinds.add(() -> get("/api/cases?" + pick(new String[] {"status=ALL", "grade=%27", "jurisdiction=abc", "overdue=maybe", "limit=-1"})));
        }

        Bad next() {
            return kinds.get(random.nextInt(kinds.size())).get();
        }

        private String[] malformedJson() {
            return new String[] {"", "{", "}", "{\"name\":}", "{'name':'x'}", "{name:1}", "[1,2", "{\"a\":1,}", "nul", "{\"a\":NaN}",
                    "{\"a\":1}{\"b\":2}", "\u0000", "{\"a\":\"\u0001\"", "[".repeat(5000) + "]".repeat(5000),
                    "{\"name\":\"x\",\"name\":\"y\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}", "\"just a string\"",
                    "12345", "{\"a\":" + "1".repeat(100) + "e99999}", "\uFEFF{}", "{\"a\":\"\\ud800\"}"};
        }

        private String wrongRecord() {
            String[] bodies = {
                "{\"name\":1,\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}",
                "{\"name\":\"x\",\"kind\":\"AGENCY\",\"jurisdictionCode\":370686}",
                "{\"name\":\"" + "x".repeat(100_000) + "\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}",
                "{\"name\":\"x\u0000y\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\",\"extra\":true}",
                "{\"name\":\"x'; DROP TABLE record; --\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"37'--\"}",
                "{\"id\":\"not-a-uuid\",\"name\":\"x\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}",
                "{\"id\":\"" + unit + "\",\"name\":\"dup\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}",
                "{\"name\":[],\"kind\":{},\"jurisdictionCode\":null}",
                "{}", "[]", "null", "true"};
            return pick(bodies);
        }

        private String[] badHazardFields() {
            return new String[] {"\"foundAt\":\"2026-11-20 09:30\"", "\"foundAt\":\"2026-02-30T09:30:00Z\"",
                    "\"foundAt\":\"2026-11-20T09:30:00+25:00\"", "\"foundAt\":\"2026-11-20T09:30:00 Asia/Shanghai\"",
                    "\"deadline\":\"2026-13-01\"", "\"deadline\":-1", "\"location\":{\"lat\":91,\"lon\":0}",
                    "\"location\":{\"lat\":1e400,\"lon\":0}", "\"location\":{\"lat\":-0.0,\"lon\":\"东经\"}",
                    "\"photos\":[\"../../../etc/passwd\"]", "\"photos\":[" + "\"" + "a".repeat(64) + "\",".repeat(600) + "\"x\"]",
                    "\"photos\":[\"" + "A".repeat(64) + "\"]", "\"status\":\"CLOSED_OUT\"", "\"grade\":\"MAJOR\",\"status\":\"IN_TREATMENT\"",
                    "\"unitId\":\"" + hazard + "\"", "\"notes\":[" + "\"n\",".repeat(20_000) + "\"n\"]", "\"description\":\"\"",
                    "\"treatmentPlan\":\"all of it\"", "\"supervisionListing\":[{\"event\":\"LISTED\"}]"};
        }

        private String hazardWith(String field) {
            String json = "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"d\","
                    + "\"foundAt\":\"2026-11-20T09:30:00Z\"," + field + "}";
            return json.replace(",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"d\",\"foundAt\":\"2026-11-20T09:30:00Z\",\"foundAt\"",
                    ",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"d\",\"foundAt\"");
        }

        private String[] badPatches() {
            return new String[] {"{\"status\":\"VERIFIED\"}", "{\"grade\":\"EXTREME\"}", "{\"unitId\":null}", "{\"status\":1}",
                    "{\"deadline\":\"tomorrow\"}", "[]", "{", "{\"unitId\":\"0190a1b2-0000-7000-8000-0000000fffff\"}",
                    "{\"location\":{\"lat\":\"x\"}}", "{\"photos\":[\"" + "b".repeat(64) + "\"]}"};
        }

        private String[] badIds() {
            return new String[] {"x", "..%2F..%2Fetc%2Fpasswd", "0190a1b2-0000-7000-8000-00000000000G", "%00", "%27%20OR%20%271%27%3D%271",
                    "0190A1B2-0000-7000-8000-000000000001", "0190a1b2000070008000000000000001", "9".repeat(300),
                    "0190a1b2-0000-7000-8000-0000000fffff"};
        }

        private String[] badQueries() {
            return new String[] {"limit=0", "limit=-1", "limit=abc", "limit=" + "9".repeat(50), "cursor=%25%25%25", "cursor=..%2F..%2F",
                    "unit=x", "unit=%27%20OR%201%3D1%20--", "jurisdiction=37%25", "jurisdiction=3706861", "jurisdiction=ab",
                    "status=registered", "status=" + "A".repeat(100), "grade=%27", "from=2026-02-30", "from=yesterday",
                    "to=2026-11-27T25:00:00Z", "from=2026-11-27T09%3A00%3A00%2B99%3A00", "overdue=yes", "overdue=1"};
        }

        private String[] badPushes() {
            return new String[] {"{}", "{\"operations\":{}}", "{\"operations\":\"x\"}", "{\"operations\":null}",
                    "{\"operations\":[" + "{},".repeat(1000) + "{}]}", "[]", "{\"operations\":[1,2,3],\"operations\":[]}"};
        }

        private String[] badShas() {
            return new String[] {"x", "A".repeat(64), "a".repeat(63), "a".repeat(65), "..%2F" + "a".repeat(60), "%00" + "a".repeat(61),
                    "g".repeat(64)};
        }

        private <T> T pick(T[] options) {
            return options[random.nextInt(options.length)];
        }

        private Bad post(String path, String body) {
            return withType(path, "application/json", body);
        }

        private Bad withType(String path, String type, String body) {
            return new Bad("POST", "POST " + path + " " + type + " " + abbreviate(body), base -> HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private Bad patch(String path, String body) {
            return new Bad("PATCH", "PATCH " + path + " " + abbreviate(body), base -> HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/merge-patch+json").header("If-Match", random.nextBoolean() ? "\"1\"" : "x")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private Bad pushWith(String body) {
            return new Bad("POST", "push " + abbreviate(body), base -> HttpRequest.newBuilder(base.resolve("/api/sync/push"))
                    .header("Content-Type", "application/json").header("X-Fieldsync-Device", device)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private Bad get(String path) {
            return new Bad("GET", "GET " + path, base -> HttpRequest.newBuilder(base.resolve(path)).GET().build());
        }

        private Bad method(String method, String path) {
            return new Bad(method, method + " " + path, base -> HttpRequest.newBuilder(base.resolve(path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        }

        private Bad attachment(String method, String sha) {
            String path = "/api/attachments/" + sha;
            return new Bad(method, method + " " + path, base -> HttpRequest.newBuilder(base.resolve(path))
                    .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody())
                    .build());
        }

        private Bad put(String path, String range) {
            return new Bad("PUT", "PUT " + path + " Content-Range: " + range, base -> HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Range", range).PUT(HttpRequest.BodyPublishers.ofString("abcd")).build());
        }

        private static String abbreviate(String body) {
            return body.length() > 80 ? body.substring(0, 80) + "…(" + body.length() + ")" : body;
        }
    }
}
