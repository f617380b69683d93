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

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The hazard collection through real HTTP: create, read, list, filter, page, change, refuse. */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/hazard-api")
@AddConfig(key = "fieldsync.db.schema", value = "hazard_api")
class HazardApiTest {

    private static final String HAZARD = """
            {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"消防通道堵塞",
             "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
             "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""";

    @Inject
    WebTarget target;

    private Http http;

    @BeforeEach
    void connect() {
        http = TestUsers.admin(target.getUri());
    }

    @Test
    void createdHazardIsReadBackWithTheSameFields() {
        String unit = createUnit("370686");
        Http.Answer created = http.post("/api/hazards", HAZARD.formatted(unit));
        assertThat(created.status()).isEqualTo(201);
        String id = created.field("id");
        assertThat(created.field("version")).isEqualTo("1");
        assertThat(created.field("status")).isEqualTo("REGISTERED");
        assertThat(created.location()).hasValueSatisfying(l -> assertThat(l).endsWith("/api/hazards/" + id));

        Http.Answer read = http.get("/api/hazards/" + id);
        assertThat(read.status()).isEqualTo(200);
        JsonObject sent = parse(HAZARD.formatted(unit));
        for (String field : sent.keySet()) {
            assertThat(read.json().get(field)).as(field).isEqualTo(sent.get(field));
        }
        assertThat(read.field("description")).isEqualTo("消防通道堵塞");
    }

    @Test
    void hazardWithoutUnitIsRefusedAndNothingIsStored() {
        long before = total("/api/hazards");
        Http.Answer refused = http.post("/api/hazards",
                "{\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"x\",\"foundAt\":\"2026-11-20T09:30:00Z\"}");
        assertProblem(refused, 422, "invalid_record");
        assertThat(refused.field("field")).isEqualTo("/unitId");
        assertThat(total("/api/hazards")).isEqualTo(before);
    }

    @Test
    void hazardOfAnUnknownUnitIsRefused() {
        Http.Answer refused = http.post("/api/hazards", HAZARD.formatted("0190a1b2-0000-7000-8000-0000000fffff"));
        assertProblem(refused, 422, "unknown_reference");
        assertThat(refused.field("field")).isEqualTo("/unitId");
    }

    @Test
    void majorHazardCannotEnterTreatmentWithoutAFullPlanAndStaysAsItWas() {
        String unit = createUnit("370686");
        String id = http.post("/api/hazards", HAZARD.formatted(unit).replace("GENERAL", "MAJOR")).field("id");
        http.patch("/api/hazards/" + id, "{\"status\":\"REPORTED\"}", "1");
        http.patch("/api/hazards/" + id, "{\"status\":\"RECTIFICATION_ORDERED\",\"treatmentPlan\":{\"objectivesAndTasks\":\"加装报警\"}}", "2");

        Http.Answer refused = http.patch("/api/hazards/" + id, "{\"status\":\"IN_TREATMENT\"}", "3");
        assertProblem(refused, 422, "treatment_plan_incomplete");
        assertThat(refused.field("field")).isEqualTo("/treatmentPlan");
        Http.Answer unchanged = http.get("/api/hazards/" + id);
        assertThat(unchanged.field("status")).isEqualTo("RECTIFICATION_ORDERED");
        assertThat(unchanged.field("version")).isEqualTo("3");

        Http.Answer treated = http.patch("/api/hazards/" + id, """
                {"status":"IN_TREATMENT","treatmentPlan":{"methodsAndMeasures":"停用储罐","fundsAndMaterials":"40万元",
                 "responsibleBodyAndPeople":"设备部","timeLimit":"年底前","safetyAndEmergencyMeasures":"警戒区与应急预案"}}""", "3");
        assertThat(treated.status()).isEqualTo(200);
        assertThat(treated.field("status")).isEqualTo("IN_TREATMENT");
        assertThat(treated.field("version")).isEqualTo("4");
    }

    @Test
    void closedHazardCannotBeReopened() {
        String unit = createUnit("370686");
        String id = http.post("/api/hazards", HAZARD.formatted(unit)).field("id");
        assertThat(http.patch("/api/hazards/" + id, "{\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\"2026-11-21\"}", null).status())
                .isEqualTo(200);
        assertThat(http.patch("/api/hazards/" + id, "{\"status\":\"VERIFIED\",\"verifiedAt\":\"2026-11-22\",\"verifiedBy\":\"张明\"}", null)
                .status()).isEqualTo(200);
        assertProblem(http.patch("/api/hazards/" + id, "{\"status\":\"REGISTERED\"}", null), 422, "illegal_transition");
    }

    @Test
    void staleVersionIsRefusedWithoutChangingTheRecord() {
        String unit = createUnit("370686");
        String id = http.post("/api/hazards", HAZARD.formatted(unit)).field("id");
        http.patch("/api/hazards/" + id, "{\"responsiblePerson\":\"李某\"}", "1");
        assertProblem(http.patch("/api/hazards/" + id, "{\"responsiblePerson\":\"赵某\"}", "1"), 409, "version_conflict");
        assertThat(http.get("/api/hazards/" + id).field("responsiblePerson")).isEqualTo("李某");
    }

    /**
     * RFC 7396: a null inside a patch removes a member, also under an object the record does not
     * have yet; it never lands in the record (the hand-written patch kept it, and the record then
     * failed its schema: 422 invalid_record for a valid PATCH).
     */
    @Test
    void patchWithANullUnderANewObjectAddsTheObjectWithoutTheNull() {
        String unit = createUnit("370686");
        String id = http.post("/api/hazards", HAZARD.formatted(unit)).field("id");
        Http.Answer patched = http.patch("/api/hazards/" + id,
                "{\"treatmentPlan\":{\"objectivesAndTasks\":\"加装报警\",\"timeLimit\":null},\"responsiblePerson\":null}", "1");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonObject read = http.get("/api/hazards/" + id).json();
        assertThat(read.get("treatmentPlan")).isEqualTo(parse("{\"objectivesAndTasks\":\"加装报警\"}"));
        assertThat(read.has("responsiblePerson")).isFalse();
        assertThat(read.get("version").getAsInt()).isEqualTo(2);
    }

    @Test
    void listsFilterByJurisdictionUnitAndDateAndPageWithACursor() {
        String inQixia = createUnit("370686");
        String inLaiyang = createUnit("370682");
        for (int i = 0; i < 7; i++) {
            http.post("/api/hazards", HAZARD.formatted(i < 4 ? inQixia : inLaiyang)
                    .replace("2026-11-20T09:30:00Z", "2026-11-" + (10 + i) + "T09:30:00Z"));
        }
        assertThat(total("/api/hazards?unit=" + inQixia)).isEqualTo(4);
        assertThat(total("/api/hazards?jurisdiction=370682")).isEqualTo(3);
        assertThat(total("/api/hazards?unit=" + inQixia + "&from=2026-11-12&to=2026-11-13")).isEqualTo(2);
        assertThat(total("/api/hazards?unit=" + inQixia + "&from=2026-11-12T09%3A30%3A00Z")).isEqualTo(2);
        assertThat(total("/api/hazards?unit=" + inQixia + "&from=2026-11-12T09:30:00Z")).isEqualTo(2);

        Set<String> seen = new HashSet<>();
        String next = "/api/hazards?jurisdiction=3706&limit=2";
        int pages = 0;
        while (next != null) {
            JsonObject page = http.get(next).json();
            page.getAsJsonArray("items").forEach(item -> assertThat(seen.add(item.getAsJsonObject().get("id").getAsString())).isTrue());
            next = page.has("nextCursor") ? "/api/hazards?jurisdiction=3706&limit=2&cursor=" + page.get("nextCursor").getAsString() : null;
            pages++;
        }
        assertThat(seen).hasSize((int) total("/api/hazards?jurisdiction=3706"));
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    void badRequestsGetProblemsWithCodes() {
        assertProblem(http.post("/api/hazards", "{\"unitId\":"), 400, "malformed_json");
        assertProblem(http.post("/api/hazards", "{\"a\":1,\"a\":2}"), 400, "malformed_json");
        assertProblem(http.post("/api/hazards", "text/plain", "hello"), 415, "unsupported_media_type");
        assertProblem(http.get("/api/hazards/0190a1b2-0000-7000-8000-0000000fffff"), 404, "not_found");
        assertProblem(http.get("/api/hazards/not-a-uuid"), 404, "not_found");
        assertProblem(http.get("/api/hazards?limit=100000"), 400, "invalid_parameter");
        assertProblem(http.get("/api/hazards?jurisdiction=37%27%20OR%201=1"), 400, "invalid_parameter");
        assertProblem(http.get("/api/hazards?from=2026-02-30"), 400, "invalid_parameter");
        assertProblem(http.get("/api/hazards?cursor=bm9wZQ"), 400, "invalid_parameter");
        assertProblem(http.get("/api/nothing-here"), 404, "not_found");
    }

    /**
     * 挂牌督办 (安全生产法 art 41, MAJOR dangers only): listed dangers are found by the list filter;
     * an overdue one escalates one level, a State Council listing has nowhere to escalate; a
     * de-listed one (after its rectification) is no longer listed.
     */
    @Test
    void listedDangersAreFoundAndAnOverdueOneEscalatesALevelUntilItIsDelisted() {
        String unit = createUnit("370613");
        String past = java.time.LocalDate.now().minusDays(3).toString();
        String future = java.time.LocalDate.now().plusDays(30).toString();
        String overdueCity = listedHazard(unit, past, "[" + listing("LISTED", "CITY") + "]", "");
        String onTimeCounty = listedHazard(unit, future, "[" + listing("LISTED", "COUNTY") + "]", "");
        String delisted = listedHazard(unit, past, "[" + listing("LISTED", "PROVINCE") + "," + listing("DELISTED", "PROVINCE") + "]",
                ",\"status\":\"ASSESSED\",\"rectificationCompletedAt\":\"2026-10-04\",\"assessment\":{\"assessedBy\":\"评价中心\",\"assessedAt\":\"2026-10-04\"},"
                        + "\"treatmentPlan\":{\"objectivesAndTasks\":\"a\",\"methodsAndMeasures\":\"b\",\"fundsAndMaterials\":\"c\","
                        + "\"responsibleBodyAndPeople\":\"d\",\"timeLimit\":\"e\",\"safetyAndEmergencyMeasures\":\"f\"}");
        String neverListed = listedHazard(unit, past, "[]", "");
        String stateCouncil = listedHazard(unit, past, "[" + listing("LISTED", "STATE_COUNCIL") + "]", "");

        JsonObject listed = http.get("/api/hazards?unit=" + unit + "&listed=true").json();
        assertThat(listed.get("total").getAsInt()).isEqualTo(3);
        assertThat(listed.toString()).contains(overdueCity, onTimeCounty, stateCouncil).doesNotContain(delisted, neverListed);
        assertThat(total("/api/hazards?unit=" + unit + "&listed=true&overdue=true")).isEqualTo(2);
        assertThat(total("/api/hazards?unit=" + unit + "&listed=false")).isEqualTo(2);

        assertThat(http.get("/api/hazards/" + overdueCity).field("escalateTo")).isEqualTo("PROVINCE");
        assertThat(http.get("/api/hazards/" + onTimeCounty).field("escalateTo")).isNull();
        assertThat(http.get("/api/hazards/" + delisted).field("escalateTo")).isNull();
        // overdue at the State Council: there is no body above it to escalate to
        assertThat(http.get("/api/hazards/" + stateCouncil).field("overdue")).isEqualTo("true");
        assertThat(http.get("/api/hazards/" + stateCouncil).field("escalateTo")).isNull();
    }

    private String listedHazard(String unit, String deadline, String listing, String extra) {
        Http.Answer created = http.post("/api/hazards", "{\"unitId\":\"" + unit + "\",\"grade\":\"MAJOR\",\"category\":\"FIRE\","
                + "\"description\":\"挂牌督办隐患\",\"foundAt\":\"2026-10-01T09:30:00+08:00\",\"deadline\":\"" + deadline
                + "\",\"supervisionListing\":" + listing + extra + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }

    private static String listing(String event, String level) {
        return "{\"event\":\"" + event + "\",\"level\":\"" + level + "\",\"date\":\"2026-10-05\",\"documentNumber\":\"烟安委办〔2026〕3号\","
                + "\"authority\":\"烟台市安全生产委员会办公室\"}";
    }

    private String createUnit(String jurisdiction) {
        Http.Answer unit = http.post("/api/units",
                "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + jurisdiction + "\"}");
        assertThat(unit.status()).isEqualTo(201);
        return unit.field("id");
    }

    private long total(String path) {
        Http.Answer list = http.get(path);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("total").getAsLong();
    }

    static void assertProblem(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("code")).isEqualTo(code);
        assertThat(answer.field("message")).isNotBlank();
    }

    private static JsonObject parse(String json) {
        return new Http.Answer(200, "", java.util.Optional.empty(), java.util.Optional.empty(), json).json();
    }
}
