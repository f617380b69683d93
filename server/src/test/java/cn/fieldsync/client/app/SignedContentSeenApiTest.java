package cn.fieldsync.client.app;

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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 安全生产法 art 68 through the inspector's app, over its real HTTP API: a signature confirms what its signer saw. A
 * third tester's finding: the sign page showed "消防通道被物料堵塞", a background sync brought a colleague's "现场无问题",
 * and the signatures and the seal went onto that. The page sends back the {@code signedContent} it showed; content
 * changed since is not signed.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/app-signed-content")
@AddConfig(key = "fieldsync.db.schema", value = "app_signed_content")
class SignedContentSeenApiTest {

    @Inject
    WebTarget target;

    @Test
    void art68_aSignatureOverContentChangedSinceTheSignPageWasDrawnIsRefused() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unitId = admin.post("/api/units", "{\"name\":\"某仓储公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        TestUsers.inspectorAccount(admin, "inspector-seen");
        TestUsers.inspectorAccount(admin, "inspector-seen-colleague");
        Path dir = TestDatabases.freshDirectory("app-seen");
        String id;
        try (FieldStore tablet = FieldStore.open(dir);
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("app-seen-colleague"))) {
            tablet.init(target.getUri().toString(), "平板", "inspector-seen", TestUsers.password("inspector-seen"));
            colleague.init(target.getUri().toString(), "手机", "inspector-seen-colleague", TestUsers.password("inspector-seen-colleague"));
            id = tablet.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                     "findings":["消防通道被物料堵塞"]}""".formatted(unitId)));
            tablet.sync(SyncListener.NONE);
            colleague.sync(SyncListener.NONE);
            colleague.edit(id, Map.of("findings", StrictJson.parse("[\"现场无问题，一切正常\"]")));
            colleague.sync(SyncListener.NONE);
        }
        String seen;
        try (InspectorApp app = InspectorApp.start(dir, 0)) {
            // a third tester's finding beside it: the live check named no date in the future, which the save refuses
            JsonObject checked = StrictJson.parseObject(call(app, "POST", "/api/check/inspection", ("{\"unitId\":\"%s\",\"startedAt\":"
                    + "\"2099-01-01T09:00:00+08:00\",\"place\":{\"address\":\"栖霞市\"},\"inspectors\":[{\"name\":\"张明\","
                    + "\"certificateNumber\":\"鲁应急执字37068600123\"},{\"name\":\"刘洋\",\"certificateNumber\":\"鲁应急执字37068600456\"}]}")
                    .formatted(unitId)).body());
            assertThat(checked.getAsJsonArray("problems").toString()).contains("/startedAt");
            JsonObject view = StrictJson.parseObject(call(app, "GET", "/api/records/" + id, null).body());
            assertThat(view.getAsJsonObject("record").toString()).contains("消防通道被物料堵塞");
            seen = view.get("signedContent").getAsString();
        }
        // meanwhile the tablet syncs (the app's background sync): the colleague's findings arrive
        try (FieldStore tablet = FieldStore.open(dir)) {
            tablet.sync(SyncListener.NONE);
        }
        try (InspectorApp app = InspectorApp.start(dir, 0)) {
            String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(stroke());
            HttpResponse<String> stale = call(app, "POST", "/api/records/" + id + "/signatures", "{\"name\":\"张明\",\"certificateNumber\":"
                    + "\"鲁应急执字37068600123\",\"image\":\"" + png + "\",\"signedContent\":\"" + seen + "\"}");
            assertThat(stale.statusCode()).as(stale.body()).isGreaterThanOrEqualTo(400);
            assertThat(stale.body()).contains("记录内容在签字页打开后已变更").contains("本次未签字");
            JsonObject now = StrictJson.parseObject(call(app, "GET", "/api/records/" + id, null).body());
            assertThat(now.getAsJsonObject("record").has("signatures")).isFalse();

            // drawn again, the page shows what is there now, and that is what is signed
            assertThat(now.getAsJsonObject("record").toString()).contains("现场无问题");
            HttpResponse<String> signed = call(app, "POST", "/api/records/" + id + "/signatures", "{\"name\":\"张明\",\"certificateNumber\":"
                    + "\"鲁应急执字37068600123\",\"image\":\"" + png + "\",\"signedContent\":\"" + now.get("signedContent").getAsString() + "\"}");
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        }
    }

    /** A signature as the pad gives it: dark strokes on a transparent PNG. */
    private static byte[] stroke() throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(200, 80, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(4));
        g.drawLine(10, 60, 90, 15);
        g.drawLine(90, 15, 180, 55);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static HttpResponse<String> call(InspectorApp app, String method, String path, String body) throws Exception {
        URI launch = app.launchAddress();
        String token = launch.getQuery().substring("launch=".length());
        HttpRequest.Builder request = HttpRequest.newBuilder(launch.resolve(path)).header("X-Fieldsync-Token", token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
