package cn.fieldsync.domain.accountability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GovernmentSanctionTest {

    @ParameterizedTest(name = "{0} effective {1} ends {2}")
    @CsvSource({
            "WARNING,2026-01-15,2026-07-15",
            "WARNING,2026-08-31,2027-02-28",
            "WARNING,2027-08-31,2028-02-29",
            "DEMERIT,2028-02-29,2029-02-28",
            "MAJOR_DEMERIT,2026-05-31,2027-11-30",
            "DEMOTION,2026-12-31,2028-12-31",
            "DISMISSAL_FROM_POST,2026-02-28,2028-02-28"})
    void influencePeriodsEndOnTheSameDayOrTheMonthsLastDay(GovernmentSanction sanction, LocalDate effective, LocalDate end) {
        assertThat(sanction.influenceEnds(effective)).hasValue(end);
    }

    @Test
    void expulsionHasNoInfluencePeriod() {
        assertThat(GovernmentSanction.EXPULSION.influenceMonths()).isEmpty();
        assertThat(GovernmentSanction.EXPULSION.influenceEnds(LocalDate.of(2026, 1, 1))).isEmpty();
    }

    @Test
    void severalOfTheSameKindRunBetweenOnePeriodAndTheSumButNeverBeyond48Months() {
        assertThat(GovernmentSanction.WARNING.combinedMonthsBounds(3)).containsExactly(6, 18);
        assertThat(GovernmentSanction.MAJOR_DEMERIT.combinedMonthsBounds(3)).containsExactly(18, 48);
        assertThat(GovernmentSanction.DISMISSAL_FROM_POST.combinedMonthsBounds(2)).containsExactly(24, 48);
        assertThat(GovernmentSanction.DEMOTION.combinedMonthsBounds(5)).containsExactly(24, 48);
        assertThat(GovernmentSanction.DEMERIT.combinedInfluenceEnds(LocalDate.of(2026, 3, 31), 2, 20))
                .isEqualTo(LocalDate.of(2027, 11, 30));
        assertThatThrownBy(() -> GovernmentSanction.DEMERIT.combinedInfluenceEnds(LocalDate.of(2026, 3, 31), 2, 25))
                .hasMessageContaining("可在 12 至 24 个月之间确定");
        assertThatThrownBy(() -> GovernmentSanction.DEMERIT.combinedInfluenceEnds(LocalDate.of(2026, 3, 31), 2, 11))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofDifferentKindsTheHeaviestIsExecuted() {
        assertThat(GovernmentSanction.heaviest(List.of(GovernmentSanction.DEMERIT, GovernmentSanction.DEMOTION,
                GovernmentSanction.WARNING))).isEqualTo(GovernmentSanction.DEMOTION);
    }
}
