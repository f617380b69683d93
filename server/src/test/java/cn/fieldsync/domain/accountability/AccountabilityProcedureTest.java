package cn.fieldsync.domain.accountability;

import cn.fieldsync.domain.accountability.AccountabilityProcedure.Refusal;
import cn.fieldsync.domain.accountability.AccountabilityProcedure.Step;
import cn.fieldsync.domain.accountability.AccountabilityProcedure.TrackFacts;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static cn.fieldsync.domain.accountability.ProcedureStep.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountabilityProcedureTest {

    private static final PeriodRules RULES = PeriodRules.DEFAULT;
    private static final PeriodRules NO_MOVE = new PeriodRules(false, false, Set.of(), Set.of());
    private static final TrackFacts INVESTIGATED = new TrackFacts(2, 1, true);
    private static final AccountabilityForm DEMERIT = new AccountabilityForm(AccountabilityForm.Category.GOVERNMENT_SANCTION, "DEMERIT", null);
    private static final AccountabilityForm TALK = new AccountabilityForm(AccountabilityForm.Category.WARNING, "TALK", null);
    private static final LocalDate EVENT = LocalDate.of(2026, 1, 10);
    private static final LocalDate TODAY = LocalDate.of(2027, 6, 1);
    private static final LocalDate NOTICE = LocalDate.of(2026, 1, 31);
    private static final LocalDate STATEMENT_DEADLINE = LocalDate.of(2026, 2, 10);

    /** A step on a day, everything before it in order. */
    private static Step step(LocalDate on, LocalDate known, LocalDate reviewRequested, LocalDate reviewDecision) {
        return new Step(on, TODAY, EVENT, null, STATEMENT_DEADLINE, false, known, known, reviewRequested, reviewDecision);
    }

    private static Optional<Refusal> check(AccountabilityForm form, RemedyRoute route, ProcedureStep from, ProcedureStep to, Step step) {
        return AccountabilityProcedure.check(form, route, from, to, INVESTIGATED, step, RULES);
    }

    @Test
    void investigateFirst_aDecisionNeedsConfirmedEvidenceAndFindings() {
        Step after = new Step(STATEMENT_DEADLINE.plusDays(1), TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, false, null, null, null, null);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, new TrackFacts(0, 3, true), after, RULES))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.INVESTIGATE_FIRST));
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, new TrackFacts(2, 0, true), after, RULES))
                .isPresent();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, INVESTIGATED, after, RULES)).isEmpty();
    }

    @Test
    void investigateFirst_perPerson_someoneNeitherPartyNorNamedInAFindingIsNotDecidedAgainst() {
        Step after = new Step(STATEMENT_DEADLINE.plusDays(1), TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, false, null, null, null, null);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, new TrackFacts(5, 5, false), after, RULES))
                .hasValueSatisfying(r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVESTIGATE_FIRST);
                    assertThat(r.message()).contains("既不是本线索的当事人");
                });
    }

    @Test
    void 政务处分法第43条_thePersonMayExplainUntilTheDeadline() {
        Step onDeadline = new Step(STATEMENT_DEADLINE, TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, false, null, null, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, onDeadline)).isPresent();
        Step explained = new Step(STATEMENT_DEADLINE, TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, true, null, null, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, explained)).isEmpty();
    }

    @Test
    void dates_statementDeadlineBeforeTheNoticeIsRefused() {
        Step notice = new Step(NOTICE, TODAY, EVENT, null, NOTICE.minusDays(1), false, null, null, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, PROPOSED, NOTIFIED, notice))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.DATE));
        Step sameDay = new Step(NOTICE, TODAY, EVENT, null, NOTICE, false, null, null, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, PROPOSED, NOTIFIED, sameDay)).isEmpty();
    }

    @Test
    void dates_aDecisionBeforeTheEventOrAKnownDayBeforeTheDecisionOrAStepInTheFutureIsRefused() {
        Step beforeEvent = new Step(EVENT.minusDays(1), TODAY, EVENT, null, STATEMENT_DEADLINE, true, null, EVENT.minusDays(1), null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, beforeEvent))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.DATE));
        LocalDate decided = LocalDate.of(2026, 3, 1);
        Step knownBefore = new Step(decided, TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, true, decided, decided.minusDays(1), null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, knownBefore))
                .hasValueSatisfying(r -> assertThat(r.message()).isEqualTo("知悉决定之日（2026-02-28）不能早于作出决定之日（2026-03-01）"));
        Step future = new Step(TODAY.plusDays(1), TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, true, null, TODAY.plusDays(1), null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, future))
                .hasValueSatisfying(r -> assertThat(r.message()).contains("晚于今天"));
        Step beforePrevious = new Step(NOTICE.minusDays(1), TODAY, EVENT, NOTICE, STATEMENT_DEADLINE, true, null, NOTICE, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, DECIDED, beforePrevious))
                .hasValueSatisfying(r -> assertThat(r.message()).contains("早于该处理的上一步骤（" + NOTICE + "）"));
    }

    @Test
    void 监察法第56条_a复审OnTheLastDayOfTheMonthIsInTime_andA复核WithinAMonthOfThe复审Decision() {
        LocalDate known = LocalDate.of(2026, 12, 1);
        Step review = step(LocalDate.of(2027, 1, 1), known, null, null);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, DECIDED, REVIEW_REQUESTED, INVESTIGATED, review, NO_MOVE))
                .isEmpty();
        Step late = step(LocalDate.of(2027, 1, 2), known, null, null);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, DECIDED, REVIEW_REQUESTED, INVESTIGATED, late, NO_MOVE))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.WINDOW));
        // by default 元旦 and the weekend move the last day to 4 January
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, DECIDED, REVIEW_REQUESTED, step(LocalDate.of(2027, 1, 4), known, null, null))).isEmpty();
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, DECIDED, REVIEW_REQUESTED, step(LocalDate.of(2027, 1, 5), known, null, null)))
                .isPresent();

        Step second = step(LocalDate.of(2027, 1, 26), known, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 10));
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, REVIEW_REQUESTED, APPEALED, second)).isEmpty();
        Step onLastDay = step(LocalDate.of(2027, 2, 10), known, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 10));
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, REVIEW_REQUESTED, APPEALED, onLastDay)).isEmpty();
        Step tooLate = step(LocalDate.of(2027, 2, 11), known, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 10));
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, REVIEW_REQUESTED, APPEALED, tooLate)).isPresent();
    }

    @Test
    void 监察法第56条_there_is_no_复核_without_复审() {
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, DECIDED, APPEALED, step(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 1), null, null)))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.ORDER));
    }

    @Test
    void 公务员法第95条_复核Within30Days_申诉Within15DaysOfIt_orDirectlyWithin30() {
        LocalDate known = LocalDate.of(2026, 1, 31);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, DECIDED, REVIEW_REQUESTED, INVESTIGATED,
                step(LocalDate.of(2026, 3, 2), known, null, null), NO_MOVE)).isEmpty();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, DECIDED, REVIEW_REQUESTED, INVESTIGATED,
                step(LocalDate.of(2026, 3, 3), known, null, null), NO_MOVE)).isPresent();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, REVIEW_REQUESTED, APPEALED, INVESTIGATED,
                step(LocalDate.of(2026, 3, 20), known, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 5)), NO_MOVE)).isEmpty();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, REVIEW_REQUESTED, APPEALED, INVESTIGATED,
                step(LocalDate.of(2026, 3, 21), known, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 5)), NO_MOVE)).isPresent();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, DECIDED, APPEALED, INVESTIGATED,
                step(LocalDate.of(2026, 3, 2), known, null, null), NO_MOVE)).isEmpty();
    }

    @Test
    void aDecisionStandsOnlyWhenNoRemedyCanBeLodgedAnyMore() {
        LocalDate known = LocalDate.of(2026, 1, 31);
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, DECIDED, FINAL, INVESTIGATED,
                step(LocalDate.of(2026, 3, 2), known, null, null), NO_MOVE)).isPresent();
        assertThat(AccountabilityProcedure.check(DEMERIT, RemedyRoute.APPOINTING_ORGAN, DECIDED, FINAL, INVESTIGATED,
                step(LocalDate.of(2026, 3, 3), known, null, null), NO_MOVE)).isEmpty();
        // after a 复审, the decision stands once the 复核 month has passed
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, REVIEW_REQUESTED, FINAL,
                step(LocalDate.of(2027, 2, 10), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 10)))).isPresent();
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, REVIEW_REQUESTED, FINAL,
                step(LocalDate.of(2027, 2, 11), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 10)))).isEmpty();
    }

    @Test
    void warnings_约谈通报整改通知_areNotSanctions_noNoticeNoStatementNoRemedy() {
        Step today = new Step(NOTICE, TODAY, EVENT, null, null, false, null, null, null, null);
        assertThat(check(TALK, RemedyRoute.NONE, PROPOSED, NOTIFIED, today))
                .hasValueSatisfying(r -> assertThat(r.message()).contains("不是处分"));
        assertThat(check(TALK, RemedyRoute.NONE, PROPOSED, DECIDED, today)).isEmpty();
        assertThat(AccountabilityProcedure.next(TALK, RemedyRoute.NONE, DECIDED)).isEmpty();
    }

    @Test
    void stepsCannotBeSkippedNorUndone_andAnExemptionEndsTheAction() {
        Step s = step(NOTICE, null, null, null);
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, PROPOSED, DECIDED, s)).isPresent();
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, FINAL, APPEALED, s)).isPresent();
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, APPEALED, REVIEW_REQUESTED, s)).isPresent();
        assertThat(check(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, NOTIFIED, EXEMPTED, s)).isEmpty();
        assertThat(AccountabilityProcedure.next(DEMERIT, RemedyRoute.SUPERVISORY_ORGAN, EXEMPTED)).isEmpty();
    }

    @Test
    void anExemptionNamesTheEvidenceItRestsOn() {
        assertThatThrownBy(() -> new AccountabilityProcedure.Exemption("尽职", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AccountabilityProcedure.Exemption("按期检查并下达整改指令", List.of("insp-1")).evidenceIds()).hasSize(1);
    }

    @Test
    void reviewDeadlinesOfTheCivilServiceLawStayAsBefore() {
        assertThat(ReviewDeadlines.lastDayToRequestReview(LocalDate.of(2028, 1, 31))).isEqualTo(LocalDate.of(2028, 3, 1));
    }
}
