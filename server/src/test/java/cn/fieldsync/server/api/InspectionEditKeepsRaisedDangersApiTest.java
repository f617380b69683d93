package cn.fieldsync.server.api;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonParser;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static cn.fieldsync.server.api.HazardApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: after a danger was raised from a checklist item, the inspection's checklist
 * could be edited under it (the FAIL item set to PASS and sealed, forcesMajor dropped so the MAJOR
 * danger could turn GENERAL, the item removed). Now (cn.fieldsync.schemas.RaisedDangers) an edit
 * the raised danger no longer fits is refused with {@code item_has_danger}, naming the danger —
 * on the server and on the device; and a danger from an item that did not fail is refused with
 * {@code item_not_failed}, saying exactly that.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/inspection-edit-keeps-dangers")
@AddConfig(key = "fieldsync.db.schema", value = "inspection_edit_keeps_dangers")
class InspectionEditKeepsRaisedDangersApiTest {

    private static final String HC02 = "{\"itemCode\":\"HC-02\",\"text\":\"消防通道畅通\",\"result\":\"%s\"}";
    private static final String HC07 = "{\"itemCode\":\"HC-07\",\"text\":\"液氨储罐区设置泄漏报警装置\",\"result\":\"%s\"%s}";
    private static final String FORCES_MAJOR = ",\"forcesMajor\":true";

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private String inspection;
    private String major;
    private FieldStore store;
    private String testName;

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        inspection = admin.post("/api/inspections", "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\","
                + "\"place\":{\"address\":\"化工园\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}],"
                + "\"checklist\":[" + checklist("FAIL", "FAIL", FORCES_MAJOR) + "]}").field("id");
        Http.Answer raised = admin.post("/api/hazards", "{\"unitId\":\"" + unit + "\",\"grade\":\"MAJOR\",\"category\":\"HAZARDOUS_CHEMICALS\","
                + "\"description\":\"液氨储罐区未设置泄漏报警装置\",\"location\":{\"address\":\"液氨储罐区\"},"
                + "\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"HC-07\"}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        major = raised.field("id");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** 安全生产法 art 118: a failed 重大事故隐患判定标准 item is a major danger; its inspection keeps saying so. */
    @Test
    void art118_theServerRefusesAnInspectionEditThatTheMajorDangerRaisedFromItNoLongerFits() {
        for (String edited : new String[] {
                checklist("FAIL", "PASS", FORCES_MAJOR), // the failed item now passed
                checklist("FAIL", "FAIL", ""), // forcesMajor dropped under a MAJOR danger
                String.format(HC02, "FAIL")}) { // the item removed
            Http.Answer refused = admin.patch("/api/inspections/" + inspection, "{\"checklist\":[" + edited + "]}", null);
            assertProblem(refused, 422, "item_has_danger");
            assertThat(refused.field("message")).contains(major).contains("液氨储罐区").contains("HC-07");
        }
        assertThat(admin.get("/api/inspections/" + inspection).body()).contains("\"forcesMajor\":true");
        // an edit the danger still fits is taken
        assertThat(admin.patch("/api/inspections/" + inspection, "{\"checklist\":[" + checklist("PASS", "FAIL", FORCES_MAJOR) + "]}", null)
                .status()).isEqualTo(200);
    }

    @Test
    void art118_theDeviceRefusesTheSameEditBeforeItIsQueued() {
        store = device("editor");
        sync(store);
        assertThatThrownBy(() -> store.edit(inspection, Map.of("checklist",
                JsonParser.parseString("[" + checklist("FAIL", "PASS", FORCES_MAJOR) + "]"))))
                .isInstanceOf(InputRefusedException.class).hasMessageContaining("(item_has_danger)").hasMessageContaining(major);
        assertThat(store.get(inspection).orElseThrow().body().toString()).contains("\"result\":\"FAIL\",\"forcesMajor\":true");
    }

    @Test
    void aDangerFromAnItemThatPassedIsRefusedSayingTheItemPassedNotThatAStepIsMissing() {
        admin.patch("/api/inspections/" + inspection, "{\"checklist\":[" + checklist("PASS", "FAIL", FORCES_MAJOR) + "]}", null);
        store = device("passed");
        sync(store);
        String fromPassed = "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-11-27\",\"inspectionId\":\"" + inspection
                + "\",\"checklistItemCode\":\"HC-02\"}";
        assertThatThrownBy(() -> store.create(RecordType.HAZARD, fromPassed)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("检查项 HC-02 的结果是“符合”，不是“不符合”").hasMessageContaining("(item_not_failed)")
                .hasMessageNotContaining("治理流程");
        Http.Answer refused = admin.post("/api/hazards", fromPassed);
        assertProblem(refused, 422, "item_not_failed");
        assertThat(refused.field("message")).contains("检查项 HC-02 的结果是“符合”，不是“不符合”");
    }

    private static String checklist(String hc02, String hc07, String forcesMajor) {
        return String.format(HC02, hc02) + "," + String.format(HC07, hc07, forcesMajor);
    }

    private FieldStore device(String name) {
        FieldStore opened = TestDevices.enrolled(admin, "devices-" + testName + "-" + name, name);
        return opened;
    }

    private void sync(FieldStore device) {
        TestDevices.sync(target.getUri(), device);
    }
}
