package cn.fieldsync.server.api;

import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.SchemaExamples;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestAttachments;
import com.google.gson.JsonElement;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keeps the contract in schemas/: every valid example is accepted and every answer
 * validates against its schema; every invalid example is refused with a problem and changes
 * nothing.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/contract-api")
@AddConfig(key = "fieldsync.db.schema", value = "contract_api")
// the examples name the demo's units and people: a user copying an example onto a demo server succeeds
@AddConfig(key = "fieldsync.demo-data", value = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractApiTest {

    /** The collections served under /api; attachments get theirs with the integrity work. */
    private static final List<RecordType> SERVED = List.of(RecordType.UNIT, RecordType.PERSON, RecordType.INSPECTION,
            RecordType.HAZARD, RecordType.PLEDGE);

    @Inject
    WebTarget target;

    private Http http;

    @BeforeEach
    void connect() {
        http = TestUsers.admin(target.getUri());
    }

    @Test
    @Order(1)
    void everyValidExampleIsAcceptedAndEveryAnswerMatchesItsSchema() throws Exception {
        // the examples' photos and signatures name the content "test": the server must hold it
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        target.getUri().resolve("/api/attachments/" + TestAttachments.EXAMPLE_SHA256))
                .header("Authorization", "Bearer " + http.token())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(TestAttachments.EXAMPLE_CONTENT)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        for (RecordType type : SERVED) {
            for (String path : SchemaExamples.of(type, true)) {
                Http.Answer created = http.post("/api/" + type.collection(), SchemaExamples.read(path));
                assertThat(created.status()).as(path + ": " + created.body()).isEqualTo(201);
                assertMatchesSchema(type, created.body(), path + " (create)");
                Http.Answer read = http.get("/api/" + type.collection() + "/" + created.field("id"));
                assertMatchesSchema(type, read.body(), path + " (read)");
            }
            Http.Answer list = http.get("/api/" + type.collection() + "?limit=500");
            assertThat(list.status()).isEqualTo(200);
            for (JsonElement item : list.json().getAsJsonArray("items")) {
                assertMatchesSchema(type, item.toString(), type.wireName() + " (list)");
            }
        }
    }

    @Test
    @Order(2)
    void everyInvalidExampleIsRefusedWithAProblemAndChangesNothing() {
        Map<RecordType, Long> before = totals();
        for (RecordType type : SERVED) {
            for (String path : SchemaExamples.of(type, false)) {
                Http.Answer refused = http.post("/api/" + type.collection(), SchemaExamples.read(path));
                assertThat(refused.status()).as(path + ": " + refused.body()).isBetween(400, 499);
                assertThat(refused.contentType()).as(path).startsWith("application/problem+json");
                assertThat(refused.field("code")).as(path).isNotBlank();
                assertThat(refused.field("message")).as(path).isNotBlank();
            }
        }
        assertThat(totals()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void healthIsUpAndTheApiIsDescribed() {
        Http.Answer health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.field("status")).isEqualTo("UP");
        // the surefire execution "api-on-postgresql" sets fieldsync.db.url: prove the server really is on it
        String expected = System.getProperty("fieldsync.db.url") == null ? "sqlite" : "postgresql";
        // several checks answer (database, migrations, disk, ...), in no promised order: find the database's by name
        com.google.gson.JsonObject database = null;
        for (com.google.gson.JsonElement check : health.json().getAsJsonArray("checks")) {
            if (check.getAsJsonObject().get("name").getAsString().equals("database")) {
                database = check.getAsJsonObject();
            }
        }
        assertThat(database).as("the database check").isNotNull();
        assertThat(database.getAsJsonObject("data").get("database").getAsString()).isEqualTo(expected);
        Http.Answer openapi = http.get("/openapi");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/hazards").contains("/api/pledges");
    }

    private Map<RecordType, Long> totals() {
        Map<RecordType, Long> totals = new EnumMap<>(RecordType.class);
        for (RecordType type : SERVED) {
            totals.put(type, http.get("/api/" + type.collection()).json().get("total").getAsLong());
        }
        return totals;
    }

    @Test
    @Order(4)
    void problemsAreTitledInChineseAndTheLabelCatalogueIsServedWithoutLogin() {
        Http.Answer refused = http.get("/api/hazards/" + java.util.UUID.randomUUID());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("title").getAsString()).isEqualTo("找不到该记录或页面");
        assertThat(refused.json().get("code").getAsString()).isEqualTo("not_found");

        Http.Answer labels = new Http(target.getUri()).get("/api/labels");
        assertThat(labels.status()).isEqualTo(200);
        assertThat(labels.json().getAsJsonObject("hazardStatus").get("IN_TREATMENT").getAsString()).isEqualTo("治理中");
    }

    private static void assertMatchesSchema(RecordType type, String json, String what) {
        assertThat(RecordSchemas.get().validate(type, json)).as(what + ": " + json).isEmpty();
    }
}
