package cn.fieldsync.server.document;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;

import static cn.fieldsync.server.document.DocumentApiTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server serving two counties: each county's 文书 is issued under its own authority and numbered
 * in its own sequence, and each county's cases (案件编号) too; a county the settings do not name, or
 * a kind it has no number for, is refused rather than printed or numbered as the other county's.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/county-sequences")
@AddConfig(key = "fieldsync.db.schema", value = "county_sequences")
@AddConfig(key = "fieldsync.demo-data", value = "true")
@AddConfig(key = "fieldsync.documents.county.370686.authority", value = "栖霞市应急管理局")
@AddConfig(key = "fieldsync.documents.county.370686.number-pattern.rectification-order", value = "栖应急责改〔{year}〕{seq}号")
@AddConfig(key = "fieldsync.documents.county.370686.number-pattern.hazard-ledger", value = "栖应急台账〔{year}〕{seq}号")
@AddConfig(key = "fieldsync.documents.county.370612.authority", value = "烟台市牟平区应急管理局")
@AddConfig(key = "fieldsync.documents.county.370612.number-pattern.rectification-order", value = "牟应急责改〔{year}〕{seq}号")
@AddConfig(key = "fieldsync.case.county.370686.number-pattern", value = "栖纪案〔{year}〕{seq}号")
@AddConfig(key = "fieldsync.case.county.370612.number-pattern", value = "牟纪案〔{year}〕{seq}号")
class CountySequencesApiTest {

    @Inject
    private WebTarget target;

    @Test
    void eachCountysDocumentsAreIssuedUnderItsOwnAuthorityAndNumberedInItsOwnSequence() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        int year = today().getYear();
        DocumentApiTest.Pdf qixia = issue(admin, order(hazardOf(admin, DemoData.CHEMICAL_CO, "储罐区未设置防火堤")));
        assertThat(qixia.status).as(qixia.error).isEqualTo(200);
        assertThat(qixia.number).isEqualTo("栖应急责改〔" + year + "〕1号");
        assertThat(qixia.text()).contains("栖霞市应急管理局").doesNotContain("牟平");

        String muping = admin.post("/api/units", "{\"name\":\"烟台市牟平区海盛化工有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370612\"}")
                .field("id");
        DocumentApiTest.Pdf other = issue(admin, order(hazardOf(admin, muping, "甲醇储罐呼吸阀堵塞")));
        assertThat(other.status).as(other.error).isEqualTo(200);
        // its own sequence: the first of 牟平区, not the second of the server
        assertThat(other.number).isEqualTo("牟应急责改〔" + year + "〕1号");
        assertThat(other.text()).contains("烟台市牟平区应急管理局", "烟台市牟平区海盛化工有限公司").doesNotContain("栖霞市应急管理局");

        DocumentApiTest.Pdf second = issue(admin, order(hazardOf(admin, DemoData.MINING_CO, "井口安全出口标志缺失")));
        assertThat(second.number).isEqualTo("栖应急责改〔" + year + "〕2号");
    }

    @Test
    void aCountyOrAKindTheSettingsDoNotNameIsRefusedNotPrintedUnderAnotherCountysAuthority() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String laiyang = admin.post("/api/units", "{\"name\":\"莱阳市恒通机械有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370682\"}")
                .field("id");
        DocumentApiTest.Pdf unnamed = issue(admin, order(hazardOf(admin, laiyang, "冲床光电保护装置失效")));
        assertThat(unnamed.status).isEqualTo(422);
        assertThat(unnamed.error).contains("document_not_applicable", "370682", "fieldsync.documents.county.370682.authority",
                "fieldsync.documents.county.370682.number-pattern.rectification-order", "未出具文书");

        // 牟平区 has an order pattern but no ledger pattern
        DocumentApiTest.Pdf ledger = issue(admin, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"370612\"}}");
        assertThat(ledger.status).isEqualTo(422);
        assertThat(ledger.error).contains("fieldsync.documents.county.370612.number-pattern.hazard-ledger")
                .doesNotContain("fieldsync.documents.county.370612.authority");

        // a ledger of 栖霞市 naming 牟平区's unit lists nothing and would name that unit under 栖霞市's authority
        String muping = admin.post("/api/units", "{\"name\":\"烟台市牟平区某化工厂\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370612\"}")
                .field("id");
        DocumentApiTest.Pdf contradictory = issue(admin, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"370686\",\"unit\":\""
                + muping + "\"}}");
        assertThat(contradictory.status).isEqualTo(422);
        assertThat(contradictory.error).contains("/filter/unit", "互相矛盾", "未出具文书");

        // a ledger over every county has no one issuer
        DocumentApiTest.Pdf all = issue(admin, "{\"kind\":\"HAZARD_LEDGER\"}");
        assertThat(all.status).isEqualTo(422);
        assertThat(all.error).contains("须限定在一个县", "370686");
        DocumentApiTest.Pdf qixia = issue(admin, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"370686\"}}");
        assertThat(qixia.status).as(qixia.error).isEqualTo(200);
        assertThat(qixia.number).startsWith("栖应急台账〔");

    }

    @Test
    void eachCountysCasesAreNumberedInItsOwnSequenceAndACountyNotNamedIsRefused() {
        Http admin = TestUsers.admin(target.getUri());
        int year = today().getYear();
        String muping = admin.post("/api/units", "{\"name\":\"烟台市牟平区鑫达矿业有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370612\"}")
                .field("id");
        Http.Answer first = openCase(admin, muping);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        // the demo's case of 栖霞市 took 栖霞市's first number; 牟平区 starts its own
        assertThat(first.field("number")).isEqualTo("牟纪案〔" + year + "〕1号");
        Http.Answer qixia = openCase(admin, DemoData.MINING_CO);
        assertThat(qixia.field("number")).isEqualTo("栖纪案〔" + year + "〕2号");

        String laiyang = admin.post("/api/units", "{\"name\":\"莱阳市恒丰食品有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370682\"}")
                .field("id");
        Http.Answer refused = openCase(admin, laiyang);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("invalid_case", "370682", "fieldsync.case.county.370682.number-pattern", "未立案");
        assertThat(openCase(admin, muping).field("number")).as("nothing refused took a number").isEqualTo("牟纪案〔" + year + "〕2号");
    }

    private static Http.Answer openCase(Http as, String unitId) {
        return as.post("/api/cases", "{\"title\":\"一案双查\",\"subjectUnitId\":\"" + unitId + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\""
                + today().minusDays(5) + "T10:00:00+08:00\",\"deaths\":0,\"seriousInjuries\":1,\"directLossCny\":200000,\"description\":\"机械伤害\"}}");
    }

    private static String order(String hazardId) {
        return "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + hazardId + "\"}";
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    private static String hazardOf(Http as, String unitId, String description) {
        return as.post("/api/hazards", "{\"unitId\":\"" + unitId + "\",\"grade\":\"GENERAL\",\"category\":\"MACHINERY\",\"description\":\"" + description
                + "\",\"location\":{\"address\":\"厂区\"},\"foundAt\":\"" + today().minusDays(1) + "T10:00:00+08:00\",\"deadline\":\""
                + today().plusDays(10) + "\",\"responsiblePerson\":\"王经理\"}").field("id");
    }
}
