package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static cn.fieldsync.domain.accountability.ProcedureStep.APPEALED;
import static cn.fieldsync.domain.accountability.ProcedureStep.DECIDED;
import static cn.fieldsync.domain.accountability.ProcedureStep.EXEMPTED;
import static cn.fieldsync.domain.accountability.ProcedureStep.FINAL;
import static cn.fieldsync.domain.accountability.ProcedureStep.NOTIFIED;
import static cn.fieldsync.domain.accountability.ProcedureStep.PROPOSED;
import static cn.fieldsync.domain.accountability.ProcedureStep.REVIEW_REQUESTED;

/**
 * The procedure of an accountability action: investigate first, then hold to account; the person
 * is told and may explain (政务处分法 art 43: 告知 and 陈述、申辩); a decision may be challenged along
 * its {@link RemedyRoute}; then it stands (FINAL). A sanction may instead be waived for duty done
 * (EXEMPTED, 尽职免责).
 *
 * <pre>
 * sanctions:  PROPOSED → NOTIFIED → DECIDED → REVIEW_REQUESTED → APPEALED → FINAL
 *                ↘ EXEMPTED  ↘ EXEMPTED  ↘ APPEALED (公务员法 direct 申诉)  ↘ FINAL
 *                                        ↘ FINAL (no remedy sought in time)
 * warnings (约谈, 通报, 整改通知):  PROPOSED → DECIDED — nothing to explain, nothing to challenge
 * </pre>
 */
public final class AccountabilityProcedure {

    private AccountabilityProcedure() {
    }

    /** Why a step is refused; the kind tells the HTTP boundary which error code to give. */
    public record Refusal(Kind kind, String message) {
        public enum Kind {
            /** The step does not follow from where the action stands. */
            ORDER,
            /** 先调查后问责: the target is not yet investigated. */
            INVESTIGATE_FIRST,
            /** A day is impossible: in the future, before the event, before an earlier step. */
            DATE,
            /** A remedy lodged after its time, or FINAL while one may still be lodged. */
            WINDOW
        }
    }

    /**
     * What the case has established about the action's target: a decision needs confirmed
     * evidence and a finding on the track, and a person target must be a party of the track or
     * named in one of its findings (先调查后问责, per person, not per track).
     */
    public record TrackFacts(int confirmedEvidence, int findings, boolean targetInvestigated) {
        public TrackFacts(int confirmedEvidence, int findings) {
            this(confirmedEvidence, findings, true);
        }
    }

    /**
     * The facts of one step; days may be null where they do not apply.
     *
     * @param on                the day of the step
     * @param today             today, in the server's zone: no step is dated after it
     * @param eventDay          the day of the case's event: no step is dated before it
     * @param previousStepOn    the day of the action's last step
     * @param statementDeadline NOTIFIED: the last day the person may explain
     * @param statementReceived the person has explained (or waived it)
     * @param decidedOn         the decision day (set once DECIDED)
     * @param decisionKnownOn   when the person received (learned of) the decision
     * @param reviewRequestedOn when the first level was lodged
     * @param reviewDecisionOn  when the person received the first level's decision
     */
    public record Step(LocalDate on, LocalDate today, LocalDate eventDay, LocalDate previousStepOn, LocalDate statementDeadline,
                       boolean statementReceived, LocalDate decidedOn, LocalDate decisionKnownOn, LocalDate reviewRequestedOn,
                       LocalDate reviewDecisionOn) {
    }

    /** The steps that may follow {@code from} for a form on a route. */
    public static Set<ProcedureStep> next(AccountabilityForm form, RemedyRoute route, ProcedureStep from) {
        if (form.isWarning()) {
            return from == PROPOSED ? EnumSet.of(DECIDED) : EnumSet.noneOf(ProcedureStep.class);
        }
        return switch (from) {
            case PROPOSED -> EnumSet.of(NOTIFIED, EXEMPTED);
            case NOTIFIED -> EnumSet.of(DECIDED, EXEMPTED);
            case DECIDED -> {
                Set<ProcedureStep> next = EnumSet.of(FINAL);
                if (route.firstLevel().isPresent()) {
                    next.add(REVIEW_REQUESTED);
                }
                if (route.allowsDirectSecondLevel()) {
                    next.add(APPEALED);
                }
                yield next;
            }
            case REVIEW_REQUESTED -> route.secondLevel().isPresent() ? EnumSet.of(APPEALED, FINAL) : EnumSet.of(FINAL);
            case APPEALED -> EnumSet.of(FINAL);
            case FINAL, EXEMPTED -> EnumSet.noneOf(ProcedureStep.class);
        };
    }

    /** Why a step is refused, or empty when it may be taken. */
    public static Optional<Refusal> check(AccountabilityForm form, RemedyRoute route, ProcedureStep from, ProcedureStep to,
                                          TrackFacts facts, Step step, PeriodRules rules) {
        Set<ProcedureStep> next = next(form, route, from);
        if (!next.contains(to)) {
            return refuse(Refusal.Kind.ORDER, Labels.say("procedureOrder", form.label(), stepName(from), stepName(to),
                    next.isEmpty() ? "无（程序已终结）" : String.join("、", next.stream().map(AccountabilityProcedure::stepName).toList()),
                    form.isWarning() ? "（约谈、通报、整改通知不是处分：无告知申辩、无复核申诉）" : ""));
        }
        Optional<Refusal> dates = dates(to, step, hearingBasis(form));
        if (dates.isPresent()) {
            return dates;
        }
        return switch (to) {
            case DECIDED -> form.isWarning() ? Optional.empty() : decide(facts, step, hearingBasis(form));
            case REVIEW_REQUESTED -> within(step.on(), route.firstRequestDue(step.decisionKnownOn(), rules),
                    route.firstLevel().orElse(""), route);
            case APPEALED -> from == REVIEW_REQUESTED
                    ? within(step.on(), route.secondRequestDue(step.reviewDecisionOn(), rules),
                    Labels.say("procedureAfterFirstLevel", route.firstLevel().orElse(""), route.secondLevel().orElse("")), route)
                    : within(step.on(), route.directSecondRequestDue(step.decisionKnownOn(), rules),
                    Labels.say("procedureDirectSecondLevel", route.secondLevel().orElse("")), route);
            case FINAL -> finalStep(route, from, step, rules);
            default -> Optional.empty();
        };
    }

    private static Optional<Refusal> dates(ProcedureStep to, Step step, String hearingBasis) {
        LocalDate on = step.on();
        if (step.today() != null && on.isAfter(step.today())) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureInFuture", on, step.today()));
        }
        if (step.eventDay() != null && on.isBefore(step.eventDay())) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureBeforeEvent", on, step.eventDay()));
        }
        if (step.previousStepOn() != null && on.isBefore(step.previousStepOn())) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureBeforePrevious", on, step.previousStepOn()));
        }
        if (to == NOTIFIED && (step.statementDeadline() == null || step.statementDeadline().isBefore(on))) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureStatementDeadline", on, hearingBasis));
        }
        if (to == DECIDED && step.decisionKnownOn() != null) {
            if (step.decisionKnownOn().isBefore(on)) {
                return refuse(Refusal.Kind.DATE, Labels.say("procedureKnownBeforeDecided", step.decisionKnownOn(), on));
            }
            if (step.today() != null && step.decisionKnownOn().isAfter(step.today())) {
                return refuse(Refusal.Kind.DATE, Labels.say("procedureKnownInFuture", step.decisionKnownOn(), step.today()));
            }
        }
        if ((to == REVIEW_REQUESTED || to == APPEALED) && step.decisionKnownOn() != null && on.isBefore(step.decisionKnownOn())) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureRemedyBeforeKnown", on, step.decisionKnownOn()));
        }
        if (step.reviewDecisionOn() != null && (to == APPEALED || to == FINAL) && step.reviewRequestedOn() != null) {
            if (step.reviewDecisionOn().isBefore(step.reviewRequestedOn()) || step.reviewDecisionOn().isAfter(on)) {
                return refuse(Refusal.Kind.DATE, Labels.say("procedureFirstLevelDecisionDay", step.reviewDecisionOn(),
                        step.reviewRequestedOn(), on));
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> decide(TrackFacts facts, Step step, String hearingBasis) {
        if (facts.confirmedEvidence() == 0 || facts.findings() == 0) {
            return refuse(Refusal.Kind.INVESTIGATE_FIRST, Labels.say("procedureInvestigateFirst", facts.confirmedEvidence(), facts.findings()));
        }
        if (!facts.targetInvestigated()) {
            return refuse(Refusal.Kind.INVESTIGATE_FIRST, Labels.say("procedureTargetNotInvestigated"));
        }
        if (!step.statementReceived() && (step.statementDeadline() == null || !step.on().isAfter(step.statementDeadline()))) {
            return refuse(Refusal.Kind.DATE, Labels.say("procedureStatementPending", step.statementDeadline(), hearingBasis));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> finalStep(RemedyRoute route, ProcedureStep from, Step step, PeriodRules rules) {
        if (from == DECIDED) {
            Optional<LocalDate> last = route.firstRequestDue(step.decisionKnownOn(), rules);
            Optional<LocalDate> direct = route.directSecondRequestDue(step.decisionKnownOn(), rules);
            LocalDate until = later(last.orElse(null), direct.orElse(null));
            if (until != null && !step.on().isAfter(until)) {
                return refuse(Refusal.Kind.WINDOW, Labels.say("procedureNotYetFinal", until, route.firstLevel().orElse("救济"), route.basis()));
            }
        }
        if (from == REVIEW_REQUESTED) {
            if (step.reviewDecisionOn() == null) {
                return refuse(Refusal.Kind.WINDOW, Labels.say("procedureFirstLevelDecisionDayMissing", route.firstLevel().orElse("")));
            }
            Optional<LocalDate> second = route.secondRequestDue(step.reviewDecisionOn(), rules);
            if (second.isPresent() && !step.on().isAfter(second.get())) {
                return refuse(Refusal.Kind.WINDOW, Labels.say("procedureNotYetFinal", second.get(), route.secondLevel().orElse(""), route.basis()));
            }
        }
        return Optional.empty();
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Optional<Refusal> within(LocalDate on, Optional<LocalDate> lastDay, String what, RemedyRoute route) {
        return lastDay.isPresent() && on.isAfter(lastDay.get())
                ? refuse(Refusal.Kind.WINDOW, Labels.say("procedureWindowPassed", what, lastDay.get(), on, route.basis())) : Optional.empty();
    }

    /**
     * The law a refusal about the person's statement cites, as words to append ({@code ""} when the
     * project's law texts hold none): 政务处分法 art 43 is the 监察机关's duty before a 政务处分; for
     * party accountability and 党纪处分 the party's own regulations govern, which are not among them.
     */
    private static String hearingBasis(AccountabilityForm form) {
        return form.category() == AccountabilityForm.Category.GOVERNMENT_SANCTION ? Labels.say("procedureHearingBasisSanction") : "";
    }

    /** A step's Chinese name (已告知, 已作出决定, ...), from the one label catalogue. */
    private static String stepName(ProcedureStep step) {
        return Labels.name("actionSteps", step.name());
    }

    private static Optional<Refusal> refuse(Refusal.Kind kind, String message) {
        return Optional.of(new Refusal(kind, message));
    }

    /** An exemption for duty done (尽职免责) rests on evidence, named. */
    public record Exemption(String reason, List<String> evidenceIds) {
        public Exemption {
            if (reason == null || reason.isBlank() || evidenceIds == null || evidenceIds.isEmpty()) {
                throw new IllegalArgumentException(Labels.say("procedureExemptionIncomplete"));
            }
            evidenceIds = List.copyOf(evidenceIds);
        }
    }
}
