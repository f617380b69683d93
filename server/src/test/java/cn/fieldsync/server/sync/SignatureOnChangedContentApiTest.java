package cn.fieldsync.server.sync;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestAttachments;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 安全生产法 art 68: the inspectors and the inspected unit's person in charge sign the written
 * record of the inspection — a signature confirms the content its signer saw. A tester's findings,
 * through the real server over HTTP with two real device stores of the same county:
 *
 * <ul>
 *   <li>device A changes the findings (v2) while device D, still at v1, adds the person in
 *       charge's signature: the signature is held in a conflict that says it was given on older
 *       content, never merged onto A's findings; an administrator's DEVICE resolution is refused,
 *       SERVER keeps A's content and nothing D sent is lost;</li>
 *   <li>sealing at a stale base is such a conflict too;</li>
 *   <li>the converse: a content change made on v1 onto a record signed since is refused with the
 *       reason, shown on the device as needing attention;</li>
 *   <li>photos are signed content: added or removed on a signed record only with the signatures
 *       cleared in the same edit, on the device and on the server; a signature's own image is
 *       attached without touching the photos.</li>
 * </ul>
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/signature-on-changed-content")
@AddConfig(key = "fieldsync.db.schema", value = "signature_on_changed_content")
class SignatureOnChangedContentApiTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;
    private String testName;
    private final List<FieldStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        admin = TestUsers.admin(target.getUri());
        testName = info.getTestMethod().orElseThrow().getName();
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    @AfterEach
    void close() {
        stores.forEach(FieldStore::close);
    }

    @Test
    void art68_aSignatureAddedOfflineOnOlderContentIsHeldInAConflictNeverMergedOntoTheNewFindings() throws Exception {
        FieldStore a = device("a");
        FieldStore d = device("d");
        String id = onBoth(a, d);
        a.edit(id, Map.of("findings", json("[\"消防通道堵塞\",\"灭火器过期三个月\"]")));
        sync(a);
        String image = d.attachSignatureImage(id, file("unit-signature.png", "李建国的签名"));
        d.edit(id, Map.of("signatures", signatures(person("UNIT_PERSON_IN_CHARGE", "李建国", image))));
        assertThat(d.get(id).orElseThrow().body().has("photos")).as("a signature's image is not a photo").isFalse();

        SyncReport report = sync(d);
        assertThat(report.conflicts()).isEqualTo(1);
        assertThat(report.merged()).isZero();
        JsonObject onServer = admin.get("/api/inspections/" + id).json();
        assertThat(onServer.get("version").getAsInt()).isEqualTo(2);
        assertThat(onServer.getAsJsonArray("findings")).contains(new JsonPrimitive("灭火器过期三个月"));
        assertThat(onServer.has("signatures")).as("no signature confirms findings its signer never saw").isFalse();

        JsonObject conflict = onlyOpenConflict(id);
        JsonObject held = conflict.getAsJsonObject("fields").getAsJsonObject("signatures");
        assertThat(held.getAsJsonArray("device").get(0).getAsJsonObject().get("signatureImage").getAsString()).isEqualTo(image);
        JsonObject signedOn = held.getAsJsonObject("signedOnOtherContent");
        assertThat(signedOn.getAsJsonArray("changedFields")).containsExactly(new JsonPrimitive("findings"));
        assertThat(signedOn.get("message").getAsString()).contains("较早的内容上作出的").contains("检查发现").contains("安全生产法第六十八条");
        assertThat(admin.get("/api/attachments/" + image).body()).as("the signature's image reached the server").endsWith("李建国的签名");

        // the device shows the conflict and why: the signature was given on older content
        LocalConflict onDevice = d.conflicts().getFirst();
        assertThat(onDevice.status()).isEqualTo("OPEN");
        assertThat(onDevice.fields().getAsJsonObject("signatures").getAsJsonObject("signedOnOtherContent").get("message").getAsString())
                .contains("重新签字");

        // DEVICE would make the signature confirm content its signer never saw: refused, nothing written
        Http.Answer device = resolve(conflict, "DEVICE");
        assertThat(device.status()).as(device.body()).isEqualTo(422);
        assertThat(device.field("code")).isEqualTo("invalid_resolution");
        assertThat(device.field("message")).contains("签字人未见过的内容").contains("检查发现");
        Http.Answer merged = admin.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"MERGED\",\"version\":2,\"values\":{\"signatures\":" + held.get("device") + "}}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(422);
        assertThat(admin.get("/api/inspections/" + id).json().get("version").getAsInt()).isEqualTo(2);

        // SERVER keeps A's findings; the person in charge signs again, on what the record says now
        assertThat(resolve(conflict, "SERVER").status()).isEqualTo(200);
        sync(d);
        assertThat(d.conflicts()).extracting(LocalConflict::status).containsExactly("RESOLVED");
        JsonObject kept = admin.get("/api/conflicts/" + conflict.get("id").getAsString()).json();
        assertThat(kept.getAsJsonObject("fields").getAsJsonObject("signatures").get("device"))
                .as("what D sent stays in the conflict").isEqualTo(held.get("device"));
        JsonObject onD = d.get(id).orElseThrow().body();
        assertThat(onD.getAsJsonArray("findings")).contains(new JsonPrimitive("灭火器过期三个月"));
        d.edit(id, Map.of("signatures", signatures(person("UNIT_PERSON_IN_CHARGE", "李建国", image))));
        assertThat(sync(d).applied()).isEqualTo(1);
        assertThat(admin.get("/api/inspections/" + id).json().getAsJsonArray("signatures")).hasSize(1);
    }

    @Test
    void art68_sealingOnAStaleBaseIsAConflictNotASealOverContentTheSignersNeverSaw() throws Exception {
        FieldStore a = device("a");
        FieldStore d = device("d");
        String id = onBoth(a, d);
        a.edit(id, Map.of("findings", json("[\"消防通道堵塞\",\"配电箱未接地\"]")));
        sync(a);
        d.edit(id, Map.of("signatures", signatures(person("INSPECTOR", "张明", null), person("INSPECTOR", "刘洋", null))));
        d.seal(id, "李建国", "董事长", file("seal-signature.png", "签名"));

        assertThat(sync(d).conflicts()).isPositive();
        JsonObject onServer = admin.get("/api/inspections/" + id).json();
        assertThat(onServer.get("status").getAsString()).isEqualTo("DRAFT");
        assertThat(onServer.has("seal")).isFalse();
        JsonObject conflict = onlyOpenConflict(id);
        assertThat(conflict.getAsJsonObject("fields").keySet()).contains("signatures", "status", "seal");
        assertThat(admin.get("/api/sync/rejected?device=" + d.status().deviceId()).json().getAsJsonArray("items")).isEmpty();
        Http.Answer device = resolve(conflict, "DEVICE");
        assertThat(device.status()).as(device.body()).isEqualTo(422);
        assertThat(device.field("code")).isEqualTo("invalid_resolution");
    }

    /** The converse: findings changed on v1 onto a record signed since (v2) are refused, not merged under the signature. */
    @Test
    void art68_aContentChangeMadeBeforeASignatureIsRefusedOnTheSignedRecordAndShownOnTheDevice() throws Exception {
        FieldStore a = device("a");
        FieldStore d = device("d");
        String id = onBoth(a, d);
        a.edit(id, Map.of("signatures", signatures(person("INSPECTOR", "张明", null))));
        sync(a);
        d.edit(id, Map.of("findings", json("[\"消防通道已清理\"]")));

        SyncReport report = sync(d);
        assertThat(report.rejected()).isEqualTo(1);
        JsonObject onServer = admin.get("/api/inspections/" + id).json();
        assertThat(onServer.get("version").getAsInt()).isEqualTo(2);
        assertThat(onServer.getAsJsonArray("findings")).containsExactly(new JsonPrimitive("消防通道堵塞"));
        AttentionItem item = d.attention().stream().filter(i -> i.recordId().equals(id)).findFirst().orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionItem.Kind.NEEDS_ACTION);
        assertThat(item.code()).isEqualTo("invalid_record");
        assertThat(item.reason()).contains("已有签字，修改内容前须清除签字");
    }

    /** Photos are signed content: refused on a signed record by the device and by the server, unless the signatures go. */
    @Test
    void art68_aPhotoIsAddedOrRemovedOnASignedRecordOnlyWithTheSignaturesCleared() throws Exception {
        FieldStore a = device("a");
        String id = a.create(RecordType.INSPECTION, inspection());
        a.attach(id, file("site-1.jpg", "现场照片一"), "image/jpeg", null, null);
        a.edit(id, Map.of("signatures", signatures(person("INSPECTOR", "张明", null))));
        sync(a);
        JsonObject signed = admin.get("/api/inspections/" + id).json();
        String photo = signed.getAsJsonArray("photos").get(0).getAsString();
        int records = a.list(RecordType.ATTACHMENT).size();

        assertThatThrownBy(() -> a.attach(id, file("site-2.jpg", "现场照片二"), "image/jpeg", null, null))
                .isInstanceOf(InputRefusedException.class).hasMessageContaining("增加或删除照片前须清除签字").hasMessageContaining("(invalid_record)");
        assertThat(a.list(RecordType.ATTACHMENT)).as("nothing stored for the refused photo").hasSize(records);
        assertThatThrownBy(() -> a.edit(id, Map.of("photos", new JsonArray())))
                .isInstanceOf(InputRefusedException.class).hasMessageContaining("增加或删除照片前须清除签字");

        // another app's raw push is refused by the server by the same rule
        TestUsers.Device raw = TestUsers.device(admin, "inspector-a");
        for (String photos : List.of("[]", "[\"" + photo + "\",\"" + TestAttachments.EXAMPLE_SHA256 + "\"]")) {
            JsonObject answer = push(raw, "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"inspection\",\"id\":\"" + id
                    + "\",\"baseVersion\":" + signed.get("version") + ",\"fields\":{\"photos\":" + photos + "}}");
            assertThat(answer.get("status").getAsString()).as(answer.toString()).isEqualTo("rejected");
            assertThat(answer.get("code").getAsString()).isEqualTo("invalid_record");
            assertThat(answer.get("message").getAsString()).contains("增加或删除照片前须清除签字");
        }
        assertThat(admin.patch("/api/inspections/" + id, "{\"photos\":[]}", null).field("code")).isEqualTo("invalid_record");

        // with the signatures cleared in the same edit, the photo goes, and everyone signs again
        a.edit(id, Map.of("photos", new JsonArray(), "signatures", new JsonArray()));
        sync(a);
        JsonObject onServer = admin.get("/api/inspections/" + id).json();
        assertThat(onServer.getAsJsonArray("photos")).as(onServer.toString()).isEmpty();
        assertThat(onServer.getAsJsonArray("signatures")).isEmpty();
    }

    /** A draft inspection created on A, synced, and pulled by D: both at version 1. */
    private String onBoth(FieldStore a, FieldStore d) throws StrictJson.MalformedJsonException {
        String id = a.create(RecordType.INSPECTION, inspection());
        sync(a);
        sync(d);
        return id;
    }

    private JsonObject inspection() throws StrictJson.MalformedJsonException {
        return StrictJson.parseObject("""
                {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                 "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                 "findings":["消防通道堵塞"]}""".formatted(unit));
    }

    private static JsonObject person(String role, String name, String image) {
        JsonObject signature = new JsonObject();
        signature.addProperty("role", role);
        signature.addProperty("name", name);
        signature.addProperty("signedAt", "2026-11-20T11:00:00+08:00");
        if (image != null) {
            signature.addProperty("signatureImage", image);
        }
        return signature;
    }

    private static JsonArray signatures(JsonObject... signatures) {
        JsonArray all = new JsonArray();
        for (JsonObject signature : signatures) {
            all.add(signature);
        }
        return all;
    }

    private static JsonElement json(String text) throws StrictJson.MalformedJsonException {
        return StrictJson.parse(text);
    }

    private Path file(String name, String content) throws Exception {
        Path dir = TestDatabases.freshDirectory("files-" + testName);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), TestAttachments.image(name, content));
    }

    private JsonObject onlyOpenConflict(String recordId) {
        JsonObject list = admin.get("/api/conflicts?status=OPEN&record=" + recordId).json();
        assertThat(list.get("total").getAsInt()).as(list.toString()).isEqualTo(1);
        return list.getAsJsonArray("items").get(0).getAsJsonObject();
    }

    private Http.Answer resolve(JsonObject conflict, String resolution) {
        return admin.post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                "{\"resolution\":\"" + resolution + "\",\"version\":" + conflict.get("currentVersion").getAsInt()
                        + ",\"deviceVersion\":" + conflict.get("deviceVersion").getAsInt() + "}");
    }

    private static JsonObject push(TestUsers.Device device, String op) {
        Http.Answer answer = device.http().post("/api/sync/push", "{\"operations\":[" + op + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    private FieldStore device(String name) {
        FieldStore store = TestDevices.enrolled(admin, "devices-" + testName + "-" + name, name);
        stores.add(store);
        return store;
    }

    private SyncReport sync(FieldStore store) {
        return TestDevices.sync(target.getUri(), store);
    }
}
