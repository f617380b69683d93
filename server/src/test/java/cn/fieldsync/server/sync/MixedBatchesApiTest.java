package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: devices push at the same time batches that mix applied and refused operations. A
 * refusal writes only its audit entry, an applied operation takes the change sequence too: with
 * two lock orders two batches waited on each other ("deadlock detected … UPDATE change_seq" on
 * PostgreSQL). With one lock order for every writing transaction (the audit head, then the
 * change sequence) the database reports no deadlock, and every operation is answered as it
 * should be. Runs on SQLite and, in the postgresql execution, on PostgreSQL, where the
 * database's own deadlock counter is read before and after.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/mixed-batches")
@AddConfig(key = "fieldsync.db.schema", value = "mixed_batches")
// writers not queued in the node (Database#inTransaction): on PostgreSQL the transactions then run at once, as on two nodes
@AddConfig(key = "fieldsync.db.queue-writers", value = "false")
class MixedBatchesApiTest {

    private static final int DEVICES = 8;
    private static final int BATCHES = 15;
    private static final int BATCH = 10;

    @Inject
    WebTarget target;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void devicesPushingMixedBatchesAtOnceCauseNoDeadlockAndEveryOperationGetsItsAnswer() throws Exception {
        URI base = target.getUri();
        Http admin = TestUsers.admin(base);
        String unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        List<String> tokens = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            tokens.add(TestUsers.device(admin, "mixed-" + d).http().token());
        }
        long deadlocksBefore = deadlocks();
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                String token = tokens.get(d);
                Random random = new Random(d);
                results.add(pool.submit(() -> {
                    int[] counts = new int[2];
                    for (int b = 0; b < BATCHES; b++) {
                        StringBuilder ops = new StringBuilder();
                        boolean[] valid = new boolean[BATCH];
                        for (int i = 0; i < BATCH; i++) {
                            valid[i] = random.nextBoolean();
                            // a refused one names a unit that does not exist: unknown_reference, final
                            String unitId = valid[i] ? unit : Uuids.v7();
                            ops.append(i == 0 ? "" : ",").append("{\"opId\":\"").append(Uuids.v7())
                                    .append("\",\"type\":\"hazard\",\"id\":\"").append(Uuids.v7())
                                    .append("\",\"baseVersion\":0,\"fields\":{\"unitId\":\"").append(unitId)
                                    .append("\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"混合批次 ")
                                    .append(b).append('-').append(i)
                                    .append("\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\"}}");
                        }
                        JsonArray answers = StrictJson.parseObject(push(base, token, "{\"operations\":[" + ops + "]}"))
                                .getAsJsonArray("answers");
                        assertThat(answers).hasSize(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            String status = answers.get(i).getAsJsonObject().get("status").getAsString();
                            assertThat(status).isEqualTo(valid[i] ? "applied" : "rejected");
                            counts[valid[i] ? 0 : 1]++;
                        }
                    }
                    return counts;
                }));
            }
            int applied = 0;
            for (Future<int[]> result : results) {
                applied += result.get(5, TimeUnit.MINUTES)[0];
            }
            assertThat(admin.get("/api/hazards?unit=" + unit + "&limit=1").json().get("total").getAsInt()).isEqualTo(applied);
        } finally {
            pool.shutdownNow();
        }
        if (System.getProperty("fieldsync.db.url") != null) {
            Thread.sleep(1_500); // PostgreSQL publishes its counters at most once a second
        }
        assertThat(deadlocks()).as("deadlocks the database detected").isEqualTo(deadlocksBefore);
        assertThat(admin.get("/api/audit/verify").body()).contains("\"intact\":true");
    }

    /** PostgreSQL's count of deadlocks detected in this database; 0 on SQLite, which has one writer. */
    private static long deadlocks() throws Exception {
        if (System.getProperty("fieldsync.db.url") == null) {
            return 0;
        }
        try (Connection c = TestDatabases.connect("target/test-data/mixed-batches", "mixed_batches");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String push(URI base, String token, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/sync/push"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
