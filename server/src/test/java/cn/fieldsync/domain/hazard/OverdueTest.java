package cn.fieldsync.domain.hazard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class OverdueTest {

    private static final LocalDate DEADLINE = LocalDate.of(2026, 11, 27);

    @Test
    void theDeadlineDayItselfIsNotOverdue() {
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.REGISTERED, DEADLINE)).isFalse();
    }

    @Test
    void theDayAfterTheDeadlineIsOverdue() {
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.REGISTERED, DEADLINE.plusDays(1))).isTrue();
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.IN_TREATMENT, DEADLINE.plusDays(1))).isTrue();
    }

    /** 逾期未整改: a danger whose rectification is complete waits for its re-inspection without turning overdue. */
    @Test
    void aRectifiedDangerAwaitingVerificationIsNotOverdue() {
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.RECTIFIED, DEADLINE.plusDays(1))).isFalse();
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.RESUMPTION_REQUESTED, DEADLINE.plusDays(1))).isFalse();
    }

    @Test
    void closedOutDangersAreNeverOverdue() {
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.VERIFIED, DEADLINE.plusYears(1))).isFalse();
        assertThat(Overdue.isOverdue(DEADLINE, HazardStatus.CLOSED_OUT, DEADLINE.plusYears(1))).isFalse();
    }

    @Test
    void noDeadlineMeansNeverOverdue() {
        assertThat(Overdue.isOverdue(null, HazardStatus.REGISTERED, DEADLINE)).isFalse();
    }
}
