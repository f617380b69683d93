package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: a sync can be cancelled (a token, or an interrupt of its thread) or cut off (the
 * network lost) anywhere, and the next sync resumes without losing or repeating anything.
 */
class CancellationAndResumeTest {

    private final FakeServer server = new FakeServer();

    @Test
    void aSyncCancelledAfterItsFirstBatchKeepsTheRestForTheNextSync(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 450; i++) {
                ids.add(store.create(RecordType.HAZARD, FakeServer.hazard("隐患 " + i)));
            }
            CancellationToken cancel = new CancellationToken();
            SyncListener stopAfterFirstBatch = (phase, done, total) -> {
                if (phase == SyncListener.Phase.PUSH && done > 0) {
                    cancel.cancel(); // as the app's "stop" button would, from another thread
                }
            };
            assertThatThrownBy(() -> store.sync(stopAfterFirstBatch, cancel)).isInstanceOf(SyncCancelledException.class)
                    .hasMessageContaining("已保存");

            int sent = server.recordCount("hazard");
            assertThat(sent).isPositive().isLessThan(450);
            assertThat(store.status().pendingOperations()).isEqualTo(450 - sent);
            assertThat(store.find(RecordQuery.of(RecordType.HAZARD).state(RecordState.SYNCED))).hasSize(sent);

            SyncReport resumed = store.sync(SyncListener.NONE);
            assertThat(resumed.pushed()).isEqualTo(450 - sent);
            assertThat(resumed.duplicates()).isZero();
            assertThat(server.recordCount("hazard")).isEqualTo(450);
            assertThat(store.status().pendingOperations()).isZero();
            assertThat(ids).allSatisfy(id -> assertThat(server.record(id)).isNotNull());
        }
    }

    @Test
    void anInterruptedSyncThreadStopsBeforeItsNextRequestAndLosesNothing(@TempDir Path dir) throws Exception {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("巡检发现"));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread background = new Thread(() -> {
                Thread.currentThread().interrupt(); // the app's executor shutting down
                try {
                    store.sync(SyncListener.NONE);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            background.start();
            background.join();
            assertThat(failure.get()).isInstanceOf(SyncCancelledException.class);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.PENDING);

            store.sync(SyncListener.NONE);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.SYNCED);
        }
    }

    @Test
    void aNetworkLostMidSyncKeepsTheOutboxAndTheNextSyncGoesOn(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            for (int i = 0; i < 300; i++) {
                store.create(RecordType.HAZARD, FakeServer.hazard("隐患 " + i));
            }
            SyncListener cutAfterFirstBatch = (phase, done, total) -> {
                if (phase == SyncListener.Phase.PUSH && done > 0) {
                    server.reachable(false);
                }
            };
            assertThatThrownBy(() -> store.sync(cutAfterFirstBatch)).isInstanceOf(ServerUnreachableException.class)
                    .satisfies(e -> assertThat(((FieldsyncException) e).retriable()).isTrue());
            int sent = server.recordCount("hazard");
            assertThat(store.status().pendingOperations()).isEqualTo(300 - sent);

            server.reachable(true);
            store.sync(SyncListener.NONE);
            assertThat(server.recordCount("hazard")).isEqualTo(300);
            assertThat(store.status().pendingOperations()).isZero();
        }
    }
}
