package cn.fieldsync.server.evidence;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealed records through the real server: sealed on the device with its own key, verified on
 * push and on every read; an edit after sealing, a seal by another device's key, or a byte
 * changed underneath is refused or shown, and nothing stored changes.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/seal-api")
@AddConfig(key = "fieldsync.db.schema", value = "seal_api")
class SealApiTest {

    @Inject
    WebTarget target;

    private Http http;
    private String unitId;
    private String testName;
    private final List<FieldStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        http = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unitId = http.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void close() {
        stores.forEach(FieldStore::close);
    }

    @Test
    void anInspectionWithTwoPhotosSealedWithASignatureIsVerifiedOnTheServer() throws Exception {
        FieldStore a = device("a");
        JsonObject unsigned = inspection();
        com.google.gson.JsonElement signatures = unsigned.remove("signatures");
        String id = a.create(RecordType.INSPECTION, unsigned);
        // the photos first, then the signatures: a signer confirms the photos too (安全生产法 art 68)
        a.attach(id, file("photo-1.jpg", "第一张照片"), "image/jpeg", null, null);
        a.attach(id, file("photo-2.jpg", "第二张照片"), "image/jpeg", null, null);
        a.edit(id, Map.of("signatures", signatures));
        a.seal(id, "李建国", "董事长", file("signature.png", "手写签名图像"));
        a.sync(SyncListener.NONE);

        JsonObject onServer = http.get("/api/inspections/" + id).json();
        assertThat(onServer.get("status").getAsString()).as(http.get("/api/sync/rejected").body()).isEqualTo("SEALED");
        assertThat(onServer.get("sealVerified").getAsBoolean()).isTrue();
        assertThat(onServer.getAsJsonArray("photos")).hasSize(2);
        assertThat(onServer.getAsJsonObject("seal").get("deviceId").getAsString()).isEqualTo(a.status().deviceId());
        String signature = onServer.getAsJsonArray("signatures").get(2).getAsJsonObject().get("signatureImage").getAsString();
        assertThat(http.get("/api/attachments/" + signature).body()).contains("PNG").endsWith("手写签名图像");
    }

    @Test
    void aSealedRecordTakesNoEditOnTheDeviceNorOnTheServer() throws Exception {
        FieldStore a = device("a");
        String id = a.create(RecordType.INSPECTION, inspection());
        a.seal(id, "李建国", "董事长", file("signature.png", "签名"));
        a.sync(SyncListener.NONE);
        assertThatThrownBy(() -> a.edit(id, Map.of("findings", StrictJson.parse("[\"改过的问题\"]"))))
                .isInstanceOf(FieldsyncException.class).hasMessageContaining("sealed");

        int version = http.get("/api/inspections/" + id).json().get("version").getAsInt();
        JsonObject answer = push("a", a.status().deviceId(), "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"inspection\",\"id\":\"" + id
                + "\",\"baseVersion\":" + version + ",\"fields\":{\"findings\":[\"改过的问题\"]}}");
        assertThat(answer.get("status").getAsString()).isEqualTo("rejected");
        assertThat(answer.get("code").getAsString()).isEqualTo("sealed");
        assertThat(http.patch("/api/inspections/" + id, "{\"findings\":[\"x\"]}", null).field("code")).isEqualTo("sealed");
        JsonObject after = http.get("/api/inspections/" + id).json();
        assertThat(after.get("version").getAsInt()).isEqualTo(version);
        assertThat(after.get("sealVerified").getAsBoolean()).isTrue();
    }

    @Test
    void aSealClaimingAnotherDevicesKeyIsRefusedAndNothingIsStored() throws Exception {
        FieldStore a = device("a");
        FieldStore b = device("b");
        String id = b.create(RecordType.INSPECTION, inspection());
        b.sealRefused(id, "赵某", "矿长", "村委会主任孙某");
        JsonObject forged = b.get(id).orElseThrow().body();
        forged.getAsJsonObject("seal").addProperty("deviceId", a.status().deviceId());
        JsonObject answer = push("b", b.status().deviceId(), "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"inspection\",\"id\":\""
                + id + "\",\"baseVersion\":0,\"fields\":" + forged + "}");
        assertThat(answer.get("code").getAsString()).isEqualTo("invalid_seal");
        assertThat(http.get("/api/inspections/" + id).status()).isEqualTo(404);
    }

    @Test
    void aRecordChangedAfterItWasSealedIsRefusedAndNothingIsStored() throws Exception {
        FieldStore a = device("a");
        String id = a.create(RecordType.INSPECTION, inspection());
        a.sealRefused(id, "赵某", "矿长", "村委会主任孙某");
        JsonObject altered = a.get(id).orElseThrow().body();
        altered.add("findings", StrictJson.parse("[\"签字后改动的问题\"]"));
        JsonObject answer = push("a", a.status().deviceId(), "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"inspection\",\"id\":\""
                + id + "\",\"baseVersion\":0,\"fields\":" + altered + "}");
        assertThat(answer.get("code").getAsString()).isEqualTo("invalid_seal");
        assertThat(http.get("/api/inspections/" + id).status()).isEqualTo(404);
    }

    @Test
    void aByteChangedUnderneathASealedRecordShowsAsNotVerified() throws Exception {
        FieldStore a = device("a");
        String id = a.create(RecordType.INSPECTION, inspection());
        a.sealRefused(id, "赵某", "矿长", "村委会主任孙某");
        a.sync(SyncListener.NONE);
        assertThat(http.get("/api/inspections/" + id).json().get("sealVerified").getAsBoolean()).isTrue();
        try (Connection c = TestDatabases.connect("target/test-data/seal-api", "seal_api");
             PreparedStatement ps = c.prepareStatement("UPDATE record SET body = REPLACE(body, '通道', '道通') WHERE id = ?")) {
            ps.setString(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(http.get("/api/inspections/" + id).json().get("sealVerified").getAsBoolean()).isFalse();
    }

    @Test
    void anAmendmentPointsAtTheSealedOriginalAndBothStayVisible() throws Exception {
        FieldStore a = device("a");
        String original = a.create(RecordType.INSPECTION, inspection());
        a.sealRefused(original, "赵某", "矿长", "村委会主任孙某");
        JsonObject amendment = inspection();
        amendment.addProperty("amends", original);
        amendment.add("findings", StrictJson.parse("[\"更正：消防通道堵塞长度约十米\"]"));
        String corrected = a.create(RecordType.INSPECTION, amendment);
        a.sync(SyncListener.NONE);
        assertThat(http.get("/api/inspections/" + original).json().get("sealVerified").getAsBoolean()).isTrue();
        assertThat(http.get("/api/inspections/" + corrected).field("amends")).isEqualTo(original);
        LocalRecord local = a.get(corrected).orElseThrow();
        assertThat(local.version()).isEqualTo(1);
    }

    private FieldStore device(String name) {
        FieldStore store = FieldStore.open(TestDatabases.freshDirectory("seal-" + testName + "-" + name));
        stores.add(store);
        TestUsers.init(http, store, name);
        return store;
    }

    private JsonObject inspection() throws StrictJson.MalformedJsonException {
        return StrictJson.parseObject("""
                {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                 "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                 "signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-20T11:00:00+08:00"},
                               {"role":"INSPECTOR","name":"刘洋","signedAt":"2026-11-20T11:00:00+08:00"}],
                 "findings":["消防通道堵塞"]}""".formatted(unitId));
    }

    private Path file(String name, String content) throws Exception {
        Path file = TestDatabases.freshDirectory("files-" + testName + "-" + name).resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, cn.fieldsync.server.testing.TestAttachments.image(name, content));
        return file;
    }

    /** Pushes as the device of inspector-{name} (enrolled by {@link #device}), bypassing its store. */
    private JsonObject push(String name, String device, String op) {
        Http asDevice = http.login("inspector-" + name, TestUsers.password("inspector-" + name), device);
        Http.Answer answer = asDevice.post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }
}
