package cn.fieldsync.client.app;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestAttachments;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inspector's app signs on the glass (安全生产法 art 68) through a real server and a real
 * device store: each inspector's signature image is attached without touching the record's photos
 * (which are signed content), so the second inspector signs beside the first; and signatures given
 * offline on findings a colleague changed meanwhile wait in a conflict that the app's list shows
 * with the server's reason — never merged onto the new findings.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/app-signature-conflict")
@AddConfig(key = "fieldsync.db.schema", value = "app_signature_conflict")
class SignatureWaitsInAConflictApiTest {

    @Inject
    WebTarget target;

    @Test
    void art68_twoInspectorsSignWithoutChangingThePhotosAndSignaturesOnOlderFindingsWaitInAConflictTheAppExplains() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unitId = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}")
                .field("id");
        TestUsers.inspectorAccount(admin, "inspector-signer");
        TestUsers.inspectorAccount(admin, "inspector-colleague");
        try (DeviceStore app = new DeviceStore(TestDatabases.freshDirectory("app-signer"));
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("app-colleague"))) {
            app.enrol(target.getUri().toString(), "平板", "inspector-signer", TestUsers.password("inspector-signer"));
            colleague.init(target.getUri().toString(), "手机", "inspector-colleague", TestUsers.password("inspector-colleague"));
            String id = app.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                     "findings":["消防通道堵塞"]}""".formatted(unitId)));
            app.addPhoto(id, TestAttachments.image("site.jpg", "现场照片"), "image/jpeg", null, null, null);
            app.sync(SyncListener.NONE);
            colleague.sync(SyncListener.NONE);
            colleague.edit(id, Map.of("findings", StrictJson.parse("[\"消防通道堵塞\",\"应急照明损坏\"]")));
            colleague.sync(SyncListener.NONE);

            // offline, both inspectors sign what this tablet shows: the photo stays the one photo
            app.signAsInspector(id, "张明", "鲁应急执字37068600123", TestAttachments.image("zhang.png", "张明的签名"));
            app.signAsInspector(id, "刘洋", "鲁应急执字37068600456", TestAttachments.image("liu.png", "刘洋的签名"));
            JsonObject signed = app.get(id).orElseThrow().body();
            assertThat(signed.getAsJsonArray("signatures")).hasSize(2);
            assertThat(signed.getAsJsonArray("photos")).hasSize(1);

            app.sync(SyncListener.NONE);
            JsonObject onServer = admin.get("/api/inspections/" + id).json();
            assertThat(onServer.getAsJsonArray("findings")).hasSize(2);
            assertThat(onServer.has("signatures")).as("no signature on findings its signers never saw").isFalse();
            JsonObject view = new RecordViews(app).view(app.get(id).orElseThrow());
            assertThat(view.get("state").getAsString()).isEqualTo("CONFLICT");
            assertThat(view.get("reason").getAsString()).contains("较早的内容上作出的").contains("检查发现");
            assertThat(view.get("next").getAsString()).contains("重新签字");
        }
    }
}
