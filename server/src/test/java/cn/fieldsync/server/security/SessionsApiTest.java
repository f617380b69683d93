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

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins, token expiry and refresh, and throttled guessing, on a server whose tokens live three
 * seconds and whose sessions fifteen.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/sessions")
@AddConfig(key = "fieldsync.db.schema", value = "sessions")
@AddConfig(key = "fieldsync.auth.token-ttl", value = "PT3S")
@AddConfig(key = "fieldsync.auth.refresh-ttl", value = "PT15S")
class SessionsApiTest {

    @Inject
    WebTarget target;

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
        assertThat(Cli.run("status", "--store", store.toString()).output()).contains("pending operations: 1");

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
        Http admin = TestUsers.admin(target.getUri());
        TestUsers.inspectorAccount(admin, "guessed");
        TestUsers.inspectorAccount(admin, "bystander");
        Http anonymous = new Http(target.getUri());
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/auth/login", "{\"username\":\"guessed\",\"password\":\"guess-" + i + "\"}").field("code"))
                    .isEqualTo("invalid_credentials");
        }
        Http.Answer throttled = anonymous.post("/api/auth/login",
                "{\"username\":\"guessed\",\"password\":\"" + TestUsers.password("guessed") + "\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.field("code")).isEqualTo("too_many_attempts");
        assertThat(throttled.field("message")).contains("try again in");
        // another user from the same address is not locked out by someone else's guesses
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"bystander\",\"password\":\""
                + TestUsers.password("bystander") + "\"}").status()).isEqualTo(200);
        assertThat(admin.login("admin", TestUsers.ADMIN_PASSWORD).get("/api/audit?actor=guessed").body())
                .contains("LOGIN_FAILED").contains("LOGIN_THROTTLED");
    }

    private static String newHazard(Path store, String unit, String description) throws Exception {
        return Cli.newRecord(store, "hazard", "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\""
                + description + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\"}");
    }
}
