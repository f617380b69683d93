package cn.fieldsync.server.audit;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every accepted change, refusal, resolution and enrolment is in the hash-chained log, and a
 * change of any single byte of an entry — or a removed entry — is found and named.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/audit-api")
@AddConfig(key = "fieldsync.db.schema", value = "audit_api")
class AuditApiTest {

    @Inject
    WebTarget target;

    private Http http;

    @BeforeEach
    void connect() {
        http = TestUsers.admin(target.getUri());
    }

    @Test
    void whatHappenedIsLoggedInOrderAndTheChainVerifies() {
        String unitId = http.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        // a danger an inspector's device then changes (a unit is the administrator's to change)
        String hazard = http.post("/api/hazards", "{\"unitId\":\"" + unitId + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\","
                + "\"description\":\"消防通道堵塞\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\"}").field("id");
        TestUsers.Device device = TestUsers.device(http, "zhangming");
        String opId = cn.fieldsync.schemas.Uuids.v7();
        device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + opId
                + "\",\"type\":\"hazard\",\"id\":\"" + hazard + "\",\"baseVersion\":1,\"fields\":{\"responsiblePerson\":\"王某\"}}]}");
        JsonObject log = http.get("/api/audit?record=" + hazard).json();
        assertThat(log.getAsJsonArray("items")).extracting(i -> i.getAsJsonObject().getAsJsonObject("entry").get("action").getAsString())
                .containsExactly("RECORD_CREATED", "OP_APPLIED");
        // logins and enrolments are logged under the user too
        assertThat(http.get("/api/audit?actor=zhangming").json().getAsJsonArray("items"))
                .extracting(i -> i.getAsJsonObject().getAsJsonObject("entry").get("action").getAsString())
                .containsExactly("LOGIN", "DEVICE_ENROLLED", "LOGIN", "OP_APPLIED");
        JsonObject verified = http.get("/api/audit/verify").json();
        assertThat(verified.get("intact").getAsBoolean()).isTrue();
        assertThat(verified.get("entries").getAsLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anyChangedByteOrRemovedEntryIsFoundAndNamed() throws Exception {
        for (int i = 0; i < 5; i++) {
            http.post("/api/units", "{\"name\":\"单位" + i + "\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}");
        }
        assertThat(http.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();
        try (Connection c = database()) {
            long seq = 3;
            String original = text(c, "SELECT entry FROM audit_entry WHERE seq = ?", seq);
            for (int at : new int[] {0, original.length() / 2, original.length() - 1}) {
                char[] chars = original.toCharArray();
                chars[at] = chars[at] == 'x' ? 'y' : 'x';
                update(c, "UPDATE audit_entry SET entry = ? WHERE seq = ?", new String(chars), seq);
                assertBrokenAt(seq);
            }
            update(c, "UPDATE audit_entry SET entry = ? WHERE seq = ?", original, seq);
            assertThat(http.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();

            String actor = text(c, "SELECT actor FROM audit_entry WHERE seq = ?", 2L);
            update(c, "UPDATE audit_entry SET actor = ? WHERE seq = ?", "someone-else", 2L);
            assertBrokenAt(2);
            update(c, "UPDATE audit_entry SET actor = ? WHERE seq = ?", actor, 2L);

            String hash = text(c, "SELECT hash FROM audit_entry WHERE seq = ?", 4L);
            update(c, "UPDATE audit_entry SET hash = ? WHERE seq = ?", (hash.charAt(0) == 'f' ? "e" : "f") + hash.substring(1), 4L);
            assertBrokenAt(4);
            update(c, "UPDATE audit_entry SET hash = ? WHERE seq = ?", hash, 4L);
            assertThat(http.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();

            // cut the tail, then put it back so the log is whole again for the other tests
            Object[] last;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, record_id, entry, prev_hash, hash,"
                    + " record_version, content_sha256 FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM audit_entry)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                last = new Object[10];
                for (int i = 0; i < 10; i++) {
                    last[i] = rs.getObject(i + 1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_entry WHERE seq = ?")) {
                ps.setObject(1, last[0]);
                ps.executeUpdate();
            }
            JsonObject cut = http.get("/api/audit/verify").json();
            assertThat(cut.get("intact").getAsBoolean()).isFalse();
            assertThat(cut.get("reason").getAsString()).contains("末尾的条目被删除");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (seq, at, actor, action, record_id, entry,"
                    + " prev_hash, hash, record_version, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 10; i++) {
                    if (i == 8) {
                        ps.setObject(9, last[8] == null ? null : ((Number) last[8]).intValue(), java.sql.Types.INTEGER);
                        continue;
                    }
                    ps.setObject(i + 1, last[i]);
                }
                ps.executeUpdate();
            }
            assertThat(http.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();
        }
    }

    /** Verifying while others write never reports a broken log: it reads one snapshot. */
    @Test
    void verifyingWhileOthersWriteSeesOneConsistentLog() throws Exception {
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                int n = 0;
                while (!stop.get() && n < 40) {
                    http.post("/api/units", "{\"name\":\"并发单位" + writer + "-" + n++ + "\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}");
                }
                return n;
            }));
        }
        try {
            for (int i = 0; i < 6; i++) {
                JsonObject result = http.get("/api/audit/verify").json();
                assertThat(result.get("intact").getAsBoolean()).as(result.toString()).isTrue();
            }
        } finally {
            stop.set(true);
            for (var f : done) {
                assertThat(f.get()).isPositive();
            }
            writers.shutdown();
        }
        assertThat(http.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();
    }

    private void assertBrokenAt(long seq) {
        JsonObject result = http.get("/api/audit/verify").json();
        assertThat(result.get("intact").getAsBoolean()).isFalse();
        assertThat(result.get("brokenSeq").getAsLong()).isEqualTo(seq);
        assertThat(result.get("reason").getAsString()).as("names the entry, in Chinese").contains("第 " + seq + " 条");
    }

    private static Connection database() throws Exception {
        return TestDatabases.connect("target/test-data/audit-api", "audit_api");
    }

    private static String text(Connection c, String sql, long seq) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void update(Connection c, String sql, String value, long seq) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, seq);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
