package cn.fieldsync.domain.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.casefile.AccidentReporting.Figures;
import cn.fieldsync.domain.casefile.AccidentReporting.Sector;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** 生产安全事故报告和调查处理条例 (493号令) arts 3, 9, 12, 13. */
class AccidentReportingTest {

    @Test
    void art3And12_theMissingCountWithTheDead_acutePoisoningWithSeriousInjuries() {
        assertThat(new Figures(2, 0, 0, 0, BigDecimal.ZERO).grade()).isEqualTo(AccidentGrade.ORDINARY);
        assertThat(new Figures(2, 1, 0, 0, BigDecimal.ZERO).grade()).isEqualTo(AccidentGrade.SERIOUS);
        assertThat(new Figures(0, 0, 9, 0, BigDecimal.ZERO).grade()).isEqualTo(AccidentGrade.ORDINARY);
        assertThat(new Figures(0, 0, 9, 1, BigDecimal.ZERO).grade()).isEqualTo(AccidentGrade.SERIOUS);
        assertThat(new Figures(0, 0, 0, 100, BigDecimal.ZERO).grade()).isEqualTo(AccidentGrade.EXTRAORDINARY);
    }

    @Test
    void art9_theReportIsDueWithinOneHourOfTheHeadLearningOfIt() {
        Instant known = Instant.parse("2026-11-20T02:00:00Z");
        assertThat(AccidentReporting.reportedLate(known, known.plusSeconds(3600))).isFalse();
        assertThat(AccidentReporting.reportedLate(known, known.plusSeconds(3601))).isTrue();
    }

    @Test
    void art13_casualtyChangesWithin30Days_7ForRoadTrafficAndFire() {
        LocalDate accident = LocalDate.of(2026, 11, 20);
        assertThat(AccidentReporting.supplementWindowEnds(accident, Sector.OTHER)).isEqualTo(LocalDate.of(2026, 12, 20));
        assertThat(AccidentReporting.supplementWindowEnds(accident, Sector.FIRE)).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(AccidentReporting.refuseChange(accident, Sector.OTHER, LocalDate.of(2026, 12, 20))).isEmpty();
        // the last day is inside the window, and said so (a tester read "即 2026-12-20 前" as excluding it)
        assertThat(AccidentReporting.refuseChange(accident, Sector.OTHER, LocalDate.of(2026, 12, 21)))
                .hasValueSatisfying(m -> assertThat(m).contains("即至 2026-12-20（含当日）为止").doesNotContain("2026-12-20 前"));
        assertThat(AccidentReporting.refuseChange(accident, Sector.ROAD_TRAFFIC, LocalDate.of(2026, 11, 28))).isPresent();
        assertThat(AccidentReporting.refuseChange(accident, Sector.ROAD_TRAFFIC, LocalDate.of(2026, 11, 19))).isPresent();
    }

    @Test
    void aLateReportOrReplyCountsItsDaysLate() {
        LocalDate due = LocalDate.of(2026, 12, 1);
        assertThat(AccidentReporting.daysLate(due, due)).isEmpty();
        assertThat(AccidentReporting.daysLate(due, due.plusDays(3))).hasValue(3L);
    }

    @Test
    void arts35_36_39_marksNameTheirArticles() {
        assertThat(AccidentReporting.Mark.CONCEALED.label()).isEqualTo("瞒报");
        assertThat(AccidentReporting.Mark.CONCEALED.articles()).contains("第36条");
        assertThat(AccidentReporting.Mark.LATE.label()).isEqualTo("迟报");
    }
}
