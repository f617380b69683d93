package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.Passwords;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server upgraded over V22 (a case's investigators in rows of their own, issue 19) keeps every
 * case's investigators and who sees the case: the comma-joined list a V21 database holds is split
 * into rows in its order, on SQLite and on PostgreSQL.
 */
class CaseInvestigatorRowsMigrationTest {

    private static final String UNIT = "0190a1b2-0000-7000-8000-000000000001";
    private static final String CASE_A = "0190a1b2-0000-7000-8000-00000000000a";
    private static final String CASE_B = "0190a1b2-0000-7000-8000-00000000000b";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theInvestigatorsOfAnOlderDatabaseBecomeRowsAndSeeTheirCasesAsBefore(String kind) throws Exception {
        // a database as the release before V22 left it
        DatabaseSettings settings = TestDatabases.migratedTo(kind, "case_investigator_rows_" + kind, "21");
        try (Connection c = TestDatabases.connect(settings)) {
            insertUser(c, "zhaolei");
            insertUser(c, "qianli");
            insertUser(c, "sunyi");
            // names repeated and empty entries, as hand-edited data may hold them
            insertCase(c, CASE_A, 1, "qianli,,zhaolei,qianli");
            insertCase(c, CASE_B, 2, "");
        }

        try (Database db = Database.open(settings)) {
            IdentityService identity = new IdentityService(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));
            CaseService cases = new CaseService(db, new RecordStore(Clock.systemUTC(), ZONE, null), Clock.systemUTC(), ZONE,
                    "{year}-{seq}", 12);
            Caller zhaolei = callerOf(identity, "zhaolei");

            assertThat(cases.get(Caller.SYSTEM, CASE_A).investigators()).as("in the case's order, each once")
                    .containsExactly("qianli", "zhaolei");
            assertThat(cases.get(Caller.SYSTEM, CASE_B).investigators()).isEmpty();
            assertThat(zhaolei.scope().seesCase(CASE_A, "110101")).as("named on the case, they still see it").isTrue();
            assertThat(cases.get(zhaolei, CASE_A).number()).isEqualTo("2025-1");
            assertThat(cases.list(zhaolei, null, null, null, null, 50).items()).extracting(CaseDtos.Summary::id)
                    .containsExactly(CASE_A);
            assertThat(callerOf(identity, "sunyi").scope().seesCase(CASE_A, "110101")).as("named on no case").isFalse();

            // the list given again in another order, one dropped and one added: the rows follow (no key clash)
            cases.setInvestigators(Caller.SYSTEM, CASE_A, JsonParser.parseString("{\"investigators\":[\"sunyi\",\"qianli\"]}")
                    .getAsJsonObject());
            assertThat(cases.get(Caller.SYSTEM, CASE_A).investigators()).containsExactly("sunyi", "qianli");
            assertThat(callerOf(identity, "zhaolei").scope().seesCase(CASE_A, "110101")).as("no longer named").isFalse();
            assertThat(callerOf(identity, "sunyi").scope().seesCase(CASE_A, "110101")).isTrue();
        }
    }

    private static Caller callerOf(IdentityService identity, String username) {
        return identity.authenticate(identity.login(username, "old-password-1", null, "10.0.0.7").token());
    }

    private static void insertUser(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO app_user (username, password_hash, role, disabled, created_at,"
                + " updated_at) VALUES (?, ?, 'INSPECTOR', ?, 1, 1)")) {
            s.setString(1, username);
            s.setString(2, Passwords.hash("old-password-1"));
            s.setBoolean(3, false);
            s.executeUpdate();
        }
    }

    private static void insertCase(Connection c, String id, int seq, String investigators) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO case_file (id, number, year, seq_in_year, title, subject_unit_id,"
                + " jurisdiction, event_kind, event_at, event_day, investigators, status, report_extension, reply_extension, checklist,"
                + " window_months, opened_by, opened_at) VALUES (?, ?, 2025, ?, '某公司违法案', ?, '110101', 'VIOLATION',"
                + " 1735689600000, '2025-01-01', ?, 'OPEN', 0, 0, '{}', 12, 'admin', 1735689600000)")) {
            s.setString(1, id);
            s.setString(2, "2025-" + seq);
            s.setInt(3, seq);
            s.setString(4, UNIT);
            s.setString(5, investigators);
            s.executeUpdate();
        }
    }

}
