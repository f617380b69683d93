package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.AccountabilityProcedure;
import cn.fieldsync.domain.accountability.GovernmentSanction;
import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.domain.accountability.RemedyRoute;
import cn.fieldsync.domain.accountability.SanctionExecution;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.ActionView.decidedSanctions;
import static cn.fieldsync.server.casefile.ActionView.form;
import static cn.fieldsync.server.casefile.ActionView.lastStepOn;
import static cn.fieldsync.server.casefile.ActionView.route;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * The procedure of an accountability action, one step at a time: notice and statement, decision
 * (with the 政务处分's period chosen under 政务处分法 art 15), the remedy route's review and appeal
 * with their deadlines, 尽职免责. Whether a step may be taken, and when, is decided by
 * {@link AccountabilityProcedure} and {@link RemedyRoute} (counting periods by {@link PeriodRules});
 * this class gathers their facts and stores the step.
 */
final class ActionSteps {

    /** The steps a closed case still takes: a remedy lodged in time, and the decision standing (四不放过 does not end them). */
    private static final Set<ProcedureStep> REMEDY_STEPS = EnumSet.of(ProcedureStep.REVIEW_REQUESTED, ProcedureStep.APPEALED, ProcedureStep.FINAL);
    /**
     * The members only some steps read. Given with another step they were dropped without a word
     * (a statement deadline sent with the decision, a decision date with the notice): refused.
     */
    private static final Map<String, Set<ProcedureStep>> READ_ONLY_ON = Map.of(
            "statementDeadline", EnumSet.of(ProcedureStep.NOTIFIED),
            "statementReceived", EnumSet.of(ProcedureStep.DECIDED),
            "decisionKnownOn", EnumSet.of(ProcedureStep.DECIDED),
            "influenceMonths", EnumSet.of(ProcedureStep.DECIDED),
            "reviewDecisionOn", EnumSet.of(ProcedureStep.APPEALED, ProcedureStep.FINAL));

    private final CaseAccess access;
    private final PeriodRules periods;
    private final AuditLog audit;

    ActionSteps(CaseAccess access, PeriodRules periods, AuditLog audit) {
        this.access = access;
        this.periods = periods;
        this.audit = audit;
    }

    /**
     * Takes the next step of an action's procedure: {@code {"to","on"?,"statementDeadline"?,
     * "statementReceived"?,"decisionKnownOn"?,"reviewDecisionOn"?,"influenceMonths"?,"decidingBody"?,
     * "exemption"?:{"reason","evidenceIds"},"note"?}}. The rules ({@link AccountabilityProcedure},
     * {@link RemedyRoute}) say whether it may be taken; a closed case still takes remedy steps.
     * Errors: {@code illegal_transition} (order, or out of time), {@code investigate_first},
     * {@code date_out_of_order}, {@code case_closed}.
     */
    CaseDtos.Detail step(Caller caller, String caseId, String actionId, JsonObject request) {
        ProcedureStep to;
        String given = text(request, "to");
        try {
            to = ProcedureStep.valueOf(given == null ? "" : given);
        } catch (IllegalArgumentException e) {
            // absent or blank is asked for, with the steps there are (the member's catalogue name, 止, is a pledge period's end)
            String steps = Labels.named("actionSteps", Arrays.asList(ProcedureStep.values()));
            throw invalid("/to", given == null || given.isBlank() ? Labels.say("caseStepRequired", steps) : Labels.say("caseStepOneOf", steps));
        }
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : access.today();
        JsonObject body = request.has("decidingBody") ? ActionProposals.decidingBody(request) : null;
        for (var only : READ_ONLY_ON.entrySet()) {
            if (request.has(only.getKey()) && !request.get(only.getKey()).isJsonNull() && !only.getValue().contains(to)) {
                throw invalid("/" + only.getKey(), Labels.say("caseMemberOtherStep", fieldName(only.getKey()), only.getKey(),
                        Labels.named("actionSteps", only.getValue()), Labels.named("actionSteps", to)));
            }
        }
        if (request.has("exemption") && to != ProcedureStep.EXEMPTED) {
            throw invalid("/exemption", Labels.say("caseExemptionOwnStep", "EXEMPTED"));
        }
        return access.write(caller, caseId, REMEDY_STEPS.contains(to), (em, c) -> {
            ActionEntity action = em.find(ActionEntity.class, actionId == null ? "" : actionId);
            if (action == null || !action.caseId.equals(c.id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null,
                        Labels.say("caseNoSuchPart", c.number, Labels.name("recordTypes", "action"), actionId));
            }
            ProcedureStep from = ProcedureStep.valueOf(action.state);
            AccountabilityForm form = form(action);
            if (body != null) {
                if (from != ProcedureStep.PROPOSED && from != ProcedureStep.NOTIFIED) {
                    throw invalid("/decidingBody", Labels.say("caseDecidingBodyLate", Labels.name("actionSteps", from.name())));
                }
                action.decidingBody = body.toString();
            }
            RemedyRoute route = route(action);
            LocalDate statementDeadline = action.statementDeadline == null ? null : LocalDate.parse(action.statementDeadline);
            if (to == ProcedureStep.NOTIFIED && from == ProcedureStep.PROPOSED) {
                statementDeadline = date(required(request, "statementDeadline", "/statementDeadline"), "/statementDeadline");
            }
            boolean statementReceived = request.has("statementReceived") ? bool(request, "statementReceived") : action.statementReceived;
            LocalDate decidedOn = action.decidedOn == null ? null : LocalDate.parse(action.decidedOn);
            LocalDate known = action.decisionKnownOn == null ? null : LocalDate.parse(action.decisionKnownOn);
            if (to == ProcedureStep.DECIDED) {
                decidedOn = on;
                known = request.has("decisionKnownOn") ? date(text(request, "decisionKnownOn"), "/decisionKnownOn") : on;
                if (form.category() == AccountabilityForm.Category.GOVERNMENT_SANCTION && action.decidingBody == null) {
                    throw invalid("/decidingBody", Labels.say("caseSanctionNeedsBody"));
                }
                JsonObject person = route == RemedyRoute.APPOINTING_ORGAN && action.personId != null
                        ? CaseLookups.targetBody(em, "person", action.personId) : null;
                if (person != null && !flag(person, "civilServant")) {
                    // 公务员法 arts 95–96 are a civil servant's remedies; another 公职人员 sanctioned by the body
                    // that employs them has other rules, which this server does not compute
                    throw new FieldsyncException(ErrorCode.ACTION_TARGET, "/decidingBody",
                            Labels.say("caseAppointingOrganCivilServant", text(person, "name")));
                }
            }
            LocalDate reviewRequested = action.reviewRequestedOn == null ? null : LocalDate.parse(action.reviewRequestedOn);
            LocalDate reviewDecision = action.reviewDecisionOn == null ? null : LocalDate.parse(action.reviewDecisionOn);
            if (from == ProcedureStep.REVIEW_REQUESTED && (to == ProcedureStep.APPEALED || to == ProcedureStep.FINAL)) {
                if (request.has("reviewDecisionOn")) {
                    reviewDecision = date(text(request, "reviewDecisionOn"), "/reviewDecisionOn");
                } else if (to == ProcedureStep.APPEALED) {
                    throw invalid("/reviewDecisionOn", Labels.say("caseReviewDecisionOnMissing", route.firstLevel().orElse("")));
                }
            } else if (text(request, "reviewDecisionOn") != null) {
                throw invalid("/reviewDecisionOn", Labels.say("caseReviewDecisionOnUnused", Labels.named("actionSteps", from)));
            }
            if (to == ProcedureStep.EXEMPTED) {
                action.exemption = exemption(em, c, action, request).toString();
            }
            boolean investigated = action.personId == null || personInvestigated(em, c.id, action.track, action.personId);
            AccountabilityProcedure.TrackFacts trackFacts = new AccountabilityProcedure.TrackFacts(
                    count(em, "SELECT COUNT(*) FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND state = 'CONFIRMED'", c.id, action.track),
                    count(em, "SELECT COUNT(*) FROM case_finding WHERE case_id = ?1 AND track = ?2", c.id, action.track), investigated);
            AccountabilityProcedure.Step step = new AccountabilityProcedure.Step(on, access.today(), LocalDate.parse(c.eventDay),
                    lastStepOn(action), statementDeadline, statementReceived, decidedOn, known, reviewRequested, reviewDecision);
            AccountabilityProcedure.check(form, route, from, to, trackFacts, step, periods).ifPresent(refusal -> {
                ErrorCode code = switch (refusal.kind()) {
                    case INVESTIGATE_FIRST -> ErrorCode.INVESTIGATE_FIRST;
                    case DATE -> ErrorCode.DATE_OUT_OF_ORDER;
                    case ORDER, WINDOW -> ErrorCode.ILLEGAL_TRANSITION;
                };
                throw new FieldsyncException(code, "/to", refusal.message());
            });
            action.statementDeadline = statementDeadline == null ? null : statementDeadline.toString();
            action.statementReceived = statementReceived;
            if (to == ProcedureStep.DECIDED) {
                action.decidedOn = decidedOn.toString();
                action.decisionKnownOn = known.toString();
                chooseInfluence(em, action, request, on);
            }
            if (to == ProcedureStep.REVIEW_REQUESTED) {
                action.reviewRequestedOn = on.toString();
            }
            if (reviewDecision != null) {
                action.reviewDecisionOn = reviewDecision.toString();
            }
            action.state = to.name();
            addStep(action, to, on, caller.username(), request);
            audit.append(em, caller.username(), "ACTION_" + to.name(), c.id, detail("actionId", action.id, "on", on.toString()));
        });
    }

    /** 尽职免责 rests on confirmed evidence of the action's own track (the other track's evidence proves another duty). */
    private static JsonObject exemption(EntityManager em, CaseEntity c, ActionEntity action, JsonObject request) {
        JsonObject exemption = object(request, "exemption");
        List<String> evidence = new ArrayList<>();
        JsonElement ids = exemption.get("evidenceIds");
        if (ids != null && ids.isJsonArray()) {
            ids.getAsJsonArray().forEach(e -> evidence.add(e.isJsonPrimitive() ? e.getAsString() : ""));
        }
        try {
            new AccountabilityProcedure.Exemption(text(exemption, "reason"), evidence);
        } catch (IllegalArgumentException e) {
            throw invalid("/exemption", e.getMessage());
        }
        for (String id : evidence) {
            if (em.createNativeQuery("SELECT id FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND evidence_id = ?3 AND state = 'CONFIRMED'")
                    .setParameter(1, c.id).setParameter(2, action.track).setParameter(3, id).getResultList().isEmpty()) {
                throw invalid("/exemption/evidenceIds", Labels.say("caseExemptionEvidence", Labels.name("tracks", action.track), id));
            }
        }
        JsonObject clean = new JsonObject();
        clean.addProperty("reason", text(exemption, "reason"));
        JsonArray list = new JsonArray();
        evidence.forEach(list::add);
        clean.add("evidenceIds", list);
        return clean;
    }

    /** 先调查后问责 per person: a party of the track, or named in one of its findings. */
    private static boolean personInvestigated(EntityManager em, String caseId, String track, String personId) {
        if (count(em, "SELECT COUNT(*) FROM case_party WHERE case_id = ?1 AND track = ?2 AND person_id = ?3", caseId, track, personId) > 0) {
            return true;
        }
        return count(em, "SELECT COUNT(*) FROM case_finding WHERE case_id = ?1 AND track = ?2 AND person_ids LIKE ?3",
                caseId, track, "%\"" + personId + "\"%") > 0;
    }

    /**
     * The period the deciding body chose for a 政务处分 ({@code influenceMonths}), checked against
     * 政务处分法 art 15 together with the person's other 政务处分 in the case; the executed period
     * itself is computed for the view by {@link SanctionExecution}.
     */
    private void chooseInfluence(EntityManager em, ActionEntity action, JsonObject request, LocalDate effective) {
        if (!action.category.equals("GOVERNMENT_SANCTION") || action.personId == null) {
            if (text(request, "influenceMonths") != null) {
                throw invalid("/influenceMonths", Labels.say("caseInfluenceNone", form(action).label()));
            }
            return;
        }
        Integer chosen = null;
        if (request.has("influenceMonths")) {
            JsonElement given = request.get("influenceMonths");
            if (!given.isJsonPrimitive() || !given.getAsJsonPrimitive().isNumber()) {
                throw invalid("/influenceMonths", Labels.say("caseInfluenceWhole"));
            }
            // whole months: 6.5 was stored as 6 (政务处分法 art 8 counts the period in months)
            chosen = CaseJson.whole(given, "/influenceMonths", 0, 1200, Labels.say("caseInfluenceWhole"));
        }
        action.influenceMonths = chosen;
        List<SanctionExecution.Decided> decided = new ArrayList<>(decidedSanctions(em, action.caseId, action.personId, action.id));
        decided.add(new SanctionExecution.Decided(action.id, GovernmentSanction.valueOf(action.kind), effective, chosen));
        try {
            SanctionExecution.Execution execution = SanctionExecution.of(decided, periods);
            if (chosen != null && !execution.executedIds().contains(action.id)) {
                throw invalid("/influenceMonths", Labels.say("caseInfluenceNotExecuted", Labels.named("governmentSanctionKinds", execution.executed())));
            }
        } catch (IllegalArgumentException e) {
            throw invalid("/influenceMonths", e.getMessage());
        }
    }

    /** Appends the step to the action's history ({@code {"step","on","by","note"?}}), the record of its procedure. */
    static void addStep(ActionEntity action, ProcedureStep step, LocalDate on, String by, JsonObject request) {
        JsonArray steps = array(action.steps);
        JsonObject entry = new JsonObject();
        entry.addProperty("step", step.name());
        entry.addProperty("on", on.toString());
        entry.addProperty("by", by);
        if (request != null && request.has("note") && request.get("note").isJsonPrimitive()) {
            entry.addProperty("note", request.get("note").getAsString());
        }
        steps.add(entry);
        action.steps = steps.toString();
    }
}
