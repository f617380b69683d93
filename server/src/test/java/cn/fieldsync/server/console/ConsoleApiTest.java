package cn.fieldsync.server.console;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console reads besides the records: persons and units found by name, the figures of the
 * statistics page — each within the caller's scope, another county's as if absent — the display
 * names of users and the zone times are shown in.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/console-api")
@AddConfig(key = "fieldsync.db.schema", value = "console_api")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class ConsoleApiTest {

    @Inject
    WebTarget target;

    @Test
    void personsAndUnitsAreFoundByPartOfTheirNameWithinTheCallersScope() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        JsonObject found = reviewer.get("/api/persons?name=" + enc("卫东")).json();
        assertThat(found.get("total").getAsInt()).isEqualTo(1);
        assertThat(found.getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(DemoData.BUREAU_HEAD);
        assertThat(reviewer.get("/api/units?name=" + enc("鑫源")).json().getAsJsonArray("items").get(0).getAsJsonObject()
                .get("id").getAsString()).isEqualTo(DemoData.CHEMICAL_CO);
        assertThat(reviewer.get("/api/hazards?name=" + enc("通道")).status()).isEqualTo(400);

        // a reviewer of another county finds nobody of 栖霞市
        Http elsewhere = TestUsers.create(TestUsers.admin(target.getUri()), "reviewer-elsewhere", "REVIEWER", "370602");
        assertThat(elsewhere.get("/api/persons?name=" + enc("卫东")).json().get("total").getAsInt()).isZero();
    }

    @Test
    void theStatisticsCountWhatTheCallerSees() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        JsonObject s = reviewer.get("/api/statistics?jurisdiction=370686").json();
        JsonObject hazards = s.getAsJsonObject("hazards");
        assertThat(hazards.get("total").getAsInt()).isEqualTo(3);
        assertThat(hazards.getAsJsonObject("byGrade").get("MAJOR").getAsInt()).isEqualTo(1);
        assertThat(hazards.get("overdue").getAsInt()).isEqualTo(2);
        assertThat(hazards.get("overdueRate").getAsDouble()).isEqualTo(0.6667);
        assertThat(hazards.get("rectificationRate").getAsDouble()).isEqualTo(0.3333);
        assertThat(hazards.getAsJsonArray("listed").get(0).getAsJsonObject().get("unitName").getAsString())
                .isEqualTo("栖霞市鑫源化工有限公司");
        assertThat(s.getAsJsonObject("cases").getAsJsonObject("byStatus").get("OPEN").getAsInt()).isEqualTo(1);
        assertThat(reviewer.get("/api/statistics?jurisdiction=qixia").status()).isEqualTo(400);

        Http elsewhere = TestUsers.create(TestUsers.admin(target.getUri()), "stats-elsewhere", "REVIEWER", "370602");
        JsonObject none = elsewhere.get("/api/statistics?jurisdiction=3706").json();
        assertThat(none.getAsJsonObject("hazards").get("total").getAsInt()).isZero();
        assertThat(none.getAsJsonObject("cases").get("total").getAsInt()).isZero();
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        assertThat(inspector.get("/api/statistics").status()).isEqualTo(403);
    }

    @Test
    void usersAreNamedAndTheZoneIsTold() {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        JsonObject names = inspector.get("/api/auth/names?user=liqing&user=zhangming&user=nobody").json();
        assertThat(names.get("liqing").getAsString()).isEqualTo("李青");
        assertThat(names.get("zhangming").getAsString()).isEqualTo("张明");
        assertThat(names.has("nobody")).isFalse();
        assertThat(inspector.get("/api/auth/me").json().get("zone").getAsString()).isEqualTo("Asia/Shanghai");

        Http admin = TestUsers.admin(target.getUri());
        assertThat(admin.patch("/api/admin/users/admin", "{\"displayName\":\"系统管理员\"}", null).status()).isEqualTo(200);
        assertThat(inspector.get("/api/auth/names?user=admin").json().get("admin").getAsString()).isEqualTo("系统管理员");
        assertThat(admin.patch("/api/admin/users/admin", "{\"displayName\":\"\"}", null).json().get("title").getAsString())
                .isEqualTo("用户信息不完整或不正确");

        // another county's inspector learns neither the names nor which accounts exist
        Http stranger = TestUsers.create(admin, "names-stranger", "INSPECTOR", "370602");
        assertThat(stranger.get("/api/auth/names?user=liqing&user=zhangming&user=nobody").json().keySet()).isEmpty();
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
