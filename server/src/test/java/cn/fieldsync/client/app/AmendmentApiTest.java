package cn.fieldsync.client.app;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
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
 * "改正后重新记录" of the inspector's app through a real server and a real device store (in the
 * app's package: {@link DeviceStore} is the app's own door to the store): a sealed record the
 * server refused is corrected by one new record that names it ({@code amends}, 安全生产法 art 68:
 * what was signed stays, the correction is linked to it), and an app killed half-way — the new
 * record stored, the refused one not yet withdrawn — neither makes a second correction nor leaves
 * the refused record waiting.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/app-amendment")
@AddConfig(key = "fieldsync.db.schema", value = "app_amendment")
class AmendmentApiTest {

    @Inject
    WebTarget target;

    @Test
    void aCorrectionKilledHalfWayIsFinishedNotMadeTwiceAndNamesTheRefusedRecord() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unitId = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}")
                .field("id");
        String user = "inspector-amender";
        TestUsers.inspectorAccount(admin, user);
        try (DeviceStore app = new DeviceStore(TestDatabases.freshDirectory("amend-app"));
             FieldStore other = FieldStore.open(TestDatabases.freshDirectory("amend-other"))) {
            app.enrol(target.getUri().toString(), "平板", user, TestUsers.password(user));
            other.init(target.getUri().toString(), "手机", user, TestUsers.password(user));
            String original = app.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                     "signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-20T11:00:00+08:00"},
                                   {"role":"INSPECTOR","name":"刘洋","signedAt":"2026-11-20T11:00:00+08:00"}],
                     "findings":["消防通道堵塞"]}""".formatted(unitId)));
            app.sync(SyncListener.NONE);
            // synced but not signed yet: still the inspector's draft (counted under 未签字封存)
            assertThat(new RecordViews(app).view(app.get(original).orElseThrow()).get("state").getAsString()).isEqualTo("DRAFT");
            // sealed on the other device meanwhile: this device's later change of the visit is refused by the server
            other.sync(SyncListener.NONE);
            other.sealRefused(original, "赵某", "矿长", "村委会主任孙某");
            other.sync(SyncListener.NONE);
            // a change of content clears the signatures given to the old content (安全生产法 art 68)
            app.edit(original, java.util.Map.of("findings", StrictJson.parse("[\"消防通道堵塞约十米\"]"),
                    "signatures", StrictJson.parse("[]")));
            app.sync(SyncListener.NONE);
            assertThat(app.attention()).anyMatch(a -> a.recordId().equals(original) && a.kind() == AttentionItem.Kind.NEEDS_ACTION);

            JsonObject draft = app.amendment(original).getAsJsonObject("record");
            assertThat(draft.get("amends").getAsString()).isEqualTo(original);
            draft.add("findings", StrictJson.parse("[\"更正：消防通道堵塞长度约十米\"]"));
            // the corrected record is signed afresh (安全生产法 art 68)
            draft.add("signatures", StrictJson.parse("""
                    [{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-21T11:00:00+08:00"},
                     {"role":"INSPECTOR","name":"刘洋","signedAt":"2026-11-21T11:00:00+08:00"}]"""));
            // killed after the new record was stored, before the refused one was withdrawn
            String corrected = app.create(RecordType.INSPECTION, draft);
            int inspections = app.list(RecordType.INSPECTION).size();

            assertThat(app.amendment(original).get("existing").getAsString()).isEqualTo(corrected);
            assertThat(app.amend(original, draft.deepCopy())).isEqualTo(corrected);
            assertThat(app.list(RecordType.INSPECTION)).hasSize(inspections);
            assertThat(app.attention()).noneMatch(a -> a.recordId().equals(original));
            assertThat(app.withdrawn()).anyMatch(w -> original.equals(w.get("recordId").getAsString())
                    && (DeviceStore.AMENDED_AS + corrected).equals(RecordViews.text(w, "note")));

            JsonObject withdrawn = new RecordViews(app).withdrawn(app).get(0).getAsJsonObject();
            assertThat(withdrawn.get("id").getAsString()).isEqualTo(original);
            assertThat(withdrawn.get("unitName").getAsString()).isEqualTo("某化工公司");
            app.sealRefused(corrected, "赵某", "厂长", "村委会主任孙某");
            app.sync(SyncListener.NONE);
            JsonObject onServer = admin.get("/api/inspections/" + corrected).json();
            assertThat(onServer.get("amends").getAsString()).as(admin.get("/api/sync/rejected").body()).isEqualTo(original);
            assertThat(onServer.get("sealVerified").getAsBoolean()).isTrue();
        }
        // a page of the server given as its address: said as what to write instead
        try (DeviceStore wrong = new DeviceStore(TestDatabases.freshDirectory("amend-wrong-address"))) {
            String console = target.getUri().toString().replaceAll("/$", "") + "/console";
            cn.fieldsync.client.FieldsyncException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    cn.fieldsync.client.FieldsyncException.class, () -> wrong.enrol(console, "平板", user, TestUsers.password(user)));
            assertThat(InspectorApp.enrolWords(console, refused)).contains("不是 fieldsync 服务器").contains("/console").doesNotContain("Endpoint");
        }
    }
}
