package cn.fieldsync.server.api;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static cn.fieldsync.server.api.HazardApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: two dangers raised from the same failed checklist item were both accepted.
 * One failed criterion is one danger (cn.fieldsync.schemas.RaisedDangers): the second is refused
 * with {@code item_has_danger}, naming the danger already there and where it is — by the server
 * (from the app, or from a second device) and by the device that holds the first.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/one-danger-per-item")
@AddConfig(key = "fieldsync.db.schema", value = "one_danger_per_item")
class OneDangerPerChecklistItemApiTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private String inspection;
    private String testName;
    private final List<FieldStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        inspection = admin.post("/api/inspections", "{\"unitId\":\"" + unit + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\","
                + "\"place\":{\"address\":\"化工园\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"}],"
                + "\"checklist\":[{\"itemCode\":\"HC-02\",\"text\":\"消防通道畅通\",\"result\":\"FAIL\"},"
                + "{\"itemCode\":\"HC-03\",\"text\":\"灭火器有效\",\"result\":\"FAIL\"}]}").field("id");
    }

    @AfterEach
    void close() {
        stores.forEach(FieldStore::close);
    }

    @Test
    void theAppRaisingASecondDangerFromTheSameItemIsRefusedNamingTheFirstAndItsPlace() {
        Http.Answer first = admin.post("/api/hazards", hazard("HC-02", "二号仓库北门"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Http.Answer second = admin.post("/api/hazards", hazard("HC-02", "东侧通道"));
        assertProblem(second, 422, "item_has_danger");
        assertThat(second.field("message")).contains("已登记隐患“消防通道堵塞”").contains(first.field("id")).contains("二号仓库北门");
        assertThat(admin.post("/api/hazards", hazard("HC-03", "东侧通道")).status()).isEqualTo(201);
    }

    @Test
    void twoDevicesRaisingADangerFromTheSameItemKeepOneAndTheSecondDeviceRefusesOnceItHoldsTheFirst() {
        FieldStore a = device("a");
        FieldStore b = device("b");
        sync(a);
        sync(b);
        String kept = a.create(RecordType.HAZARD, hazard("HC-02", "二号仓库北门"));
        String twin = b.create(RecordType.HAZARD, hazard("HC-02", "东侧通道"));
        sync(a);
        sync(b);
        assertThat(admin.get("/api/hazards/" + kept).field("deleted")).isEqualTo("false");
        assertThat(admin.get("/api/hazards/" + twin).status()).isEqualTo(404);
        assertThat(b.attention()).anySatisfy(item -> {
            assertThat(item.recordId()).isEqualTo(twin);
            assertThat(item.code()).isEqualTo("item_has_danger");
        });
        assertThatThrownBy(() -> b.create(RecordType.HAZARD, hazard("HC-02", "西侧"))).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(item_has_danger)").hasMessageContaining(kept).hasMessageContaining("二号仓库北门");
    }

    private String hazard(String item, String address) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"location\":{\"address\":\"" + address + "\"},\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-11-27\","
                + "\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"" + item + "\"}";
    }

    private FieldStore device(String name) {
        FieldStore opened = TestDevices.enrolled(admin, "devices-" + testName + "-" + name, name);
        stores.add(opened);
        return opened;
    }

    private void sync(FieldStore device) {
        TestDevices.sync(target.getUri(), device);
    }
}
