package cn.fieldsync.server.observe;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.BuildInfo;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestAttachments;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of a running server, through real HTTP: the version, liveness and
 * readiness, the Prometheus scrape, request ids and the console's security headers.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/operations")
@AddConfig(key = "fieldsync.db.schema", value = "operations_api")
class OperationsApiTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Inject
    WebTarget target;

    @Test
    void versionIsTheBuildsAndTheSchemasWithoutAToken() {
        Http anonymous = new Http(target.getUri());
        Http.Answer version = anonymous.get("/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.field("version")).isEqualTo(BuildInfo.current().version()).isNotEqualTo("unknown");
        assertThat(version.field("schema")).isEqualTo(version.field("schemaKnown")).matches("\\d+");
        JsonObject openapi = openapi();
        assertThat(openapi.getAsJsonObject("info").get("version").getAsString()).isEqualTo(version.field("version"));
    }

    @Test
    void readinessChecksTheDatabaseItsMigrationsTheAttachmentDiskAndShutdown() {
        Http anonymous = new Http(target.getUri());
        Http.Answer ready = anonymous.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(names(ready.json())).contains("database", "migrations", "attachmentSpace", "accepting");
        JsonObject disk = check(ready.json(), "attachmentSpace");
        assertThat(disk.getAsJsonObject("data").get("minFreeBytes").getAsLong()).isEqualTo(1L << 30);
        Http.Answer live = anonymous.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(names(live.json())).contains("deadlock", "heapMemory");
    }

    @Test
    void metricsCountRequestsPushesPullsConflictsAttachmentsAndThePool() {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        try (FieldStore a = FieldStore.open(TestDatabases.freshDirectory("operations-device-a"));
             FieldStore b = FieldStore.open(TestDatabases.freshDirectory("operations-device-b"))) {
            TestUsers.init(admin, a, "ops-a");
            TestUsers.init(admin, b, "ops-b");
            String id = a.create(RecordType.HAZARD, hazard(unit));
            sync(a);
            sync(b);
            a.edit(id, Map.of("responsiblePerson", new JsonPrimitive("李某")));
            b.edit(id, Map.of("responsiblePerson", new JsonPrimitive("赵某")));
            sync(a);
            assertThat(sync(b).conflicts()).isEqualTo(1);
        }
        Http.Answer upload = admin.sendBytes("PUT", "/api/attachments/" + TestAttachments.EXAMPLE_SHA256, "application/octet-stream", TestAttachments.EXAMPLE_CONTENT);
        assertThat(upload.status()).isIn(200, 201);

        assertThat(new Http(target.getUri()).get("/api/hazards/0190a1b2-0000-7000-8000-0000000fffff").status()).isEqualTo(401);

        Http.Answer scrape = new Http(target.getUri()).get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        String text = scrape.body();
        assertThat(value(text, "fieldsync_conflicts_open")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "fieldsync_sync_push_operations_total{outcome=\"conflict\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "fieldsync_sync_push_operations_total{outcome=\"applied\"}")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "fieldsync_sync_push_seconds_count")).isGreaterThanOrEqualTo(3);
        assertThat(value(text, "fieldsync_sync_pull_records_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "fieldsync_sync_pull_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "fieldsync_attachments_received_bytes_total")).isGreaterThanOrEqualTo(TestAttachments.EXAMPLE_CONTENT.length);
        assertThat(value(text, "http_server_requests_seconds_count{method=\"POST\",route=\"/api/sync/push\",status=\"200\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(text, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/hazards/{id}\",status=\"401\"}"))
                .as("a refused read is counted under its route template").isGreaterThanOrEqualTo(1);
        assertThat(text).as("never one series per record id").doesNotContain("0190a1b2-0000-7000-8000-0000000fffff");
        assertThat(value(text, "fieldsync_db_pool_max")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("fieldsync_operations_held ", "fieldsync_operations_rejected ", "fieldsync_db_pool_active ",
                "fieldsync_info{");
    }

    @Test
    void everyAnswerCarriesARequestIdThatProblemsQuote() throws Exception {
        HttpResponse<String> mine = CLIENT.send(HttpRequest.newBuilder(target.getUri().resolve("/api/hazards"))
                .header("X-Request-Id", "county-office-4711").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).isEqualTo(401);
        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("county-office-4711");
        assertThat(StrictJson.parseObject(mine.body()).get("requestId").getAsString()).isEqualTo("county-office-4711");

        HttpResponse<String> generated = CLIENT.send(HttpRequest.newBuilder(target.getUri().resolve("/api/hazards"))
                .header("X-Request-Id", "x".repeat(300)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).as("an overlong id is replaced").hasSize(36);
        assertThat(StrictJson.parseObject(generated.body()).get("requestId").getAsString()).isEqualTo(id);
    }

    @Test
    void theConsoleIsServedWithSecurityHeaders() throws Exception {
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(target.getUri().resolve("/console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'").doesNotContain("script-src");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    private cn.fieldsync.client.SyncReport sync(FieldStore store) {
        return store.sync(new HttpTransport(target.getUri().toString()), SyncListener.NONE);
    }

    private JsonObject openapi() {
        try {
            HttpResponse<String> doc = CLIENT.send(HttpRequest.newBuilder(target.getUri().resolve("/openapi"))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            return StrictJson.parseObject(doc.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject hazard(String unit) {
        return com.google.gson.JsonParser.parseString("""
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"消防通道堵塞",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit)).getAsJsonObject();
    }

    private static List<String> names(JsonObject health) {
        List<String> names = new ArrayList<>();
        for (JsonElement c : health.getAsJsonArray("checks")) {
            names.add(c.getAsJsonObject().get("name").getAsString());
        }
        return names;
    }

    private static JsonObject check(JsonObject health, String name) {
        JsonArray checks = health.getAsJsonArray("checks");
        for (JsonElement c : checks) {
            if (c.getAsJsonObject().get("name").getAsString().equals(name)) {
                return c.getAsJsonObject();
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** The sample's value in a Prometheus text scrape, NaN when the series is absent. */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
