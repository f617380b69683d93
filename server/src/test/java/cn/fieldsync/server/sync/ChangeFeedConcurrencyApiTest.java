package cn.fieldsync.server.sync;

import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several devices push and several pull at the same time, through the real server: 10,000
 * changes, and no puller ever misses one (the change sequence is gap-safe) or sees one twice.
 * Runs on SQLite and, in the postgresql execution, on PostgreSQL.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/change-feed-concurrency")
@AddConfig(key = "fieldsync.db.schema", value = "change_feed_concurrency")
// writers not queued in the node (Database#inTransaction): on PostgreSQL the transactions then run at once, as on two nodes
@AddConfig(key = "fieldsync.db.queue-writers", value = "false")
class ChangeFeedConcurrencyApiTest {

    private static final int PUSHERS = 4;
    private static final int PULLERS = 3;
    private static final int PER_PUSHER = 2_500;
    private static final int BATCH = 250;

    @Inject
    WebTarget target;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void concurrentPushersAndPullersNeverLoseAChange() throws Exception {
        URI base = target.getUri();
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicBoolean pushing = new AtomicBoolean(true);
        Http admin = TestUsers.admin(base);
        // pullers read as a reviewer of the county: the scoped feed is the one under test
        String reader = TestUsers.create(admin, "puller", "REVIEWER", TestUsers.COUNTY).token();
        ExecutorService pool = Executors.newFixedThreadPool(PUSHERS + PULLERS);
        try {
            List<Future<?>> pushers = new ArrayList<>();
            for (int p = 0; p < PUSHERS; p++) {
                String device = TestUsers.device(admin, "pusher-" + p).http().token();
                pushers.add(pool.submit(() -> {
                    for (int b = 0; b < PER_PUSHER / BATCH; b++) {
                        StringBuilder ops = new StringBuilder();
                        for (int i = 0; i < BATCH; i++) {
                            String id = Uuids.v7();
                            created.add(id);
                            ops.append(i == 0 ? "" : ",").append("{\"opId\":\"").append(Uuids.v7())
                                    .append("\",\"type\":\"unit\",\"id\":\"").append(id)
                                    .append("\",\"baseVersion\":0,\"fields\":{\"name\":\"单位").append(i)
                                    .append("\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}}");
                        }
                        String answers = send(post(base, "/api/sync/push", "{\"operations\":[" + ops + "]}", device));
                        assertThat(answers).doesNotContain("rejected");
                    }
                    return null;
                }));
            }
            List<Future<Set<String>>> pullers = new ArrayList<>();
            for (int p = 0; p < PULLERS; p++) {
                pullers.add(pool.submit(() -> pull(base, reader, pushing)));
            }
            for (Future<?> pusher : pushers) {
                pusher.get(5, TimeUnit.MINUTES);
            }
            pushing.set(false);
            for (Future<Set<String>> puller : pullers) {
                assertThat(puller.get(5, TimeUnit.MINUTES)).containsAll(created);
            }
            assertThat(created).hasSize(PUSHERS * PER_PUSHER);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pulls until pushing is over and a pull after that finds nothing new; checks order on the way. */
    private Set<String> pull(URI base, String token, AtomicBoolean pushing) throws Exception {
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        long lastSeq = 0;
        boolean finalPass = false;
        String scope = "";
        while (true) {
            boolean stillPushing = pushing.get();
            JsonObject page = StrictJson.parseObject(send(HttpRequest.newBuilder(
                    base.resolve("/api/sync/changes?since=" + cursor + "&scope=" + scope + "&limit=500"))
                    .header("Authorization", "Bearer " + token).GET().build()));
            assertThat(page.has("reset")).isFalse();
            scope = page.get("scope").getAsString();
            for (JsonElement change : page.getAsJsonArray("changes")) {
                long seq = change.getAsJsonObject().get("seq").getAsLong();
                assertThat(seq).isGreaterThan(lastSeq);
                lastSeq = seq;
                String id = change.getAsJsonObject().getAsJsonObject("record").get("id").getAsString();
                assertThat(seen.add(id)).as("seen twice: " + id).isTrue();
            }
            cursor = Long.parseLong(page.get("nextCursor").getAsString());
            if (!page.get("hasMore").getAsBoolean()) {
                if (finalPass) {
                    return seen;
                }
                if (!stillPushing) {
                    finalPass = true;
                }
            }
        }
    }

    private static HttpRequest post(URI base, String path, String body, String token) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response.body();
    }

    private static String field(String json, String name) throws StrictJson.MalformedJsonException {
        return StrictJson.parseObject(json).get(name).getAsString();
    }
}
