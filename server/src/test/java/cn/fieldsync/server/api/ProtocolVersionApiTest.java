package cn.fieldsync.server.api;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.ProtocolUnsupportedException;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncProtocol;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.DelegatingTransport;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: the sync protocol's version travels on every request and answer; a device older than
 * the server supports is refused plainly (426 protocol_unsupported, in Chinese) before anything is
 * applied, and keeps its outbox until it is updated.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/protocol-version")
@AddConfig(key = "fieldsync.db.schema", value = "protocol_version")
class ProtocolVersionApiTest {

    @Inject
    WebTarget target;

    @Test
    void everyAnswerNamesTheServersProtocolVersionRefusalsIncluded() throws Exception {
        HttpResponse<String> anonymous = raw("GET", "api/auth/me", "1", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue(SyncProtocol.HEADER)).contains("1");
        HttpResponse<String> limits = raw("GET", "api/sync/limits", null, null);
        assertThat(limits.headers().firstValue(SyncProtocol.HEADER)).contains(String.valueOf(SyncProtocol.VERSION));
    }

    @Test
    void aDeviceOlderThanTheServerIsRefusedInChineseAndKeepsItsOutboxUntilItIsUpdated() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        try (FieldStore store = FieldStore.open(TestDatabases.freshDirectory("protocol-old-device"))) {
            TestUsers.init(admin, store, "Protocol");
            String hazard = store.create(RecordType.HAZARD, StrictJson.parseObject("{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\","
                    + "\"category\":\"FIRE\",\"description\":\"消防通道堵塞\",\"foundAt\":\"2026-11-20T09:30:00+08:00\","
                    + "\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}"));

            // the same device as a build from before a protocol change: its push says version 0
            DelegatingTransport old = new DelegatingTransport(new HttpTransport(target.getUri().toString())) {
                @Override
                public String push(String token, String requestJson) {
                    HttpResponse<String> answer = raw("POST", "api/sync/push", "0", token, requestJson);
                    assertThat(answer.statusCode()).isEqualTo(426);
                    assertThat(answer.headers().firstValue(SyncProtocol.HEADER)).contains("1");
                    throw SyncProtocol.refusal(answer.statusCode(), answer.body());
                }
            };
            assertThatThrownBy(() -> store.sync(old, SyncListener.NONE)).isInstanceOf(ProtocolUnsupportedException.class)
                    .hasMessageContaining("请更新应用").hasMessageContaining("已保留")
                    .satisfies(e -> assertThat(((ProtocolUnsupportedException) e).code()).isEqualTo("protocol_unsupported"));
            assertThat(store.status().pendingOperations()).isEqualTo(1);
            assertThat(admin.get("/api/hazards/" + hazard).status()).isEqualTo(404);

            // updated: the same outbox goes out
            store.sync(new HttpTransport(target.getUri().toString()), SyncListener.NONE);
            assertThat(store.status().pendingOperations()).isZero();
            assertThat(admin.get("/api/hazards/" + hazard).field("description")).isEqualTo("消防通道堵塞");
        }
    }

    @Test
    void aProtocolHeaderThatIsNoNumberIsRefusedAsTooOld() throws Exception {
        HttpResponse<String> answer = raw("GET", "api/sync/limits", "v2-beta", null);
        assertThat(answer.statusCode()).isEqualTo(426);
        assertThat(StrictJson.parseObject(answer.body()).get("code").getAsString()).isEqualTo("protocol_unsupported");
    }

    private HttpResponse<String> raw(String method, String path, String version, String token) throws Exception {
        return raw(method, path, version, token, null);
    }

    private HttpResponse<String> raw(String method, String path, String version, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.getUri().resolve("/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            request.header(SyncProtocol.HEADER, version);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
