package cn.fieldsync.domain.accountability;

import cn.fieldsync.domain.accountability.SanctionExecution.Decided;
import cn.fieldsync.domain.accountability.SanctionExecution.Execution;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static cn.fieldsync.domain.accountability.GovernmentSanction.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 政务处分法 art 15 for one person's sanctions. */
class SanctionExecutionTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 30);

    @Test
    void art15_ofDifferentKindsOnlyTheHeaviestIsExecutedWithItsPeriod() {
        Execution e = SanctionExecution.of(List.of(new Decided("w", WARNING, DAY, null), new Decided("d1", DEMERIT, DAY, null),
                new Decided("d2", DEMERIT, DAY, null), new Decided("demotion", DEMOTION, DAY, null)), PeriodRules.DEFAULT);
        assertThat(e.executed()).isEqualTo(DEMOTION);
        assertThat(e.executedIds()).containsExactly("demotion");
        assertThat(e.supersededIds()).containsExactlyInAnyOrder("w", "d1", "d2");
        assertThat(e.months()).hasValue(24);
        assertThat(e.ends()).hasValue(LocalDate.of(2028, 9, 30));
    }

    @Test
    void art15_twoOfTheSameKindGiveOneCombinedPeriod_theSumByDefault_atMost48Months() {
        Execution two = SanctionExecution.of(List.of(new Decided("a", DEMERIT, DAY, null), new Decided("b", DEMERIT, DAY.plusDays(5), null)),
                PeriodRules.DEFAULT);
        assertThat(two.executedIds()).containsExactly("a", "b");
        assertThat(two.months()).hasValue(24);
        assertThat(two.from()).isEqualTo(DAY);
        assertThat(two.ends()).hasValue(LocalDate.of(2028, 9, 30));
        Execution chosen = SanctionExecution.of(List.of(new Decided("a", DEMERIT, DAY, null), new Decided("b", DEMERIT, DAY, 12)),
                PeriodRules.DEFAULT);
        assertThat(chosen.months()).hasValue(12);
        Execution capped = SanctionExecution.of(List.of(new Decided("a", DISMISSAL_FROM_POST, DAY, null),
                new Decided("b", DISMISSAL_FROM_POST, DAY, null), new Decided("c", DISMISSAL_FROM_POST, DAY, null)), PeriodRules.DEFAULT);
        assertThat(capped.months()).hasValue(48);
        assertThat(capped.ends()).hasValue(LocalDate.of(2030, 9, 30));
    }

    @Test
    void art15_aChosenPeriodOutsideOnePeriodToTheSumIsRefused() {
        assertThatThrownBy(() -> SanctionExecution.of(List.of(new Decided("a", DEMERIT, DAY, null), new Decided("b", DEMERIT, DAY, 25)),
                PeriodRules.DEFAULT)).hasMessageContaining("可在 12 至 24 个月之间确定");
        assertThatThrownBy(() -> SanctionExecution.of(List.of(new Decided("a", DEMERIT, DAY, null), new Decided("b", DEMERIT, DAY, 11)),
                PeriodRules.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void art15_expulsionIsExecutedAndHasNoPeriod() {
        Execution e = SanctionExecution.of(List.of(new Decided("x", EXPULSION, DAY, null), new Decided("w", WARNING, DAY, null)),
                PeriodRules.DEFAULT);
        assertThat(e.executed()).isEqualTo(EXPULSION);
        assertThat(e.months()).isEmpty();
        assertThat(e.ends()).isEmpty();
    }

    @Test
    void art8_theInfluencePeriodDoesNotMoveForAHoliday() {
        // 2026-12-01 + 6 months = 2027-06-01, a Tuesday; 2026-10-01 + 12 months = 2027-10-01 (国庆) stays
        Execution e = SanctionExecution.of(List.of(new Decided("d", DEMERIT, LocalDate.of(2026, 10, 1), null)), PeriodRules.DEFAULT);
        assertThat(e.ends()).hasValue(LocalDate.of(2027, 10, 1));
    }
}
