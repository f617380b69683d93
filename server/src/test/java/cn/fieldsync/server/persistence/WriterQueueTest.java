package cn.fieldsync.server.persistence;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A node's writing transactions run on its one writer thread ({@link Database#inTransaction}), one
 * after another, and to the caller it is as if they ran on its own thread: it gets the work's
 * result, or the work's own refusal unchanged (the push path answers a {@link FieldsyncException}
 * by its code), nothing of a refused transaction is left, a transaction opened inside another's
 * work runs instead of waiting for the writer it is on, and an interrupted caller is still answered.
 * On SQLite and, when the run has one, PostgreSQL.
 */
class WriterQueueTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void writersOfOneNodeRunOneAtATimeAndEachCallerGetsItsOwnAnswer(String kind) throws Exception {
        try (Database db = Database.open(TestDatabases.fresh(kind, "writer_queue_one_at_a_time"))) {
            AtomicInteger inside = new AtomicInteger();
            List<Integer> overlaps = Collections.synchronizedList(new ArrayList<>());
            List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                callers.add(Thread.ofVirtual().start(() -> answers.add(db.inTransaction(em -> {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.add(n);
                    }
                    counter(em, "writer-" + n);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                    return n;
                }))));
            }
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(overlaps).as("transactions of one node that ran at the same time").isEmpty();
            assertThat(answers).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
            assertThat(countersNamed(db, "writer-%")).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRefusalInsideReachesTheCallerUnchangedAndLeavesNothing(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "writer_queue_refusal"))) {
            FieldsyncException refusal = new FieldsyncException(ErrorCode.INVALID_RECORD, "/name", "名称不能为空");
            assertThatThrownBy(() -> db.inTransaction(em -> {
                counter(em, "refused");
                throw refusal;
            })).isSameAs(refusal);
            assertThat(countersNamed(db, "refused")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aTransactionOpenedInsideAnotherRunsInsteadOfWaitingForItsOwnWriter(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "writer_queue_nested"))) {
            // (it reads: on SQLite a second transaction that wrote would wait for the first's write lock, as it always did)
            long innerSaw = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> db.inTransaction(outer -> {
                counter(outer, "outer");
                return db.inTransaction(em -> count(em, "outer"));
            }));
            assertThat(innerSaw).as("the inner transaction does not see the outer's uncommitted row").isZero();
            assertThat(countersNamed(db, "outer")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anInterruptedCallerIsStillAnsweredAndKeepsItsInterrupt(String kind) throws Exception {
        try (Database db = Database.open(TestDatabases.fresh(kind, "writer_queue_interrupt"))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            String[] answer = new String[1];
            boolean[] interrupted = new boolean[1];
            Thread caller = Thread.ofVirtual().start(() -> {
                answer[0] = db.inTransaction(em -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    counter(em, "interrupted");
                    return "committed";
                });
                interrupted[0] = Thread.currentThread().isInterrupted();
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            release.countDown();
            caller.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(answer[0]).isEqualTo("committed");
            assertThat(interrupted[0]).as("the caller's interrupt is kept for it").isTrue();
            assertThat(countersNamed(db, "interrupted")).isEqualTo(1);
        }
    }

    /** A row of a table every database of the schema has (the numbering counters, V15), named by the test. */
    private static void counter(jakarta.persistence.EntityManager em, String name) {
        try (PreparedStatement insert = Sql.connection(em).prepareStatement("INSERT INTO number_counter (kind, year, last_value) VALUES (?, 2026, 1)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(jakarta.persistence.EntityManager em, String name) {
        try (PreparedStatement count = Sql.connection(em).prepareStatement("SELECT COUNT(*) FROM number_counter WHERE kind = ?")) {
            count.setString(1, name);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countersNamed(Database db, String pattern) {
        return db.withConnection((Connection c) -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM number_counter WHERE kind LIKE ?")) {
                count.setString(1, pattern);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
