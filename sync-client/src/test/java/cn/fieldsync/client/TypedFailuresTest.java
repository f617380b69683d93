package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeHttpServer;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: every failure has its type — input refused, server unreachable, server refused
 * (protocol too old), session ended, store busy or damaged — so an app (and the command line's
 * exit status) decides by type, never by message text; and none of them loses the outbox.
 */
class TypedFailuresTest {

    private final FakeServer server = new FakeServer();

    @Test
    void anInvalidRecordIsRefusedAsInputWithTheFieldNamedInChinese(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            assertThatThrownBy(() -> store.create(RecordType.HAZARD, FakeServer.hazard("x").replace("GENERAL", "HUGE")))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("grade");
            assertThatThrownBy(() -> store.create(RecordType.HAZARD, "{not json"))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("JSON");
            assertThatThrownBy(() -> store.edit("0190a1b2-0000-7000-8000-0000000000ff", "{}"))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("本设备上没有记录")
                    .satisfies(e -> assertThat(((FieldsyncException) e).code()).isEqualTo("no_record"));
            assertThat(store.status().pendingOperations()).isZero();
        }
    }

    @Test
    void aServerNobodyAnswersIsUnreachableAndTheOutboxStays(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FieldStore store = Devices.enrolled(dir, server)) {
            store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
            assertThatThrownBy(() -> store.sync(SyncTransport.http("http://127.0.0.1:" + closedPort), SyncListener.NONE))
                    .isInstanceOf(ServerUnreachableException.class).hasMessageContaining("无法连接服务器");
            assertThat(store.status().pendingOperations()).isEqualTo(1);
        }
    }

    @Test
    void aClientTooOldForTheServerIsToldToUpdateAndKeepsItsOutbox(@TempDir Path dir) {
        try (FieldStore store = Devices.enrolled(dir, server)) {
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("配电箱无防护"));
            server.protocolTooOld(true);
            assertThatThrownBy(() -> store.sync(SyncListener.NONE)).isInstanceOf(ProtocolUnsupportedException.class)
                    .isInstanceOf(ServerRefusedException.class).hasMessageContaining("请更新应用");
            assertThat(store.record(id).orElseThrow().state()).isEqualTo(RecordState.PENDING);
            server.protocolTooOld(false);
            store.sync(SyncListener.NONE);
            assertThat(server.record(id)).isNotNull();
        }
    }

    @Test
    void anEndedSessionAsksForALoginAndAWrongPasswordIsTheServersRefusal(@TempDir Path dir) throws Exception {
        try (FakeHttpServer http = new FakeHttpServer(server);
             FieldStore store = FieldStore.open(dir)) {
            assertThatThrownBy(() -> store.init(http.url(), "平板-01", "zhangming", "wrong"))
                    .isInstanceOf(ServerRefusedException.class)
                    .satisfies(e -> assertThat(((FieldsyncException) e).code()).isEqualTo("invalid_credentials"));
            store.init(http.url(), "平板-01", "zhangming", FakeServer.PASSWORD);
            String id = store.create(RecordType.HAZARD, FakeServer.hazard("安全出口上锁"));
            server.endSessions();
            assertThatThrownBy(() -> store.sync(SyncListener.NONE)).isInstanceOf(SessionEndedException.class)
                    .hasMessageContaining("重新登录");
            store.login("zhangming", FakeServer.PASSWORD);
            store.sync(SyncListener.NONE);
            assertThat(server.record(id)).isNotNull();
        }
    }

    @Test
    void aStoreHeldByAnotherProcessIsBusyAndADamagedOneIsCorrupt(@TempDir Path dir) throws Exception {
        // the storage seam: the app's own connection settings (here a short busy timeout, so the test is quick)
        StoreStorage impatient = file -> {
            Properties props = new Properties();
            props.setProperty("journal_mode", "WAL");
            props.setProperty("busy_timeout", "50");
            props.setProperty("foreign_keys", "true");
            props.setProperty("transaction_mode", "IMMEDIATE");
            return DriverManager.getConnection("jdbc:sqlite:" + file, props);
        };
        try (FieldStore store = FieldStore.builder(dir.resolve("busy")).storage(impatient).open();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("busy").resolve("fieldsync.db"));
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another process writing
            assertThatThrownBy(() -> store.create(RecordType.HAZARD, FakeServer.hazard("x"))).isInstanceOf(StoreBusyException.class)
                    .satisfies(e -> assertThat(((FieldsyncException) e).retriable()).isTrue());
            s.execute("ROLLBACK");
            assertThat(store.create(RecordType.HAZARD, FakeServer.hazard("等到了"))).isNotBlank();
        }

        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        Files.write(damaged.resolve("fieldsync.db"), "this is not a SQLite file, but it is long enough to have a header..."
                .repeat(20).getBytes());
        assertThatThrownBy(() -> FieldStore.open(damaged)).isInstanceOf(StoreCorruptException.class).hasMessageContaining("不要删除");
    }
}
