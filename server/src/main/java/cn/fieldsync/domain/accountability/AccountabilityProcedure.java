package cn.fieldsync.domain.accountability;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static cn.fieldsync.domain.accountability.ProcedureStep.APPEALED;
import static cn.fieldsync.domain.accountability.ProcedureStep.DECIDED;
import static cn.fieldsync.domain.accountability.ProcedureStep.FINAL;
import static cn.fieldsync.domain.accountability.ProcedureStep.NOTIFIED;
import static cn.fieldsync.domain.accountability.ProcedureStep.PROPOSED;
import static cn.fieldsync.domain.accountability.ProcedureStep.REVIEW_REQUESTED;

/**
 * The procedure the essays insist on (DOMAIN.md): investigate first, then hold to account; the
 * person is told and may explain; a decision may be reviewed (复核) or appealed (申诉) within
 * their deadlines; then it is final.
 *
 * <pre>
 * PROPOSED → NOTIFIED → DECIDED → REVIEW_REQUESTED → APPEALED → FINAL
 *                              ↘ APPEALED → FINAL   ↘ FINAL
 *                              ↘ FINAL (no remedy sought)
 * </pre>
 */
public final class AccountabilityProcedure {

    private static final Map<ProcedureStep, Set<ProcedureStep>> NEXT = Map.of(
            PROPOSED, EnumSet.of(NOTIFIED),
            NOTIFIED, EnumSet.of(DECIDED),
            DECIDED, EnumSet.of(REVIEW_REQUESTED, APPEALED, FINAL),
            REVIEW_REQUESTED, EnumSet.of(APPEALED, FINAL),
            APPEALED, EnumSet.of(FINAL),
            FINAL, EnumSet.noneOf(ProcedureStep.class));

    private AccountabilityProcedure() {
    }

    /**
     * What a track of a case has established; a decision needs both confirmed evidence and
     * findings (先调查后问责).
     */
    public record TrackFacts(int confirmedEvidence, int findings) {
    }

    /**
     * The facts of one step.
     *
     * @param on                 the day of the step
     * @param statementDeadline  NOTIFIED → DECIDED: the last day the person may explain
     * @param statementReceived  NOTIFIED → DECIDED: the person has explained (or waived it)
     * @param decisionKnownOn    from DECIDED: when the person learned of the decision
     * @param reviewDecisionOn   REVIEW_REQUESTED → APPEALED: when the person received the review decision
     */
    public record Step(LocalDate on, LocalDate statementDeadline, boolean statementReceived, LocalDate decisionKnownOn,
                       LocalDate reviewDecisionOn) {
    }

    /** Why a step is refused, or empty when it may be taken. */
    public static Optional<String> check(ProcedureStep from, ProcedureStep to, TrackFacts facts, Step step) {
        if (!NEXT.get(from).contains(to)) {
            return Optional.of("an accountability action cannot go from " + from + " to " + to + "; next: " + NEXT.get(from));
        }
        return switch (to) {
            case DECIDED -> decide(facts, step);
            case REVIEW_REQUESTED -> within(step.on(), ReviewDeadlines.lastDayToRequestReview(step.decisionKnownOn()), "a review (复核)");
            case APPEALED -> from == REVIEW_REQUESTED
                    ? within(step.on(), ReviewDeadlines.lastDayToAppealAfterReview(step.reviewDecisionOn()), "an appeal (申诉) after review")
                    : within(step.on(), ReviewDeadlines.lastDayToAppealDirectly(step.decisionKnownOn()), "a direct appeal (申诉)");
            case FINAL -> from == DECIDED && !step.on().isAfter(ReviewDeadlines.lastDayToAppealDirectly(step.decisionKnownOn()))
                    ? Optional.of("the decision becomes final only after " + ReviewDeadlines.lastDayToAppealDirectly(step.decisionKnownOn())
                    + ", when no review or appeal can be lodged any more")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> decide(TrackFacts facts, Step step) {
        if (facts.confirmedEvidence() == 0 || facts.findings() == 0) {
            return Optional.of("investigate first: the track needs confirmed evidence and findings before a decision"
                    + " (it has " + facts.confirmedEvidence() + " confirmed evidence and " + facts.findings() + " findings)");
        }
        if (!step.statementReceived() && !step.on().isAfter(step.statementDeadline())) {
            return Optional.of("the person may still explain until " + step.statementDeadline()
                    + "; decide after that, or once the statement is in");
        }
        return Optional.empty();
    }

    private static Optional<String> within(LocalDate on, LocalDate lastDay, String what) {
        return on.isAfter(lastDay) ? Optional.of(what + " had to be lodged by " + lastDay) : Optional.empty();
    }

    /** An exemption for duty done (尽职免责) rests on evidence, named. */
    public record Exemption(String reason, List<String> evidenceIds) {
        public Exemption {
            if (reason == null || reason.isBlank() || evidenceIds == null || evidenceIds.isEmpty()) {
                throw new IllegalArgumentException("an exemption names its reason and the evidence it rests on");
            }
            evidenceIds = List.copyOf(evidenceIds);
        }
    }
}
