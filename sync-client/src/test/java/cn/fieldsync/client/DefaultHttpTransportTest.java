package cn.fieldsync.client;

import cn.fieldsync.client.testing.FakeHttpServer;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the default transport (HttpURLConnection, on the JDK and Android alike) carries the
 * protocol version on every request, uploads a photo and syncs a record over real HTTP.
 */
class DefaultHttpTransportTest {

    @Test
    void everyRequestCarriesTheProtocolVersionAndAPhotoTravelsBeforeItsRecord(@TempDir Path dir) throws Exception {
        FakeServer server = new FakeServer();
        try (FakeHttpServer http = new FakeHttpServer(server); FieldStore store = FieldStore.open(dir.resolve("store"))) {
            store.init(http.url(), "平板-01", "zhangming", FakeServer.PASSWORD);
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("灭火器过期"));
            Path photo = Files.write(dir.resolve("photo.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5});
            store.attach(id, photo, "image/jpeg", Instant.parse("2026-11-20T01:31:00Z"));

            SyncReport report = store.sync(SyncListener.NONE);

            assertThat(report.uploaded()).isEqualTo(1);
            assertThat(server.record(id).getAsJsonArray("photos")).hasSize(1);
            assertThat(http.protocolHeaders()).hasSizeGreaterThan(5).containsOnly(String.valueOf(SyncProtocol.VERSION));
        }
    }
}
