package cn.fieldsync.server.identity;

import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.RetryLaterException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login throttle's counts, step by step, on a real SQLite database. */
class LoginThrottleTest {

    /**
     * A tester's finding: a correct login made while guesses for the same user were being checked
     * forgave those guesses too (their rows were deleted before they failed), so a guesser sending
     * guesses beside the inspector's own logins got more than five checks. Guesses under way at the
     * success now count when they fail: with four of them under way, one more guess is checked and
     * the next is refused.
     */
    @Test
    void aCorrectLoginDoesNotForgiveGuessesStillBeingChecked() {
        try (Database db = Database.open(TestDatabases.fresh("sqlite", "throttle_beside_success"))) {
            LoginThrottle throttle = new LoginThrottle(db, Clock.systemUTC(), new AuditLog(Clock.systemUTC()), ThrottleLimits.DEFAULT);
            List<LoginThrottle.Attempt> guesses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                guesses.add(throttle.begin("zhangwei", "10.0.0.9"));
            }
            LoginThrottle.Attempt right = throttle.begin("zhangwei", "10.0.0.1");
            db.inTransaction(em -> {
                throttle.succeeded(Sql.connection(em), right);
                return null;
            });
            guesses.forEach(throttle::failed);

            throttle.failed(throttle.begin("zhangwei", "10.0.0.9"));
            assertThatThrownBy(() -> throttle.begin("zhangwei", "10.0.0.9"))
                    .as("five wrong passwords checked since the correct login: the sixth guess is refused")
                    .isInstanceOf(RetryLaterException.class).hasMessageContaining("分钟后再试");
        }
    }

    /** Wrong passwords checked before a correct login are forgiven by it (OWASP: the count restarts at a success). */
    @Test
    void aCorrectLoginForgivesTheWrongPasswordsBeforeIt() {
        try (Database db = Database.open(TestDatabases.fresh("sqlite", "throttle_forgiven"))) {
            LoginThrottle throttle = new LoginThrottle(db, Clock.systemUTC(), new AuditLog(Clock.systemUTC()), ThrottleLimits.DEFAULT);
            for (int i = 0; i < 4; i++) {
                throttle.failed(throttle.begin("lina", "10.0.0.1"));
            }
            LoginThrottle.Attempt right = throttle.begin("lina", "10.0.0.1");
            db.inTransaction(em -> {
                throttle.succeeded(Sql.connection(em), right);
                return null;
            });
            for (int i = 0; i < 5; i++) {
                throttle.failed(throttle.begin("lina", "10.0.0.1"));
            }
            assertThatThrownBy(() -> throttle.begin("lina", "10.0.0.1")).isInstanceOf(RetryLaterException.class);
        }
    }
}
