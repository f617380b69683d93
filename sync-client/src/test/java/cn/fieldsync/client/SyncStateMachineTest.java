package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The states a record passes through between the device and the server (issue 16; the states of
 * "nothing dropped or hidden", issue 11): pending, synced, waiting for a file, in conflict, needs
 * attention — each reached by the server's answer, none losing the inspector's content.
 */
class SyncStateMachineTest {

    private final FakeServer server = new FakeServer();

    @Test
    void aRecordWrittenOfflineIsPendingThenSyncedAtTheServersVersion(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.PENDING);
            assertThat(store.record(id).orElseThrow().version()).isZero();

            SyncReport report = store.sync(SyncListener.NONE);

            assertThat(report.pushed()).isEqualTo(1);
            FieldRecord synced = store.record(id).orElseThrow();
            assertThat(synced.state()).isEqualTo(RecordState.SYNCED);
            assertThat(synced.version()).isEqualTo(1);
            assertThat(synced.pending()).isZero();
            assertThat(server.record(id).get("description").getAsString()).isEqualTo("消防通道堵塞");
        }
    }

    @Test
    void aChangeRefusedForGoodNeedsAttentionKeepsItsContentAndGoesOnceFixedAndResent(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("配电箱无防护"));
            server.answerWith(op -> refusal(op, "illegal_transition", true));
            SyncReport refused = store.sync(SyncListener.NONE);

            assertThat(refused.rejected()).isEqualTo(1);
            FieldRecord held = store.record(id).orElseThrow();
            assertThat(held.state()).isEqualTo(RecordState.NEEDS_ATTENTION);
            assertThat(held.json()).contains("配电箱无防护");
            assertThat(store.attention()).singleElement().satisfies(item -> {
                assertThat(item.kind()).isEqualTo(AttentionItem.Kind.NEEDS_ACTION);
                assertThat(item.reason()).contains("不符合该记录的办理流程");
            });
            assertThat(server.record(id)).isNull();

            server.answerWith(op -> null);
            store.edit(id, "{\"responsiblePerson\":\"李某\"}");
            store.resend(id);
            store.sync(SyncListener.NONE);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.SYNCED);
            assertThat(server.record(id).get("responsiblePerson").getAsString()).isEqualTo("李某");
        }
    }

    @Test
    void aChangeWaitingForAFileIsSentAgainAtEachSyncUntilTheServerTakesIt(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("灭火器过期"));
            AtomicBoolean fileArrived = new AtomicBoolean();
            server.answerWith(op -> fileArrived.get() ? null : refusal(op, "attachment_missing", false));
            store.sync(SyncListener.NONE);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.WAITING_FOR_FILE);
            assertThat(store.attention()).singleElement().satisfies(item -> assertThat(item.kind()).isEqualTo(AttentionItem.Kind.WAITING));

            fileArrived.set(true);
            store.sync(SyncListener.NONE);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.SYNCED);
        }
    }

    @Test
    void aConflictIsShownUntilAnAdministratorDecidesIt(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("安全出口上锁"));
            store.sync(SyncListener.NONE);
            store.edit(id, "{\"responsiblePerson\":\"赵某\"}");
            server.answerWith(op -> {
                JsonObject answer = new JsonObject();
                answer.addProperty("opId", op.get("opId").getAsString());
                answer.addProperty("status", "conflict");
                answer.addProperty("conflictId", "c-" + op.get("opId").getAsString());
                return answer;
            });
            SyncReport report = store.sync(SyncListener.NONE);
            assertThat(report.conflicts()).isEqualTo(1);
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.IN_CONFLICT);
            assertThat(store.conflicts()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("OPEN"));
        }
    }

    @Test
    void whatSomeoneElseChangedOnTheServerReachesTheDevice(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("通风不良"));
            store.sync(SyncListener.NONE);
            server.changeOnServer(id, "hazard", FakeServer.json("{\"status\":\"RECTIFYING\"}"));
            SyncReport report = store.sync(SyncListener.NONE);
            assertThat(report.pulled()).isPositive();
            FieldRecord pulled = store.record(id).orElseThrow();
            assertThat(pulled.json()).contains("RECTIFYING");
            assertThat(pulled.version()).isEqualTo(2);
            assertThat(pulled.state()).isEqualTo(RecordState.SYNCED);
        }
    }

    static JsonObject refusal(JsonObject op, String code, boolean fin) {
        JsonObject answer = new JsonObject();
        answer.addProperty("opId", op.get("opId").getAsString());
        answer.addProperty("status", "rejected");
        answer.addProperty("code", code);
        answer.addProperty("message", "refused by the test's server");
        answer.addProperty("final", fin);
        return answer;
    }
}
