package cn.fieldsync.server.scale;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.ServerNode;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server nodes on one database, as behind a load balancer (docs/architecture.md, scaling
 * out): the test's own server and a second process on the same SQLite file or, in the
 * postgresql execution of ops/test.sh and CI, the same PostgreSQL schema. Devices push and pull
 * through either node; a conflict made across the nodes is one conflict; a token one node gave
 * out works on the other, and a logout on one ends it on both.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/two-nodes")
@AddConfig(key = "fieldsync.db.schema", value = "two_nodes")
class TwoNodesApiTest {

    private static ServerNode second;

    @Inject
    WebTarget target;

    @BeforeAll
    static void startTheSecondNode() throws Exception {
        second = ServerNode.start(Map.of("fieldsync.data-dir", "target/test-data/two-nodes", "fieldsync.db.schema", "two_nodes"));
    }

    @AfterAll
    static void stopTheSecondNode() throws Exception {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void devicesOnEitherNodeSeeEachOthersWorkAndConflictAcrossNodesOnce() {
        URI one = target.getUri();
        URI two = second.base();
        Http admin = TestUsers.admin(one);
        String unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        List<FieldStore> stores = new ArrayList<>();
        try {
            FieldStore a = store(stores, admin, "two-a");
            FieldStore b = store(stores, admin, "two-b");
            List<String> fromA = new ArrayList<>();
            List<String> fromB = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fromA.add(a.create(RecordType.HAZARD, hazard(unit, "经节点一 " + i)));
                fromB.add(b.create(RecordType.HAZARD, hazard(unit, "经节点二 " + i)));
            }
            assertThat(sync(a, one).applied()).isEqualTo(20);
            assertThat(sync(b, two).applied()).isEqualTo(20);
            sync(a, one);
            // each device pulled the other's records through its own node: nothing missed, nothing twice
            for (FieldStore store : List.of(a, b)) {
                for (String id : fromA) {
                    assertThat(store.get(id)).as(id).isPresent();
                }
                for (String id : fromB) {
                    assertThat(store.get(id)).as(id).isPresent();
                }
            }
            assertThat(new Http(two, admin.token()).get("/api/hazards?limit=1").json().get("total").getAsInt()).isEqualTo(40);

            // the same field changed on both devices, pushed to different nodes: one conflict, seen from both
            String id = fromA.getFirst();
            a.edit(id, Map.of("responsiblePerson", new JsonPrimitive("李某")));
            b.edit(id, Map.of("responsiblePerson", new JsonPrimitive("赵某")));
            assertThat(sync(a, one).applied()).isEqualTo(1);
            SyncReport conflicted = sync(b, two);
            assertThat(conflicted.conflicts()).isEqualTo(1);
            JsonObject onOne = admin.get("/api/conflicts?status=OPEN&record=" + id).json();
            JsonObject onTwo = new Http(two, admin.token()).get("/api/conflicts?status=OPEN&record=" + id).json();
            assertThat(onOne.get("total").getAsInt()).isEqualTo(1);
            assertThat(onTwo).isEqualTo(onOne);
            // resolved on one node, the device syncing through the other gets the decision
            JsonObject conflict = onTwo.getAsJsonArray("items").get(0).getAsJsonObject();
            Http.Answer resolved = new Http(two, admin.token()).post("/api/conflicts/" + conflict.get("id").getAsString() + "/resolve",
                    "{\"resolution\":\"DEVICE\",\"version\":" + conflict.get("currentVersion").getAsInt() + "}");
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            sync(a, one);
            sync(b, two);
            for (FieldStore store : List.of(a, b)) {
                assertThat(store.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("赵某");
            }
        } finally {
            stores.forEach(FieldStore::close);
        }
    }

    @Test
    void aTokenFromOneNodeWorksOnTheOtherAndALogoutOnEitherEndsItOnBoth() {
        URI one = target.getUri();
        URI two = second.base();
        Http admin = TestUsers.admin(one);
        TestUsers.createAccount(admin, "two-nodes-reviewer", "REVIEWER", TestUsers.COUNTY);
        Http onOne = admin.login("two-nodes-reviewer", TestUsers.password("two-nodes-reviewer"));
        Http onTwo = new Http(two, onOne.token());
        assertThat(onTwo.get("/api/auth/me").field("username")).isEqualTo("two-nodes-reviewer");
        assertThat(onTwo.post("/api/auth/logout", "{}").status()).isIn(200, 204);
        assertThat(onOne.get("/api/auth/me").status()).as("ended on the node that gave it out").isEqualTo(401);
        assertThat(onTwo.get("/api/auth/me").status()).isEqualTo(401);
    }

    private static FieldStore store(List<FieldStore> stores, Http admin, String name) {
        FieldStore store = FieldStore.open(TestDatabases.freshDirectory("two-nodes-" + name));
        stores.add(store);
        TestUsers.init(admin, store, name);
        return store;
    }

    private static SyncReport sync(FieldStore store, URI node) {
        return store.sync(new HttpTransport(node.toString()), SyncListener.NONE);
    }

    private static JsonObject hazard(String unit, String description) {
        return JsonParser.parseString("""
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"%s",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit, description))
                .getAsJsonObject();
    }
}
