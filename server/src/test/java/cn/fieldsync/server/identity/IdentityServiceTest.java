package cn.fieldsync.server.identity;

import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first administrator, password storage and account rules, on a real SQLite database. */
class IdentityServiceTest {

    @Test
    void withoutAConfiguredPasswordTheFirstStartGeneratesOneOnceAndItWorks() {
        try (Database db = Database.open(TestDatabases.fresh("sqlite", "identity_generated"))) {
            IdentityService identity = new IdentityService(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));
            Optional<String> generated = identity.bootstrapAdmin(Optional.empty());
            assertThat(generated).hasValueSatisfying(p -> assertThat(p).hasSize(20));
            assertThat(identity.bootstrapAdmin(Optional.empty())).as("shown once only").isEmpty();
            var session = identity.login("admin", generated.orElseThrow(), null, "127.0.0.1");
            assertThat(identity.authenticate(session.token()).role()).isEqualTo(Role.ADMIN);
        }
    }

    @Test
    void aConfiguredPasswordIsUsedAndNothingIsPrinted() {
        try (Database db = Database.open(TestDatabases.fresh("sqlite", "identity_configured"))) {
            IdentityService identity = new IdentityService(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));
            assertThat(identity.bootstrapAdmin(Optional.of("from-the-environment"))).isEmpty();
            assertThat(identity.login("admin", "from-the-environment", null, "127.0.0.1").token()).isNotEmpty();
        }
    }

    @Test
    void passwordsAreStoredSaltedAndSlowAndNeverInClear() {
        String a = Passwords.hash("same-password");
        String b = Passwords.hash("same-password");
        assertThat(a).isNotEqualTo(b).doesNotContain("same-password").startsWith("pbkdf2-sha256$600000$");
        assertThat(Passwords.matches("same-password", a)).isTrue();
        assertThat(Passwords.matches("same-passworD", a)).isFalse();
    }

    @Test
    void theAdministratorCannotBeDisabledOrDemotedAndAChangedPasswordEndsSessions() {
        try (Database db = Database.open(TestDatabases.fresh("sqlite", "identity_rules"))) {
            IdentityService identity = new IdentityService(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));
            identity.bootstrapAdmin(Optional.of("first-password"));
            assertThatThrownBy(() -> identity.updateUser(Caller.SYSTEM, "admin", json("{\"role\":\"REVIEWER\"}")))
                    .isInstanceOf(FieldsyncException.class);
            assertThatThrownBy(() -> identity.updateUser(Caller.SYSTEM, "admin", json("{\"disabled\":true}")))
                    .isInstanceOf(FieldsyncException.class);
            identity.createUser(Caller.SYSTEM, json("{\"username\":\"wangfang\",\"password\":\"first-password\",\"role\":\"REVIEWER\","
                    + "\"jurisdictions\":[\"3706\"],\"units\":[],\"cases\":[]}"));
            String token = identity.login("wangfang", "first-password", null, "10.0.0.1").token();
            Caller caller = identity.authenticate(token);
            assertThat(caller.scope().sees("370686", null, null)).isTrue();
            assertThat(caller.scope().sees("370281", null, null)).isFalse();
            identity.updateUser(Caller.SYSTEM, "wangfang", json("{\"password\":\"second-password\"}"));
            assertThatThrownBy(() -> identity.authenticate(token)).isInstanceOf(FieldsyncException.class)
                    .hasMessageContaining("登录已失效");
            assertThatThrownBy(() -> identity.createUser(Caller.SYSTEM, json("{\"username\":\"wangfang\",\"password\":\"x-password\","
                    + "\"role\":\"REVIEWER\"}"))).isInstanceOf(FieldsyncException.class)
                    .hasMessageContaining("用户名 wangfang 已被使用");
        }
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
