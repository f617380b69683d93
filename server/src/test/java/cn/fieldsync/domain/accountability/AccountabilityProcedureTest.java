package cn.fieldsync.domain.accountability;

import cn.fieldsync.domain.accountability.AccountabilityProcedure.Step;
import cn.fieldsync.domain.accountability.AccountabilityProcedure.TrackFacts;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static cn.fieldsync.domain.accountability.ProcedureStep.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountabilityProcedureTest {

    private static final TrackFacts INVESTIGATED = new TrackFacts(2, 1);
    private static final LocalDate NOTIFIED_ON = LocalDate.of(2026, 1, 31);
    private static final LocalDate STATEMENT_DEADLINE = LocalDate.of(2026, 2, 10);
    private static final LocalDate KNOWN = LocalDate.of(2026, 1, 31);

    private static Step on(LocalDate day) {
        return new Step(day, STATEMENT_DEADLINE, false, KNOWN, null);
    }

    @Test
    void aDecisionBeforeAnyConfirmedEvidenceOrFindingIsRefused() {
        LocalDate after = STATEMENT_DEADLINE.plusDays(1);
        assertThat(AccountabilityProcedure.check(NOTIFIED, DECIDED, new TrackFacts(0, 3), on(after)))
                .hasValueSatisfying(why -> assertThat(why).contains("investigate first"));
        assertThat(AccountabilityProcedure.check(NOTIFIED, DECIDED, new TrackFacts(2, 0), on(after))).isPresent();
        assertThat(AccountabilityProcedure.check(NOTIFIED, DECIDED, INVESTIGATED, on(after))).isEmpty();
    }

    @Test
    void thePersonMayExplainUntilTheDeadline() {
        assertThat(AccountabilityProcedure.check(NOTIFIED, DECIDED, INVESTIGATED, on(STATEMENT_DEADLINE))).isPresent();
        assertThat(AccountabilityProcedure.check(NOTIFIED, DECIDED, INVESTIGATED,
                new Step(STATEMENT_DEADLINE, STATEMENT_DEADLINE, true, KNOWN, null))).isEmpty();
    }

    @Test
    void reviewAndAppealMustComeWithinTheirDeadlines() {
        // learned of the decision on 31 January: 30 days end on 2 March 2026 (not a leap year)
        assertThat(ReviewDeadlines.lastDayToRequestReview(KNOWN)).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(AccountabilityProcedure.check(DECIDED, REVIEW_REQUESTED, INVESTIGATED, on(LocalDate.of(2026, 3, 2)))).isEmpty();
        assertThat(AccountabilityProcedure.check(DECIDED, REVIEW_REQUESTED, INVESTIGATED, on(LocalDate.of(2026, 3, 3)))).isPresent();
        Step afterReview = new Step(LocalDate.of(2026, 3, 20), STATEMENT_DEADLINE, true, KNOWN, LocalDate.of(2026, 3, 5));
        assertThat(AccountabilityProcedure.check(REVIEW_REQUESTED, APPEALED, INVESTIGATED, afterReview)).isEmpty();
        Step late = new Step(LocalDate.of(2026, 3, 21), STATEMENT_DEADLINE, true, KNOWN, LocalDate.of(2026, 3, 5));
        assertThat(AccountabilityProcedure.check(REVIEW_REQUESTED, APPEALED, INVESTIGATED, late)).isPresent();
    }

    @Test
    void inALeapYearTheDeadlinesCountTheTwentyNinthOfFebruary() {
        LocalDate known = LocalDate.of(2028, 1, 31);
        assertThat(ReviewDeadlines.lastDayToRequestReview(known)).isEqualTo(LocalDate.of(2028, 3, 1));
        assertThat(ReviewDeadlines.lastDayToAppealAfterReview(LocalDate.of(2028, 2, 14))).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(ReviewDeadlines.lastDayToDecideAppeal(LocalDate.of(2028, 1, 1), 30)).isEqualTo(LocalDate.of(2028, 3, 31));
        assertThatThrownBy(() -> ReviewDeadlines.lastDayToDecideAppeal(known, 31)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecisionIsFinalOnlyWhenNoRemedyCanBeLodgedAnyMore() {
        assertThat(AccountabilityProcedure.check(DECIDED, FINAL, INVESTIGATED, on(LocalDate.of(2026, 3, 2)))).isPresent();
        assertThat(AccountabilityProcedure.check(DECIDED, FINAL, INVESTIGATED, on(LocalDate.of(2026, 3, 3)))).isEmpty();
    }

    @Test
    void stepsCannotBeSkippedNorUndone() {
        assertThat(AccountabilityProcedure.check(PROPOSED, DECIDED, INVESTIGATED, on(NOTIFIED_ON))).isPresent();
        assertThat(AccountabilityProcedure.check(FINAL, APPEALED, INVESTIGATED, on(NOTIFIED_ON))).isPresent();
        assertThat(AccountabilityProcedure.check(APPEALED, REVIEW_REQUESTED, INVESTIGATED, on(NOTIFIED_ON))).isPresent();
    }

    @Test
    void anExemptionNamesTheEvidenceItRestsOn() {
        assertThatThrownBy(() -> new AccountabilityProcedure.Exemption("尽职", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AccountabilityProcedure.Exemption("按期检查并下达整改指令", List.of("insp-1")).evidenceIds()).hasSize(1);
    }
}
