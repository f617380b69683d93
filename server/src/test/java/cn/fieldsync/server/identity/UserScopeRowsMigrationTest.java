package cn.fieldsync.server.identity;

import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.identity.dto.UserDtos;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server upgraded over V21 (a user's scope in rows of its own, issue 19) keeps every user's scope
 * as it was: the comma-joined lists a V19 database holds are split into rows in their order, and
 * what each user sees afterwards is what they saw before — on SQLite and on PostgreSQL.
 */
class UserScopeRowsMigrationTest {

    private static final String UNIT = "0190a1b2-0000-7000-8000-000000000001";
    private static final String CASE_A = "0190a1b2-0000-7000-8000-00000000000a";
    private static final String CASE_B = "0190a1b2-0000-7000-8000-00000000000b";

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theListsOfAnOlderDatabaseBecomeRowsAndEveryUserSeesWhatTheySawBefore(String kind) throws Exception {
        // a database as the release before V21 left it
        DatabaseSettings settings = TestDatabases.migratedTo(kind, "scope_rows_" + kind, "19");
        try (Connection c = TestDatabases.connect(settings)) {
            insertUser(c, "zhaolei", "INSPECTOR", "370686,3706", UNIT, "");
            insertUser(c, "qianli", "REVIEWER", "37,,370602,37", "", CASE_B + "," + CASE_A);
            insertUser(c, "sunyi", "INSPECTOR", "", "", "");
        }

        try (Database db = Database.open(settings)) {
            IdentityService identity = new IdentityService(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));

            UserDtos.User zhaolei = identity.user("zhaolei");
            assertThat(zhaolei.jurisdictions()).as("in the order the administrator gave").containsExactly("370686", "3706");
            assertThat(zhaolei.units()).containsExactly(UNIT);
            Scope inspector = callerOf(identity, "zhaolei").scope();
            assertThat(inspector.sees("370602", null, null)).as("3706 covers the city's counties").isTrue();
            assertThat(inspector.sees("370281", UNIT, null)).as("an assigned unit, wherever it lies").isTrue();
            assertThat(inspector.sees("370281", null, null)).isFalse();

            UserDtos.User qianli = identity.user("qianli");
            assertThat(qianli.jurisdictions()).as("empty entries dropped, a repeat kept once").containsExactly("37", "370602");
            assertThat(qianli.cases()).containsExactly(CASE_B, CASE_A);
            assertThat(callerOf(identity, "qianli").scope().seesCase(CASE_A, "110101")).isTrue();

            assertThat(identity.user("sunyi").jurisdictions()).isEmpty();
            assertThat(callerOf(identity, "sunyi").scope().sees("370686", UNIT, null)).as("given nothing, sees nothing").isFalse();

            // a list given again in another order replaces the rows (no clash on the (user, entry) key)
            identity.updateUser(Caller.SYSTEM, "zhaolei", json("{\"jurisdictions\":[\"3706\",\"370686\",\"370602\"],\"units\":[]}"));
            UserDtos.User changed = identity.user("zhaolei");
            assertThat(changed.jurisdictions()).containsExactly("3706", "370686", "370602");
            assertThat(changed.units()).isEmpty();
            assertThat(callerOf(identity, "zhaolei").scope().sees("370281", UNIT, null)).as("the unit taken back").isFalse();
        }
    }

    private static Caller callerOf(IdentityService identity, String username) {
        return identity.authenticate(identity.login(username, "old-password-1", null, "10.0.0.7").token());
    }

    private static void insertUser(Connection c, String username, String role, String jurisdictions, String units, String cases)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO app_user (username, password_hash, role, jurisdictions, units, cases,"
                + " disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)")) {
            s.setString(1, username);
            s.setString(2, Passwords.hash("old-password-1"));
            s.setString(3, role);
            s.setString(4, jurisdictions);
            s.setString(5, units);
            s.setString(6, cases);
            s.setBoolean(7, false);
            s.executeUpdate();
        }
    }


    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
