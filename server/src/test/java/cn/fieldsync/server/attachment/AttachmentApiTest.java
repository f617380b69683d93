package cn.fieldsync.server.attachment;

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

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Attachment bytes through real HTTP: verified, stored once, resumable after a cut connection. */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/attachment-api")
@AddConfig(key = "fieldsync.db.schema", value = "attachment_api")
@AddConfig(key = "fieldsync.attachments.max-bytes", value = "4194304")
class AttachmentApiTest {

    private static final int CUTS = Integer.getInteger("fieldsync.test.upload-cuts", 20);

    @Inject
    WebTarget target;

    private final HttpClient client = HttpClient.newHttpClient();
    private Http http;

    @BeforeEach
    void connect() {
        http = TestUsers.admin(target.getUri());
    }

    @Test
    void aWholeUploadIsVerifiedAndIdenticalContentIsStoredOnce() throws Exception {
        byte[] content = "整改前照片".repeat(1000).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(content);
        assertThat(put(sha, content, null).statusCode()).isEqualTo(201);
        HttpResponse<Void> head = head(sha);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Fieldsync-Complete")).hasValue("true");
        assertThat(head.headers().firstValue("X-Fieldsync-Received")).hasValue(String.valueOf(content.length));
        assertThat(put(sha, content, null).statusCode()).isEqualTo(200);
        assertThat(get(sha)).isEqualTo(content);
        try (var files = Files.walk(Path.of("target/test-data/attachment-api/attachments"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals(sha)).count()).isEqualTo(1);
        }
    }

    @Test
    void bytesThatDoNotMatchTheirNameAreRefusedAndNotKept() throws Exception {
        byte[] content = "真实内容".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = content.clone();
        tampered[0] ^= 1;
        String sha = sha256(content);
        HttpResponse<String> refused = put(sha, tampered, null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"code\":\"hash_mismatch\"");
        assertThat(head(sha).statusCode()).isEqualTo(404);
    }

    @Test
    void tooLargeAnAttachmentIsRefusedWithAClearCode() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        HttpResponse<String> refused = put(sha256(big), big, null);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("\"code\":\"attachment_too_large\"");
    }

    @Test
    void aBadNameIsRefused() {
        assertThat(http.get("/api/attachments/..%2F..%2Fetc%2Fpasswd").status()).isBetween(400, 404);
        assertThat(http.get("/api/attachments/" + "A".repeat(64)).field("code")).isEqualTo("invalid_parameter");
    }

    @Test
    void anUploadCutOffAtRandomPointsResumesAndTheStoredBytesHashRight() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        Random random = new Random(Long.getLong("fieldsync.test.seed", 20261127L));
        random.nextBytes(content);
        String sha = sha256(content);
        long held = 0;
        for (int cut = 0; cut < CUTS; cut++) {
            int remaining = content.length - (int) held;
            int stopAt = (int) held + 1 + random.nextInt(Math.max(1, remaining / (CUTS - cut + 1)));
            sendAndDrop(sha, content, (int) held, stopAt);
            held = awaitReceived(sha, stopAt);
            assertThat(held).as("cut %d", cut).isEqualTo(stopAt);
        }
        byte[] rest = java.util.Arrays.copyOfRange(content, (int) held, content.length);
        HttpResponse<String> last = put(sha, rest, "bytes " + held + "-" + (content.length - 1) + "/" + content.length);
        assertThat(last.statusCode()).as(last.body()).isEqualTo(201);
        assertThat(sha256(get(sha))).isEqualTo(sha);
    }

    @Test
    void resumingFromTheWrongOffsetIsRefused() throws Exception {
        byte[] content = "分段上传".repeat(100).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(content);
        byte[] part = java.util.Arrays.copyOfRange(content, 10, 20);
        HttpResponse<String> refused = put(sha, part, "bytes 10-19/" + content.length);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("upload_offset_mismatch");
    }

    @Test
    void aRecordNamingAnAttachmentTheServerLacksIsRefusedUntilItIsUploaded() throws Exception {
        String unit = http.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        byte[] photo = cn.fieldsync.server.testing.TestAttachments.image("photo.png", "消防通道照片"); // a photo is an image (ImageBytes)
        String sha = sha256(photo);
        String hazard = "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"2026-11-20T09:30:00Z\",\"photos\":[\"" + sha + "\"]}";
        Http.Answer refused = http.post("/api/hazards", hazard);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.field("code")).isEqualTo("attachment_missing");
        assertThat(refused.field("field")).isEqualTo("/photos/0");
        put(sha, photo, null);
        assertThat(http.post("/api/hazards", hazard).status()).isEqualTo(201);
    }

    /** A file declared a JPEG photo whose bytes are not one is refused, in Chinese, where the server learns its type (its record). */
    @Test
    void aPhotoWhoseBytesAreNotTheDeclaredImageTypeIsRefused() throws Exception {
        cn.fieldsync.server.testing.TestUsers.Device device = cn.fieldsync.server.testing.TestUsers.device(http, "inspector-photo-bytes");
        String unit = http.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        byte[] text = "这不是照片".getBytes(StandardCharsets.UTF_8);
        byte[] png = cn.fieldsync.server.testing.TestAttachments.image("photo.png", "照片");
        for (byte[] content : new byte[][] {text, png}) {
            assertThat(device.http().sendBytes("PUT", "/api/attachments/" + sha256(content), "application/octet-stream", content).status()).isEqualTo(201);
        }
        com.google.gson.JsonObject refused = push(device, unit, sha256(text), text.length, "image/jpeg");
        assertThat(refused.get("status").getAsString()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.get("code").getAsString()).isEqualTo("invalid_record");
        assertThat(refused.get("field").getAsString()).isEqualTo("/mediaType");
        assertThat(refused.get("message").getAsString()).contains("不是 JPEG 图片").contains("不是可识别的图片");
        assertThat(push(device, unit, sha256(png), png.length, "image/jpeg").get("message").getAsString()).contains("是 PNG 图片");
        assertThat(push(device, unit, sha256(png), png.length, "image/png").get("status").getAsString()).isEqualTo("applied");
    }

    private com.google.gson.JsonObject push(cn.fieldsync.server.testing.TestUsers.Device device, String unit, String sha, int size, String mediaType) {
        return device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + cn.fieldsync.schemas.Uuids.v7()
                + "\",\"type\":\"attachment\",\"id\":\"" + cn.fieldsync.schemas.Uuids.v7() + "\",\"baseVersion\":0,\"fields\":{\"sha256\":\"" + sha
                + "\",\"size\":" + size + ",\"mediaType\":\"" + mediaType + "\",\"recordId\":\"" + unit + "\"}}]}").json()
                .getAsJsonArray("answers").get(0).getAsJsonObject();
    }

    /** Sends the headers of a resumed upload and only part of its bytes, then drops the connection. */
    private void sendAndDrop(String sha, byte[] content, int from, int stopAt) throws Exception {
        URI uri = target.getUri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            String headers = "PUT /api/attachments/" + sha + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Authorization: Bearer " + http.token() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Range: bytes " + from + "-" + (content.length - 1)
                    + "/" + content.length + "\r\nContent-Length: " + (content.length - from) + "\r\n\r\n";
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            out.write(content, from, stopAt - from);
            out.flush();
        }
    }

    private long awaitReceived(String sha, long expected) throws Exception {
        long received = -1;
        for (int i = 0; i < 200 && received != expected; i++) {
            HttpResponse<Void> head = head(sha);
            received = Long.parseLong(head.headers().firstValue("X-Fieldsync-Received").orElse("0"));
            if (received != expected) {
                Thread.sleep(25);
            }
        }
        return received;
    }

    private HttpResponse<String> put(String sha, byte[] bytes, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.getUri().resolve("/api/attachments/" + sha))
                .header("Authorization", "Bearer " + http.token())
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (range != null) {
            request.header("Content-Range", range);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<Void> head(String sha) throws Exception {
        return client.send(HttpRequest.newBuilder(target.getUri().resolve("/api/attachments/" + sha))
                .header("Authorization", "Bearer " + http.token())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private byte[] get(String sha) throws Exception {
        return client.send(HttpRequest.newBuilder(target.getUri().resolve("/api/attachments/" + sha))
                        .header("Authorization", "Bearer " + http.token()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
