package cn.fieldsync.client;

import cn.fieldsync.client.testing.FakeHttpServer;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples an app developer copies — {@link FieldStore}'s javadoc and README.md's "The device
 * library in an app" — kept here word for word, so they compile with the library as it is, and
 * run against a server over real HTTP (the Android snippet compiles only: it needs Android's
 * JDBC driver).
 */
class ExamplesCompileAndRunTest {

    @Test
    void theFieldStoreJavadocExampleRuns(@TempDir Path dir) throws Exception {
        FakeServer fake = new FakeServer();
        try (FakeHttpServer http = new FakeHttpServer(fake)) {
            String serverUrl = http.url();
            String password = FakeServer.PASSWORD;
            String hazardJson = FakeServer.hazard("消防通道堵塞");
            Path storeDir = dir.resolve("store");

            // ---- FieldStore javadoc, first example (its Path.of("store") is storeDir here) ----
            try (FieldStore store = FieldStore.open(storeDir)) {
                store.init(serverUrl, "平板-01", "zhangming", password);      // once, with the network
                String id = store.create(RecordType.HAZARD, hazardJson);        // JSON text of the hazard; offline
                store.edit(id, "{\"responsiblePerson\":\"李某\"}");
                SyncReport report = store.sync(SyncListener.NONE);
                FieldRecord hazard = store.record(id).orElseThrow(IllegalStateException::new);
                System.out.println(hazard.state() + " " + report.summary());     // SYNCED pushed 2, ...
                // ---- end of the example ----
                assertThat(hazard.state()).isEqualTo(RecordState.SYNCED);
                assertThat(fake.record(id).get("responsiblePerson").getAsString()).isEqualTo("李某");
            }
        }
    }

    /** FieldStore javadoc, the Android example: compiled, never run here (no Android JDBC driver on the JVM). */
    static FieldStore androidExample(File filesDir) {
        FieldStore store = FieldStore.builder(new File(filesDir, "store").toPath())
                .storage(file -> DriverManager.getConnection("jdbc:sqldroid:" + file))
                .validator(RecordValidator.serverOnly())
                .open();
        return store;
    }

    @Test
    void theReadmeGuideRuns(@TempDir Path dir) throws Exception {
        FakeServer fake = new FakeServer();
        try (FakeHttpServer http = new FakeHttpServer(fake)) {
            String serverUrl = http.url();
            String user = "zhangming";
            String password = FakeServer.PASSWORD;
            String hazardJson = FakeServer.hazard("配电箱无防护");
            List<String> shown = new ArrayList<>();
            Path storeDir = dir.resolve("fieldsync-store");

            // ---- README.md, "The device library in an app" ----
            FieldStore store = FieldStore.open(storeDir);
            if (store.status().deviceId() == null) {
                store.init(serverUrl, "平板-01", user, password);          // first start only
            }
            FieldStore.Registration listening = store.addRecordListener(
                    (Set<String> ids, RecordListener.Origin origin) -> shown.add(origin + " " + ids.size()));

            String id = store.create(RecordType.HAZARD, hazardJson);       // offline

            ExecutorService background = Executors.newSingleThreadExecutor();
            CancellationToken cancel = new CancellationToken();             // cancel.cancel() stops it
            Future<SyncReport> round = background.submit(() -> store.sync(
                    (phase, done, total) -> shown.add(phase + " " + done + "/" + total), cancel));
            try {
                SyncReport report = round.get();
                shown.add(report.summary());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ServerUnreachableException) {
                    shown.add("离线：稍后自动重试");                                // nothing lost
                } else if (e.getCause() instanceof SessionEndedException) {
                    shown.add("请重新登录");
                }
            }
            List<FieldRecord> needsYou = store.find(RecordQuery.all().state(RecordState.NEEDS_ATTENTION));
            List<FieldRecord> today = store.find(RecordQuery.of(RecordType.HAZARD).text("配电箱"));
            listening.remove();
            background.shutdown();
            store.close();
            // ---- end of the guide ----

            assertThat(needsYou).isEmpty();
            assertThat(today).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RecordState.SYNCED));
            assertThat(shown).contains("LOCAL 1", "PUSH 1/1").anySatisfy(s -> assertThat(s).startsWith("pushed 1"));
            assertThat(fake.record(id)).isNotNull();
        }
    }
}
