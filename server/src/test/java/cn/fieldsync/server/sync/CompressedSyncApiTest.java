package cn.fieldsync.server.sync;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gzip on the wire (RFC 9110 §8.4): a device's push sent compressed is applied like a plain one,
 * the change feed comes back compressed to a device that asks for it and plain to one that does
 * not, and the server says in its limits that it reads compressed pushes.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/compressed-sync")
@AddConfig(key = "fieldsync.db.schema", value = "compressed_sync")
class CompressedSyncApiTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Inject
    WebTarget target;

    @Test
    void aCompressedPushIsAppliedAndTheFeedComesBackCompressedOnlyToWhoAsksForIt() throws Exception {
        var admin = TestUsers.admin(target.getUri());
        String unitId = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        TestUsers.Device device = TestUsers.device(admin, "gzip-inspector");
        String token = device.http().token();

        JsonObject limits = StrictJson.parseObject(utf8(send(HttpRequest.newBuilder(target.getUri().resolve("/api/sync/limits"))
                .header("Authorization", "Bearer " + token).GET().build()).body()));
        assertThat(limits.getAsJsonArray("requestEncodings")).extracting(e -> e.getAsString()).contains("gzip");

        String id = UUID.randomUUID().toString();
        String push = """
                {"operations":[{"opId":"%s","type":"hazard","id":"%s","baseVersion":0,"fields":
                  {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"消防通道堵塞，应急照明损坏，灭火器压力不足",
                   "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                   "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}}]}"""
                .formatted(UUID.randomUUID(), id, unitId);
        HttpResponse<byte[]> pushed = send(HttpRequest.newBuilder(target.getUri().resolve("/api/sync/push"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(push))).build());
        assertThat(pushed.statusCode()).as(readable(pushed)).isEqualTo(200);
        assertThat(pushed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonObject answer = StrictJson.parseObject(readable(pushed)).getAsJsonArray("answers").get(0).getAsJsonObject();
        assertThat(answer.get("status").getAsString()).isEqualTo("applied");
        assertThat(admin.get("/api/hazards/" + id).field("description")).isEqualTo("消防通道堵塞，应急照明损坏，灭火器压力不足");

        HttpResponse<byte[]> compressed = send(HttpRequest.newBuilder(target.getUri().resolve("/api/sync/changes?since=0"))
                .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip").GET().build());
        HttpResponse<byte[]> plain = send(HttpRequest.newBuilder(target.getUri().resolve("/api/sync/changes?since=0"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(StrictJson.parseObject(readable(compressed))).isEqualTo(StrictJson.parseObject(utf8(plain.body())));
        assertThat(readable(compressed)).contains(id);
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The body as text, decompressed when it came gzip-encoded. */
    private static String readable(HttpResponse<byte[]> response) throws IOException {
        if (response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent()) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                return utf8(in.readAllBytes());
            }
        }
        return utf8(response.body());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
