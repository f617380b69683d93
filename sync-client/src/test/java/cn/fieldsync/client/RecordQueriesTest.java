package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: the inspector's lists — records by unit, state, day and words. */
class RecordQueriesTest {

    @Test
    void recordsAreFoundByUnitStateDayAndWords(@TempDir Path dir) {
        FakeServer server = new FakeServer();
        try (FieldStore store = Devices.enrolled(dir, server)) {
            store.sync(SyncListener.NONE); // the unit arrives: links to it are checked from now on
            String otherUnit = Uuids.v7();
            server.changeOnServer(otherUnit, "unit", FakeServer.json("{\"name\":\"某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}"));
            store.sync(SyncListener.NONE);

            String fire = store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
            String early = store.create(RecordType.HAZARD, FakeServer.hazard("配电箱无防护").replace("2026-11-20T09:30", "2026-10-02T09:30"));
            String mine = store.create(RecordType.HAZARD, FakeServer.hazard("井下通风不良").replace(FakeServer.UNIT, otherUnit));
            store.sync(SyncListener.NONE);
            String unsent = store.create(RecordType.HAZARD, FakeServer.hazard("消防栓损坏"));

            assertThat(ids(store, RecordQuery.of(RecordType.HAZARD).unit(otherUnit))).containsExactly(mine);
            assertThat(ids(store, RecordQuery.of(RecordType.HAZARD).state(RecordState.PENDING))).containsExactly(unsent);
            assertThat(ids(store, RecordQuery.of(RecordType.HAZARD).between(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))))
                    .containsExactly(early);
            assertThat(ids(store, RecordQuery.all().text("消防"))).containsExactlyInAnyOrder(fire, unsent);
            assertThat(ids(store, RecordQuery.of(RecordType.HAZARD).unit(FakeServer.UNIT).state(RecordState.SYNCED).text("消防")))
                    .containsExactly(fire);
            assertThat(store.find(RecordQuery.of(RecordType.HAZARD).text("配电箱")).get(0).date()).isEqualTo("2026-10-02");

            store.delete(early);
            assertThat(ids(store, RecordQuery.all().text("配电箱"))).isEmpty();
            assertThat(ids(store, RecordQuery.all().text("配电箱").withDeleted(true))).containsExactly(early);
        }
    }

    private static java.util.List<String> ids(FieldStore store, RecordQuery query) {
        return store.find(query).stream().map(FieldRecord::id).toList();
    }
}
