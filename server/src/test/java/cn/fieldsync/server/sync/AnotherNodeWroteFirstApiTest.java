package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 17, found by attacking the push's rows written behind (persistence.WriteBehind): another
 * PostgreSQL node commits a hidden danger with the id a push is about to create, after the push
 * looked the id up (absent) and while it waits for the audit chain's head. The push's row for
 * that id is refused by the database when the next operation's read sends it — an EclipseLink
 * find, whose failure was not a PersistenceException — and the push answered 500, taking the
 * other operations of the batch with it. It must fall back as for any race with another writer:
 * each operation again on its own, every one answered. PostgreSQL only (SQLite has one writer).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/another-node-wrote-first")
@AddConfig(key = "fieldsync.db.schema", value = "another_node_wrote_first")
class AnotherNodeWroteFirstApiTest {

    @Inject
    WebTarget target;

    @Test
    void aCreateWhoseIdAnotherNodeCommittedMeanwhileIsAnsweredAndTheRestOfItsBatchApplied() throws Exception {
        assumeTrue(System.getProperty("fieldsync.db.url") != null, "PostgreSQL only: SQLite has one writer");
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"竞写测试化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}")
                .field("id");
        Http device = TestUsers.device(admin, "another-node").http();
        String edited = Uuids.v7();
        assertThat(device.post("/api/sync/push", push(create(edited, unit, "储罐区消防通道堵塞"))).status()).isEqualTo(200);

        String raced = Uuids.v7();
        String fresh = Uuids.v7();
        try (Connection node = TestDatabases.connect("target/test-data/another-node-wrote-first", "another_node_wrote_first")) {
            // "the other node": takes the audit head, as every writer does, and writes the hidden danger
            node.setAutoCommit(false);
            try (Statement s = node.createStatement()) {
                s.executeUpdate("UPDATE audit_head SET seq = seq WHERE id = 1");
                String body = "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"另一节点先写\","
                        + "\"foundAt\":\"2026-11-20T01:30:00Z\",\"deadline\":\"2026-12-20\",\"status\":\"REGISTERED\"}";
                s.executeUpdate("INSERT INTO record (id, record_type, version, deleted, unit_id, jurisdiction, status, grade,"
                        + " deadline, body, created_at, updated_at, seq) VALUES ('" + raced + "', 'hazard', 1, false, '" + unit
                        + "', '370686', 'REGISTERED', 'GENERAL', '2026-12-20', '" + body + "', 0, 0, 1)");
                s.executeUpdate("INSERT INTO record_version (record_id, version, deleted, body, changed_at) VALUES ('" + raced
                        + "', 1, false, '" + body + "', 0)");
            }
            JsonObject edit = new JsonObject();
            edit.addProperty("opId", Uuids.v7());
            edit.addProperty("type", "hazard");
            edit.addProperty("id", edited);
            edit.addProperty("baseVersion", 1);
            JsonObject fields = new JsonObject();
            fields.addProperty("description", "储罐区消防通道堵塞，已设警示");
            edit.add("fields", fields);
            String batch = push(create(fresh, unit, "配电室无绝缘垫"), create(raced, unit, "本设备也记下了它"), edit);
            CompletableFuture<Http.Answer> pushed = CompletableFuture.supplyAsync(() -> device.post("/api/sync/push", batch));
            waitForALockWaiter(node);
            node.commit();

            Http.Answer answer = pushed.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonArray answers = answer.json().getAsJsonArray("answers");
            assertThat(answers).hasSize(3);
            assertThat(answers.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("applied");
            // the device's create meets the other node's record: kept as a conflict, never lost or overwriting it
            assertThat(answers.get(1).getAsJsonObject().get("status").getAsString()).isEqualTo("conflict");
            assertThat(answers.get(2).getAsJsonObject().get("status").getAsString()).isEqualTo("applied");
            assertThat(answers.get(2).getAsJsonObject().get("version").getAsInt()).isEqualTo(2);
        }
        assertThat(admin.get("/api/hazards/" + fresh).status()).isEqualTo(200);
        assertThat(admin.get("/api/hazards/" + raced).field("description")).isEqualTo("另一节点先写");
    }

    private static void waitForALockWaiter(Connection node) throws Exception {
        for (int i = 0; i < 500; i++) {
            try (PreparedStatement ps = node.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the push never waited for the audit head");
    }

    private static JsonObject create(String id, String unit, String description) {
        JsonObject op = new JsonObject();
        op.addProperty("opId", Uuids.v7());
        op.addProperty("type", "hazard");
        op.addProperty("id", id);
        op.addProperty("baseVersion", 0);
        JsonObject fields = new JsonObject();
        fields.addProperty("unitId", unit);
        fields.addProperty("grade", "GENERAL");
        fields.addProperty("category", "FIRE");
        fields.addProperty("description", description);
        fields.addProperty("foundAt", "2026-11-20T01:30:00Z");
        fields.addProperty("deadline", "2026-12-20");
        op.add("fields", fields);
        return op;
    }

    private static String push(JsonObject... operations) {
        JsonArray list = new JsonArray();
        for (JsonObject op : operations) {
            list.add(op);
        }
        JsonObject body = new JsonObject();
        body.add("operations", list);
        return body.toString();
    }
}
