package cn.fieldsync.server.api;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
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
import java.time.ZoneId;
import java.util.HexFormat;

import static cn.fieldsync.server.api.HazardApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through real HTTP, what a tester found the server accepting: impossible dates (安全生产法
 * art 119, in force since 2002-11-01), text of only blanks, a file that is no image named as a
 * photo, and a change under inspectors' signatures (安全生产法 art 68). The device refuses the
 * same through the same {@code RecordChecks.content} (DeviceRefusesImpossibleContentTest).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/record-content-api")
@AddConfig(key = "fieldsync.db.schema", value = "record_content_api")
class RecordContentApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final String INSPECTORS = "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"},{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}]";

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    private String inspection(String startedAt, String more) {
        return "{\"unitId\":\"" + unit + "\",\"startedAt\":\"" + startedAt + "\",\"place\":{\"address\":\"化工园\"}," + INSPECTORS
                + ",\"findings\":[\"消防通道畅通\"]" + more + "}";
    }

    private String hazard(String description, String responsible, String foundAt) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"" + description
                + "\",\"foundAt\":\"" + foundAt + "\",\"deadline\":\"" + TODAY.plusDays(20) + "\",\"responsiblePerson\":\"" + responsible + "\"}";
    }

    @Test
    void art119_anInspectionStartedNextYearOrIn1900AndADangerFoundInYear1AreRefused() {
        Http.Answer future = admin.post("/api/inspections", inspection(TODAY.plusYears(1) + "T09:00:00+08:00", ""));
        assertProblem(future, 422, "date_out_of_order");
        assertThat(future.field("field")).isEqualTo("/startedAt");
        assertThat(future.field("message")).contains("晚于现在");
        Http.Answer old = admin.post("/api/inspections", inspection("1900-06-01T09:00:00+08:00", ""));
        assertProblem(old, 422, "date_out_of_order");
        assertThat(old.field("message")).contains("2002-11-01");
        assertProblem(admin.post("/api/hazards", hazard("储罐渗漏", "王某", "0001-01-01T00:00:00Z")), 422, "date_out_of_order");
        assertThat(admin.post("/api/inspections", inspection(TODAY.minusDays(1) + "T09:00:00+08:00", "")).status()).isEqualTo(201);
    }

    @Test
    void aDescriptionOfSpacesAndAResponsiblePersonOfATabAreRefused() {
        String found = TODAY.minusDays(1) + "T09:00:00+08:00";
        Http.Answer spaces = admin.post("/api/hazards", hazard("   ", "王某", found));
        assertProblem(spaces, 422, "invalid_record");
        assertThat(spaces.field("field")).isEqualTo("/description");
        assertThat(spaces.field("message")).contains("没有可见的文字");
        Http.Answer tab = admin.post("/api/hazards", hazard("储罐渗漏", "\\t", found));
        assertProblem(tab, 422, "invalid_record");
        assertThat(tab.field("field")).isEqualTo("/responsiblePerson");
    }

    /** 安全生产法 art 68: the inspectors signed what the record said; its content changes only with the signatures cleared. */
    @Test
    void art68_aSignedInspectionChangesOnlyTogetherWithClearingItsSignatures() {
        String signed = ",\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"" + TODAY.minusDays(1) + "T11:00:00+08:00\"},"
                + "{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"" + TODAY.minusDays(1) + "T11:01:00+08:00\"}]";
        String id = admin.post("/api/inspections", inspection(TODAY.minusDays(1) + "T09:00:00+08:00", signed)).field("id");
        Http.Answer refused = admin.patch("/api/inspections/" + id, "{\"findings\":[\"消防通道堵塞\"]}", null);
        assertProblem(refused, 422, "invalid_record");
        assertThat(refused.field("message")).contains("已有签字，修改内容前须清除签字，并请各方重新签字");
        assertThat(admin.get("/api/inspections/" + id).body()).contains("消防通道畅通");
        assertThat(admin.patch("/api/inspections/" + id, "{\"findings\":[\"消防通道堵塞\"],\"signatures\":[]}", null).status()).isEqualTo(200);
        assertThat(admin.get("/api/inspections/" + id).body()).contains("消防通道堵塞").doesNotContain("\"张明\",\"signedAt\"");
    }

    @Test
    void anSvgOrATextFileIsNeverADangersPhoto() throws Exception {
        String id = admin.post("/api/hazards", hazard("储罐渗漏", "王某", TODAY.minusDays(1) + "T09:00:00+08:00")).field("id");
        for (String text : new String[] {"<svg><script>alert(1)</script></svg>", "只是一段文字，不是图片"}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(admin.sendBytes("PUT", "/api/attachments/" + sha, "application/octet-stream", bytes).status()).isEqualTo(201);
            Http.Answer named = admin.patch("/api/hazards/" + id, "{\"photos\":[\"" + sha + "\"]}", null);
            assertProblem(named, 422, "invalid_record");
            assertThat(named.field("message")).contains("不是图片");
        }
        assertThat(admin.get("/api/hazards/" + id).json().has("photos")).isFalse();
    }
}
