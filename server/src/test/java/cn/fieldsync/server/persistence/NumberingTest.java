package cn.fieldsync.server.persistence;

import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number's text is never given twice: a sequence that reaches a text already issued — a county's own
 * sequence begun after the server's one had numbered that county alike, a pattern changed back — passes
 * over it (found by a tester: 栖纪案〔2026〕1号 issued twice), on SQLite and on PostgreSQL.
 */
class NumberingTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aSequenceReachingTextsAlreadyGivenPassesOverThem(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "numbering_" + kind))) {
            Set<String> issued = Set.of("栖纪案〔2026〕1号", "栖纪案〔2026〕2号", "栖纪案〔2026〕4号");
            Numbering.Numbered first = db.inTransaction(em -> Numbering.nextUnused(em, "case@370686", 2026,
                    seq -> "栖纪案〔2026〕" + seq + "号", issued::contains));
            assertThat(first).isEqualTo(new Numbering.Numbered(3, "栖纪案〔2026〕3号"));
            Numbering.Numbered second = db.inTransaction(em -> Numbering.nextUnused(em, "case@370686", 2026,
                    seq -> "栖纪案〔2026〕" + seq + "号", issued::contains));
            assertThat(second.text()).isEqualTo("栖纪案〔2026〕5号");
            // another county's sequence of another pattern starts at its own 1
            assertThat(db.inTransaction(em -> Numbering.nextUnused(em, "case@370612", 2026, seq -> "牟纪案〔2026〕" + seq + "号",
                    issued::contains)).text()).isEqualTo("牟纪案〔2026〕1号");
        }
    }
}
