package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: an app is told which records changed, by its own writes and by a sync, and of the sync's progress. */
class RecordListenersTest {

    private final FakeServer server = new FakeServer();

    record Change(Set<String> ids, RecordListener.Origin origin) {
    }

    @Test
    void theAppIsToldOfItsOwnWritesAndOfWhatASyncBrought(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            List<Change> changes = Collections.synchronizedList(new ArrayList<>());
            store.addRecordListener((ids, origin) -> changes.add(new Change(ids, origin)));

            String id = store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
            store.edit(id, "{\"responsiblePerson\":\"李某\"}");
            assertThat(changes).containsExactly(new Change(Set.of(id), RecordListener.Origin.LOCAL),
                    new Change(Set.of(id), RecordListener.Origin.LOCAL));

            changes.clear();
            List<String> progress = new ArrayList<>();
            store.sync((phase, done, total) -> progress.add(phase + " " + done + "/" + total));
            assertThat(progress).first().isEqualTo("PUSH 0/2"); // the create and the edit
            assertThat(progress).contains("PUSH 2/2", "PULL 0/-1");
            assertThat(changes).allSatisfy(c -> assertThat(c.origin()).isEqualTo(RecordListener.Origin.SYNC));
            assertThat(changes.stream().flatMap(c -> c.ids().stream())).contains(id, FakeServer.UNIT);
        }
    }

    @Test
    void aFailingListenerBreaksNoWriteAndARemovedOneHearsNothing(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            store.addRecordListener((ids, origin) -> {
                throw new IllegalStateException("the app's bug");
            });
            List<Set<String>> heard = new ArrayList<>();
            FieldStore.Registration registration = store.addRecordListener((ids, origin) -> heard.add(ids));

            String id = store.create(RecordType.HAZARD, FakeServer.hazard("配电箱无防护"));
            assertThat(store.record(id)).isPresent();
            assertThat(heard).hasSize(1);

            registration.remove();
            store.delete(id);
            assertThat(heard).hasSize(1);
            assertThat(store.record(id).orElseThrow().deleted()).isTrue();
        }
    }
}
