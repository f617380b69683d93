package cn.fieldsync.server.casefile;

import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case numbers (案件编号) are given once each, with no gap, however many reviewers open cases at
 * the same moment — on SQLite and on PostgreSQL, where two openings computing MAX()+1 at once used
 * to collide on the unique index and answer 500 (issue 17).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/case-numbers")
@AddConfig(key = "fieldsync.db.schema", value = "case_numbers")
class CaseNumbersApiTest {

    private static final int OPENINGS = 30;

    @Inject
    WebTarget target;

    @Test
    void anAccidentLaterTodayHasNotHappenedYetAndTakesNoNumber() {
        Http admin = TestUsers.admin(target.getUri());
        String unit = admin.post("/api/units", "{\"name\":\"某化工厂\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0);
        // found by a tester: at 14:55 an accident of 23:30 the same day was opened and its report deadline computed
        Http.Answer later = admin.post("/api/cases", "{\"title\":\"未来事故\",\"subjectUnitId\":\"" + unit
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + now.plusHours(3) + "\",\"deaths\":0,\"seriousInjuries\":1,\"directLossCny\":100}}");
        assertThat(later.status()).as(later.body()).isEqualTo(422);
        assertThat(later.field("field")).isEqualTo("/event/at");
        assertThat(later.field("message")).contains("晚于");
        Http.Answer past = admin.post("/api/cases", "{\"title\":\"事故\",\"subjectUnitId\":\"" + unit
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"" + now.minusHours(1) + "\",\"deaths\":0,\"seriousInjuries\":1,\"directLossCny\":100}}");
        assertThat(past.status()).as(past.body()).isEqualTo(201);
    }

    @Test
    void thirtyCasesOpenedAtOnceAllSucceedWithDistinctConsecutiveNumbers() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        TestUsers.createAccount(admin, "numbers-reviewer", "REVIEWER", TestUsers.COUNTY);
        Http reviewer = admin.login("numbers-reviewer", TestUsers.password("numbers-reviewer"));
        Http.Answer unit = admin.post("/api/units", "{\"name\":\"某机械厂\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
        assertThat(unit.status()).as(unit.body()).isEqualTo(201);
        String body = "{\"title\":\"并发立案\",\"subjectUnitId\":\"" + unit.field("id")
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-20T10:00:00+08:00\",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":100000}}";

        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < OPENINGS; i++) {
                Callable<Http.Answer> open = () -> reviewer.post("/api/cases", body);
                answers.add(pool.submit(open));
            }
            Set<String> numbers = new HashSet<>();
            Set<Integer> sequence = new HashSet<>();
            for (Future<Http.Answer> f : answers) {
                Http.Answer answer = f.get();
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                String number = answer.field("number");
                assertThat(numbers.add(number)).as("case number given twice: " + number).isTrue();
                sequence.add(Integer.parseInt(number.replaceAll("^.*?(\\d+)\\D*$", "$1")));
            }
            // one to thirty, none skipped: the counter moves only with a committed opening
            assertThat(sequence).hasSize(OPENINGS).allMatch(n -> n >= 1 && n <= OPENINGS);
        } finally {
            pool.shutdownNow();
        }
    }
}
