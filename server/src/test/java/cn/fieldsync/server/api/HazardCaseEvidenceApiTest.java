package cn.fieldsync.server.api;

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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the 一案双查 engine reads a hidden danger: "事发时已逾期未整改" is judged with the day the
 * rectification was completed as recorded on site (not the day the server first heard of it) and
 * with the deadline in force on the event day (an extension cannot be granted once a deadline has
 * lapsed, so nothing done after the event removes the flag).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/hazard-case-evidence-api")
@AddConfig(key = "fieldsync.db.schema", value = "hazard_case_evidence_api")
class HazardCaseEvidenceApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final LocalDate EVENT = TODAY.minusDays(6);

    @Inject
    WebTarget target;

    @Test
    void aDangerFixedOnTimeOnSiteButSyncedAfterTheAccidentIsNotOverdueAtTheEventAndALateExtensionChangesNothing() {
        Http admin = TestUsers.admin(target.getUri());
        TestUsers.createAccount(admin, "hazard-case-reviewer", "REVIEWER", TestUsers.COUNTY);
        Http reviewer = admin.login("hazard-case-reviewer", TestUsers.password("hazard-case-reviewer"));
        String company = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String found = EVENT.minusDays(30) + "T09:00:00+08:00";
        // fixed and re-checked on site 17 days before the event, deadline 15 days before; first stored today
        String fixedOnTime = create(admin, "{\"unitId\":\"" + company + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"" + found + "\",\"deadline\":\"" + EVENT.minusDays(15) + "\",\"status\":\"VERIFIED\",\"rectificationCompletedAt\":\""
                + EVENT.minusDays(17) + "\",\"verifiedAt\":\"" + EVENT.minusDays(17) + "\",\"verifiedBy\":\"张明\"}");
        String overdue = create(admin, "{\"unitId\":\"" + company + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"灭火器过期\","
                + "\"foundAt\":\"" + found + "\",\"deadline\":\"" + EVENT.minusDays(5) + "\"}");
        // fixed on site after the event: overdue on the event day all the same
        String fixedLate = create(admin, "{\"unitId\":\"" + company + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"应急照明损坏\","
                + "\"foundAt\":\"" + found + "\",\"deadline\":\"" + EVENT.minusDays(5) + "\",\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\""
                + EVENT.plusDays(1) + "\"}");
        Http.Answer lateExtension = admin.patch("/api/hazards/" + overdue, "{\"deadline\":\"" + TODAY.plusDays(30) + "\",\"extensions\":[{"
                + "\"previousDeadline\":\"" + EVENT.minusDays(5) + "\",\"newDeadline\":\"" + TODAY.plusDays(30) + "\",\"reason\":\"事后补批\","
                + "\"approvedBy\":\"某副局长\",\"approvedAt\":\"" + TODAY + "\"}]}", null);
        HazardApiTest.assertProblem(lateExtension, 422, "date_out_of_order");

        Http.Answer opened = reviewer.post("/api/cases", "{\"title\":\"某化工公司火灾事故\",\"subjectUnitId\":\"" + company
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + EVENT + "T10:00:00+08:00\",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":900000}}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        List<JsonObject> direct = new ArrayList<>();
        for (JsonElement l : opened.json().getAsJsonObject("tracks").getAsJsonObject("DIRECT").getAsJsonArray("links")) {
            direct.add(l.getAsJsonObject());
        }
        assertThat(link(direct, fixedOnTime).get("aggravating").getAsBoolean()).isFalse();
        assertThat(link(direct, fixedOnTime).get("reason").getAsString()).doesNotContain("逾期");
        assertThat(link(direct, overdue).get("aggravating").getAsBoolean()).isTrue();
        assertThat(link(direct, overdue).get("reason").getAsString()).contains("事发时已逾期未整改", EVENT.minusDays(5).toString());
        assertThat(link(direct, fixedLate).get("aggravating").getAsBoolean()).isTrue();
    }

    private static JsonObject link(List<JsonObject> links, String evidenceId) {
        return links.stream().filter(l -> l.get("evidenceId").getAsString().equals(evidenceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no link to " + evidenceId + " in " + links));
    }

    private static String create(Http http, String body) {
        Http.Answer created = http.post("/api/hazards", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.field("id");
    }
}
