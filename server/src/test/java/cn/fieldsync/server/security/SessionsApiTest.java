package cn.fieldsync.server.security;

import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.server.testing.DelegatingTransport;
import cn.fieldsync.server.testing.ServerNode;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logins, token expiry and refresh, logout and refresh-token rotation, and throttled guessing, on
 * a server whose tokens live three seconds, whose sessions fifteen, and which refuses an address
 * after 10 wrong passwords (100 by default). Each throttle test speaks from its own loopback
 * address (127.0.0.x), so that their counts do not meet.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/sessions")
@AddConfig(key = "fieldsync.db.schema", value = "sessions")
@AddConfig(key = "fieldsync.auth.token-ttl", value = "PT3S")
@AddConfig(key = "fieldsync.auth.refresh-ttl", value = "PT15S")
@AddConfig(key = "fieldsync.auth.throttle.per-address", value = "10")
class SessionsApiTest {

    private static final String DATA_DIR = "target/test-data/sessions";
    private static final String SCHEMA = "sessions";

    @Inject
    WebTarget target;

    /**
     * The account answers keep their members exactly (the console, the inspector's app and the
     * device SDK read them by name): a member with nothing to say is absent, never {@code null}, and
     * no answer carries a password's hash.
     */
    @Test
    void theLoginTheAccountAndTheUserAnswersKeepTheirMembersAndLeaveOutWhatIsNotThere() {
        Http admin = TestUsers.admin(target.getUri());
        Http.Answer created = admin.post("/api/admin/users", "{\"username\":\"members-check\",\"password\":\"members-check-password\","
                + "\"role\":\"INSPECTOR\",\"jurisdictions\":[\"370686\",\"3706\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).hasValueSatisfying(l -> assertThat(l).endsWith("/api/admin/users/members-check"));
        List<String> user = List.of("username", "role", "jurisdictions", "units", "cases", "disabled", "createdAt");
        assertThat(created.json().keySet()).as("no display name set: none answered").containsExactlyElementsOf(user);
        assertThat(created.json().getAsJsonArray("jurisdictions").toString()).isEqualTo("[\"370686\",\"3706\"]");

        Http.Answer login = new Http(target.getUri()).post("/api/auth/login",
                "{\"username\":\"members-check\",\"password\":\"members-check-password\"}");
        assertThat(login.json().keySet()).as("no device: no deviceId")
                .containsExactly("token", "expiresAt", "refreshToken", "refreshExpiresAt", "user");
        assertThat(login.json().getAsJsonObject("user").keySet()).containsExactlyElementsOf(user);
        Http.Answer refreshed = new Http(target.getUri()).post("/api/auth/refresh",
                "{\"refreshToken\":\"" + login.field("refreshToken") + "\"}");
        assertThat(refreshed.json().keySet()).containsExactly("token", "expiresAt", "refreshToken", "refreshExpiresAt", "user");

        Http inspector = new Http(target.getUri(), refreshed.field("token"));
        assertThat(inspector.get("/api/auth/me").json().keySet())
                .containsExactly("username", "role", "jurisdictions", "units", "cases", "disabled", "createdAt", "scopeKey", "zone");
        assertThat(admin.patch("/api/admin/users/members-check", "{\"displayName\":\"成员检查\"}", null).json().get("displayName")
                .getAsString()).isEqualTo("成员检查");
        assertThat(inspector.get("/api/auth/me").json().get("displayName").getAsString()).isEqualTo("成员检查");
        assertThat(admin.get("/api/admin/users").body()).doesNotContain("passwordHash").doesNotContain("password_hash").contains("\"items\":[");
    }

    /**
     * A tester's finding: a login naming another user's device answered {@code forbidden} ("enrolled by
     * another user") and one naming no device {@code unknown_device}, so whoever held one password
     * could tell which device ids exist. Both now answer the same, and neither issues a token.
     */
    @Test
    void aLoginWithAnotherUsersDeviceAnswersAsIfTheDeviceDidNotExist() {
        Http admin = TestUsers.admin(target.getUri());
        TestUsers.Device theirs = TestUsers.device(admin, "device-owner");
        TestUsers.inspectorAccount(admin, "device-prober");
        String login = "{\"username\":\"device-prober\",\"password\":\"" + TestUsers.password("device-prober") + "\",\"deviceId\":\"%s\"}";
        String nobodys = cn.fieldsync.schemas.Uuids.v7();
        Http.Answer other = new Http(target.getUri()).post("/api/auth/login", login.formatted(theirs.id()));
        Http.Answer none = new Http(target.getUri()).post("/api/auth/login", login.formatted(nobodys));
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(other.field("code")).isEqualTo("unknown_device");
        assertThat(other.field("message")).contains("device-prober").doesNotContain("另一用户").doesNotContain("device-owner");
        assertThat(none.status()).isEqualTo(other.status());
        assertThat(none.field("code")).isEqualTo(other.field("code"));
        assertThat(none.field("message").replace(nobodys, "ID")).isEqualTo(other.field("message").replace(theirs.id(), "ID"));
        assertThat(other.body()).doesNotContain("token\"");
    }

    @Test
    void anExpiredTokenIsRefreshedQuietlyAndAnEndedSessionAsksToLogInAgainLosingNothing() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"某公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String user = "expiring-inspector";
        TestUsers.inspectorAccount(admin, user);
        Path store = TestDatabases.freshDirectory("sessions-cli");
        assertThat(Cli.run("init", "--store", store.toString(), "--server", target.getUri().toString(), "--device-name", "平板",
                "--user", user, "--password", TestUsers.password(user)).exitCode()).isZero();
        long loggedIn = System.nanoTime(); // init's last step was the login: the session ends 15 s after it at the latest

        Thread.sleep(3_500); // the access token has expired; the refresh token still lives
        newHazard(store, unit, "第一条");
        Cli.Result refreshed = Cli.run("sync", "--store", store.toString());
        assertThat(refreshed.exitCode()).as(refreshed.output()).isZero();
        assertThat(refreshed.output()).contains("applied 1");

        // the session has ended
        Thread.sleep(Math.max(0, 15_500 - (System.nanoTime() - loggedIn) / 1_000_000));
        String waiting = newHazard(store, unit, "第二条");
        Cli.Result ended = Cli.run("sync", "--store", store.toString());
        assertThat(ended.exitCode()).isNotZero();
        assertThat(ended.output()).contains("log in again: fieldsync login --user " + user).contains("nothing on this device was lost");
        assertThat(Cli.run("status", "--store", store.toString()).output()).contains("(pending operations): 1");

        Cli.Result wrong = Cli.run("login", "--user", user, "--password", "not-the-password", "--store", store.toString());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("invalid_credentials");
        Cli.Result login = Cli.run("login", "--user", user, "--password", TestUsers.password(user), "--store", store.toString());
        assertThat(login.exitCode()).as(login.output()).isZero();
        assertThat(Cli.run("sync", "--store", store.toString()).exitCode()).isZero();
        assertThat(admin.login("admin", TestUsers.ADMIN_PASSWORD).get("/api/hazards/" + waiting).status()).isEqualTo(200);
    }

    @Test
    void theApiSaysWhenATokenExpiredAndARefreshGivesANewOne() throws Exception {
        Http anonymous = new Http(target.getUri());
        Http.Answer login = anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + TestUsers.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        Http admin = anonymous.as(login.field("token"));
        assertThat(admin.get("/api/auth/me").field("role")).isEqualTo("ADMIN");
        Thread.sleep(3_500);
        Http.Answer expired = admin.get("/api/auth/me");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.field("code")).isEqualTo("token_expired");
        Http.Answer refreshed = anonymous.post("/api/auth/refresh", "{\"refreshToken\":\"" + login.field("refreshToken") + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(anonymous.as(refreshed.field("token")).get("/api/auth/me").status()).isEqualTo(200);
        assertThat(anonymous.as("made-up").get("/api/auth/me").field("code")).isEqualTo("unauthenticated");
        assertThat(anonymous.get("/api/hazards").field("code")).isEqualTo("unauthenticated");
    }

    @Test
    void guessingAPasswordIsThrottledPerUserAndTheRightPasswordWaitsToo() {
        account("guessed");
        account("bystander");
        Http anonymous = new Http(target.getUri());
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/auth/login", "{\"username\":\"guessed\",\"password\":\"guess-" + i + "\"}").field("code"))
                    .isEqualTo("invalid_credentials");
        }
        Http.Answer throttled = anonymous.post("/api/auth/login",
                "{\"username\":\"guessed\",\"password\":\"" + TestUsers.password("guessed") + "\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.field("code")).isEqualTo("too_many_attempts");
        // the wait as people say it, in Chinese only: found by a tester reading "请 898 秒后再试 (too many failed logins…)"
        assertThat(throttled.field("message")).containsPattern("请 \\d+ 分钟后再试").doesNotContain("秒").doesNotContain("try again");
        // another user from the same address is not locked out by someone else's guesses
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"bystander\",\"password\":\""
                + TestUsers.password("bystander") + "\"}").status()).isEqualTo(200);
        assertThat(TestUsers.admin(target.getUri()).get("/api/audit?actor=guessed").body())
                .contains("LOGIN_FAILED").contains("LOGIN_THROTTLED");
    }

    // ---- logout and rotation (issue 12, item 7) ----------------------------------------------

    @Test
    void logoutEndsTheLoginItsRefreshTokenIncludedButNotTheUsersOtherLogins() {
        account("leaving");
        Http anonymous = new Http(target.getUri());
        Http.Answer tablet = login(anonymous, "leaving", TestUsers.password("leaving"));
        Http.Answer laptop = login(anonymous, "leaving", TestUsers.password("leaving"));

        assertThat(anonymous.as(tablet.field("token")).post("/api/auth/logout", "").status()).isEqualTo(204);

        assertThat(anonymous.as(tablet.field("token")).get("/api/auth/me").status()).isEqualTo(401);
        for (int i = 0; i < 3; i++) {
            Http.Answer refreshed = refresh(anonymous, tablet.field("refreshToken"));
            assertThat(refreshed.status()).as("refresh %d after logout", i).isEqualTo(401);
            assertThat(refreshed.field("code")).isEqualTo("unauthenticated");
        }
        // the same user's other login goes on
        assertThat(anonymous.as(laptop.field("token")).get("/api/auth/me").status()).isEqualTo(200);
        assertThat(refresh(anonymous, laptop.field("refreshToken")).status()).isEqualTo(200);
        assertThat(TestUsers.admin(target.getUri()).get("/api/audit?actor=leaving&limit=100").body()).contains("\"LOGOUT\"");
    }

    @Test
    void aRefreshTokenIsUsedOnceAndPresentingItAgainEndsTheWholeLogin() {
        account("rotating");
        Http anonymous = new Http(target.getUri());
        Http.Answer first = login(anonymous, "rotating", TestUsers.password("rotating"));
        Http.Answer other = login(anonymous, "rotating", TestUsers.password("rotating"));

        Http.Answer second = refresh(anonymous, first.field("refreshToken"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.field("refreshToken")).isNotEqualTo(first.field("refreshToken"));
        assertThat(second.field("refreshExpiresAt")).as("refreshing does not stretch the login").isEqualTo(first.field("refreshExpiresAt"));
        assertThat(anonymous.as(second.field("token")).get("/api/auth/me").status()).isEqualTo(200);

        // the old refresh token again: someone holds a copy, so the login ends for everyone holding it
        Http.Answer reused = refresh(anonymous, first.field("refreshToken"));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.field("code")).isEqualTo("unauthenticated");
        assertThat(reused.field("message")).contains("已被使用过").contains("请重新登录");
        assertThat(anonymous.as(second.field("token")).get("/api/auth/me").status()).isEqualTo(401);
        assertThat(refresh(anonymous, second.field("refreshToken")).status()).isEqualTo(401);
        assertThat(anonymous.as(other.field("token")).get("/api/auth/me").status()).as("another login of the user").isEqualTo(200);
        String audit = TestUsers.admin(target.getUri()).get("/api/audit?actor=rotating&limit=100").body();
        assertThat(audit.split("\"SESSION_REUSED\"", -1).length - 1).as("one entry for the reuse").isEqualTo(1);
    }

    @Test
    void aRefreshWhoseAnswerWasLostIsAnsweredAgainUntilTheNewPairIsUsed() {
        account("flaky-network");
        Http anonymous = new Http(target.getUri());
        Http.Answer login = login(anonymous, "flaky-network", TestUsers.password("flaky-network"));
        Http.Answer lost = refresh(anonymous, login.field("refreshToken")); // the device never sees this answer
        assertThat(lost.status()).isEqualTo(200);

        Http.Answer again = refresh(anonymous, login.field("refreshToken"));
        assertThat(again.status()).as("nobody used the lost pair: the old token is exchanged again").isEqualTo(200);
        assertThat(anonymous.as(again.field("token")).get("/api/auth/me").status()).isEqualTo(200);
        assertThat(anonymous.as(lost.field("token")).get("/api/auth/me").status()).as("the lost pair is ended").isEqualTo(401);

        // once the new pair is in use, the lost pair's refresh token coming back is reuse
        assertThat(refresh(anonymous, lost.field("refreshToken")).status()).isEqualTo(401);
        assertThat(anonymous.as(again.field("token")).get("/api/auth/me").status()).isEqualTo(401);
        assertThat(refresh(anonymous, login.field("refreshToken")).status()).isEqualTo(401);
    }

    @Test
    void aDeviceThatLosesTheRefreshAnswerKeepsItsSessionAndSyncs() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"断网公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        Path dir = TestDatabases.freshDirectory("sessions-lost-refresh");
        try (FieldStore device = FieldStore.open(dir)) {
            TestUsers.init(TestUsers.admin(target.getUri()), device, "lostanswer");
            String first = device.create(RecordType.HAZARD, hazard(unit, "刷新应答丢失"));
            // the access token counts as expired; the refresh reaches the server, its answer never comes back
            AtomicReference<String> refused = new AtomicReference<>();
            SyncTransport losing = new DelegatingTransport(new HttpTransport(target.getUri().toString())) {
                @Override
                public String push(String token, String request) {
                    if (refused.compareAndSet(null, token) || token.equals(refused.get())) {
                        throw new cn.fieldsync.client.FieldsyncException("expired", false, null, "token_expired");
                    }
                    return real.push(token, request);
                }

                @Override
                public String refresh(String refreshToken) {
                    real.refresh(refreshToken);
                    throw new cn.fieldsync.client.FieldsyncException("connection reset", true, null);
                }
            };
            assertThatThrownBy(() -> device.sync(losing, SyncListener.NONE)).isInstanceOf(cn.fieldsync.client.FieldsyncException.class);
            assertThat(device.status().pendingOperations()).isEqualTo(1);

            // the next sync presents the old refresh token again (the old access token still counts as expired)
            SyncTransport expiring = new DelegatingTransport(new HttpTransport(target.getUri().toString())) {
                @Override
                public String push(String token, String request) {
                    if (token.equals(refused.get())) {
                        throw new cn.fieldsync.client.FieldsyncException("expired", false, null, "token_expired");
                    }
                    return real.push(token, request);
                }
            };
            device.sync(expiring, SyncListener.NONE);
            assertThat(device.status().pendingOperations()).isZero();
            assertThat(TestUsers.admin(target.getUri()).get("/api/hazards/" + first).status()).isEqualTo(200);

            // and the refresh token it stored is the login's current one: the next refresh works too
            String second = device.create(RecordType.HAZARD, hazard(unit, "第二条"));
            refused.set(currentToken(dir));
            device.sync(expiring, SyncListener.NONE);
            assertThat(TestUsers.admin(target.getUri()).get("/api/hazards/" + second).status()).isEqualTo(200);
        }
    }

    // ---- the throttle in the database (issue 12, item 8) -------------------------------------

    @Test
    void theThrottleHoldsAcrossTwoNodesAndARestart() throws Exception {
        account("two-nodes");
        Map<String, String> config = Map.of("fieldsync.data-dir", DATA_DIR, "fieldsync.db.schema", SCHEMA,
                "fieldsync.auth.token-ttl", "PT3S", "fieldsync.auth.refresh-ttl", "PT15S", "fieldsync.auth.throttle.per-address", "10");
        Address from = new Address("127.0.0.4");
        String wrong = "{\"username\":\"two-nodes\",\"password\":\"wrong-password\"}";
        String right = "{\"username\":\"two-nodes\",\"password\":\"" + TestUsers.password("two-nodes") + "\"}";
        URI one = target.getUri();
        // three guesses on the first node, before the second node even runs
        for (int i = 0; i < 3; i++) {
            assertThat(from.post(one, "/api/auth/login", wrong).status()).isEqualTo(401);
        }
        // a node started after them (as after a restart) counts them: two more guesses make five, not ten
        try (ServerNode second = ServerNode.start(config)) {
            URI two = second.base();
            for (int i = 0; i < 2; i++) {
                assertThat(from.post(two, "/api/auth/login", wrong).status()).isEqualTo(401);
            }
            for (URI node : List.of(two, one)) {
                Raw locked = from.post(node, "/api/auth/login", right);
                assertThat(locked.status()).as("the right password on %s", node).isEqualTo(429);
                assertThat(locked.body()).contains("too_many_attempts");
                assertThat(Long.parseLong(locked.retryAfter().orElseThrow())).isBetween(1L, 15 * 60L);
            }
            assertThat(new Address("127.0.0.5").post(two, "/api/auth/login", right).status())
                    .as("the user is locked wherever they come from").isEqualTo(429);
        }
    }

    /**
     * A tester's finding: of 8 logins of one user at the same moment, all with the right password, 3 were
     * told 请 15 分钟后再试 — the attempts under way counted as wrong passwords. They now wait for one
     * another; and guesses sent together still get no more password checks than the limit (5).
     */
    @Test
    void loginsOfOneUserAtTheSameMomentAllSucceedAndGuessesTogetherGetNoMoreThanFiveChecks() throws Exception {
        account("many-devices");
        account("guessed-together");
        URI server = target.getUri();
        List<Integer> rightOnes = together(12, i -> new Address("127.0.0.6").post(server, "/api/auth/login",
                credentials("many-devices", TestUsers.password("many-devices"))).status());
        assertThat(rightOnes).as("twelve devices of one inspector logging in at once").containsOnly(200);

        List<Integer> guesses = together(30, i -> new Address("127.0.0.7").post(server, "/api/auth/login",
                credentials("guessed-together", "guess-" + i)).status());
        assertThat(guesses).containsOnly(401, 429);
        assertThat(guesses.stream().filter(status -> status == 401).count()).as("wrong passwords checked").isEqualTo(5);
        Raw locked = new Address("127.0.0.7").post(server, "/api/auth/login", credentials("guessed-together", TestUsers.password("guessed-together")));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).containsPattern("请 \\d+ 分钟后再试");
    }

    private static List<Integer> together(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int at = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.apply(at);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    @Test
    void anOfficeBehindOneProxyIsNotLockedOutByOnePersonsGuessesOrBySpraying() {
        Address proxy = new Address("127.0.0.2");
        URI server = target.getUri();
        for (String user : List.of("office-a", "office-b", "office-c", "office-new")) {
            account(user);
        }
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-a", TestUsers.password("office-a"))).status()).isEqualTo(200);
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-b", TestUsers.password("office-b"))).status()).isEqualTo(200);

        // one person guesses a colleague's password: that colleague is locked, nobody else
        for (int i = 0; i < 5; i++) {
            assertThat(proxy.post(server, "/api/auth/login", credentials("office-c", "guess-" + i)).status()).isEqualTo(401);
        }
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-c", TestUsers.password("office-c"))).status()).isEqualTo(429);
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-a", TestUsers.password("office-a"))).status()).isEqualTo(200);

        // someone sprays one password over many names from the same address: past the address's limit
        // (10 here) it is refused for names that never logged in from there...
        for (int i = 0; i < 5; i++) {
            assertThat(proxy.post(server, "/api/auth/login", credentials("sprayed-" + i, "Password1!")).status()).isEqualTo(401);
        }
        Raw sprayed = proxy.post(server, "/api/auth/login", credentials("sprayed-99", "Password1!"));
        assertThat(sprayed.status()).isEqualTo(429);
        assertThat(sprayed.body()).contains("此地址登录失败次数过多");
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-new", TestUsers.password("office-new"))).status())
                .as("a first login from the sprayed address waits").isEqualTo(429);
        Raw elsewhere = new Address("127.0.0.1").post(server, "/api/auth/login", credentials("office-new", TestUsers.password("office-new")));
        assertThat(elsewhere.status()).as("elsewhere it does not: %s", elsewhere.body()).isEqualTo(200);
        // ...but the office's own users, who have logged in from it before, still log in
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-a", TestUsers.password("office-a"))).status()).isEqualTo(200);
        assertThat(proxy.post(server, "/api/auth/login", credentials("office-b", TestUsers.password("office-b"))).status()).isEqualTo(200);
        assertThat(TestUsers.admin(server).get("/api/audit?actor=sprayed-99&limit=100").body()).contains("LOGIN_THROTTLED").contains("\"scope\":\"address\"");
    }

    @Test
    void fiveHundredGuessesLeaveAFewAuditEntriesNotFiveHundred() {
        account("flooded");
        Address from = new Address("127.0.0.3");
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            int status = from.post(target.getUri(), "/api/auth/login", credentials("flooded", "guess-" + i)).status();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(495);
        Http admin = TestUsers.admin(target.getUri());
        JsonArray entries = admin.get("/api/audit?actor=flooded&limit=500").json().getAsJsonArray("items");
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.getAsJsonObject().getAsJsonObject("entry").get("action").getAsString()));
        // 5 wrong passwords, the lockout, and the 1st, 10th and 100th refusal with their count
        assertThat(actions).containsExactly("LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED",
                "LOGIN_LOCKED", "LOGIN_THROTTLED", "LOGIN_THROTTLED", "LOGIN_THROTTLED");
        assertThat(entries.get(8).getAsJsonObject().getAsJsonObject("entry").getAsJsonObject("detail").get("refused").getAsLong())
                .isEqualTo(100);
        assertThat(TestUsers.admin(target.getUri()).get("/api/audit/verify").field("intact")).isEqualTo("true");
    }

    /** An inspector of the test county, made by a freshly logged-in administrator: tokens here live 3 seconds. */
    private void account(String user) {
        TestUsers.inspectorAccount(TestUsers.admin(target.getUri()), user);
    }

    private static Http.Answer login(Http anonymous, String user, String password) {
        Http.Answer answer = anonymous.post("/api/auth/login", credentials(user, password));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static Http.Answer refresh(Http anonymous, String refreshToken) {
        return anonymous.post("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    private static String credentials(String user, String password) {
        JsonObject body = new JsonObject();
        body.addProperty("username", user);
        body.addProperty("password", password);
        return body.toString();
    }

    private static JsonObject hazard(String unit, String description) {
        JsonObject hazard = new JsonObject();
        hazard.addProperty("unitId", unit);
        hazard.addProperty("grade", "GENERAL");
        hazard.addProperty("category", "FIRE");
        hazard.addProperty("description", description);
        hazard.addProperty("foundAt", "2026-11-20T09:30:00+08:00");
        return hazard;
    }

    private static String currentToken(Path store) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("fieldsync.db").toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = 'auth.token'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A client speaking from one loopback address, as the users behind one proxy do; it reads Retry-After. */
    private record Address(HttpClient client) {
        Address(String local) {
            this(HttpClient.newBuilder().localAddress(inet(local)).build());
        }

        private static InetAddress inet(String local) {
            try {
                return InetAddress.getByName(local);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        Raw post(URI server, String path, String body) {
            try {
                // the server's own address, not "localhost": the local address must be of the same family
                URI to = URI.create("http://127.0.0.1:" + server.getPort() + path);
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(to).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new Raw(answer.statusCode(), answer.body(), answer.headers().firstValue("Retry-After"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private record Raw(int status, String body, Optional<String> retryAfter) {
    }

    private static String newHazard(Path store, String unit, String description) throws Exception {
        return Cli.newRecord(store, "hazard", "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\""
                + description + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\"}");
    }
}
