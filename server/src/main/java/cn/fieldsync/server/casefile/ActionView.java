package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.GovernmentSanction;
import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.domain.accountability.RemedyRoute;
import cn.fieldsync.domain.accountability.SanctionExecution;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.array;
import static cn.fieldsync.server.casefile.CaseJson.json;

/**
 * The accountability actions of a case as the API shows them: form, deciding body, remedy route
 * with every deadline and why, and — 政务处分法 art 15 across each person's sanctions — which are
 * executed and their one period.
 */
final class ActionView {

    private static final Logger LOG = Logger.getLogger(ActionView.class.getName());

    private final PeriodRules periods;

    ActionView(PeriodRules periods) {
        this.periods = periods;
    }

    List<CaseDtos.Action> actions(EntityManager em, String caseId, String track) {
        // 政务处分法 art 15, per person across the case: which sanctions are executed, and their one period
        Map<String, SanctionExecution.Execution> executions = new HashMap<>();
        for (ActionEntity a : onTrack(em, ActionEntity.class, caseId, track)) {
            if (a.category.equals("GOVERNMENT_SANCTION") && a.personId != null && a.decidedOn != null && !executions.containsKey(a.personId)) {
                List<SanctionExecution.Decided> decided = decidedSanctions(em, caseId, a.personId, "");
                if (!decided.isEmpty()) {
                    try {
                        executions.put(a.personId, SanctionExecution.of(decided, periods));
                    } catch (IllegalArgumentException e) {
                        LOG.warning(() -> "case " + caseId + ": art 15 cannot combine the sanctions of " + a.personId + ": " + e.getMessage());
                    }
                }
            }
        }
        List<CaseDtos.Action> list = new ArrayList<>();
        for (ActionEntity a : onTrack(em, ActionEntity.class, caseId, track)) {
            AccountabilityForm form = form(a);
            boolean exempted = a.exemption != null;
            JsonObject body = a.decidingBody == null ? null : json(a.decidingBody);
            JsonObject exemption = exempted ? json(a.exemption) : null;
            List<CaseDtos.Step> steps = new ArrayList<>();
            for (JsonElement e : array(a.steps)) {
                JsonObject s = e.getAsJsonObject();
                steps.add(new CaseDtos.Step(text(s, "step"), text(s, "on"), text(s, "by"), text(s, "note")));
            }
            SanctionExecution.Execution execution = a.personId == null ? null : executions.get(a.personId);
            boolean shown = execution != null && a.decidedOn != null && !exempted && a.category.equals("GOVERNMENT_SANCTION");
            boolean executed = shown && execution.executedIds().contains(a.id);
            list.add(new CaseDtos.Action(a.id, a.personId, a.targetUnitId,
                    new CaseDtos.Form(a.category, a.kind, a.subKind, form.label(), !form.isWarning()),
                    body == null ? null : new CaseDtos.DecidingBody(text(body, "kind"), text(body, "name")),
                    a.state, a.decidedOn != null && !exempted, remedy(route(a)), deadlines(a, route(a), exempted),
                    a.decidedOn, a.decidedOn == null ? null : a.decisionKnownOn,
                    shown ? executed : null,
                    executed ? execution.months().orElse(null) : null,
                    executed ? execution.ends().map(Object::toString).orElse(null) : null,
                    executed ? execution.from().toString() : null,
                    shown ? influenceBasis(execution, executed) : null,
                    exemption == null ? null : new CaseDtos.Exemption(text(exemption, "reason"),
                            CaseView.strings(exemption.getAsJsonArray("evidenceIds"))),
                    steps, a.proposedBy));
        }
        return list;
    }

    private CaseDtos.Remedy remedy(RemedyRoute route) {
        return new CaseDtos.Remedy(route.name(), route.firstLevel().orElse(null), route.secondLevel().orElse(null), route.basis(),
                periods.describe());
    }

    /** Every deadline of the action's remedy route that has started to run, with why it falls there. */
    private CaseDtos.ActionDeadlines deadlines(ActionEntity a, RemedyRoute route, boolean exempted) {
        Map<String, String> dates = new HashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        if (a.decisionKnownOn != null && !exempted) {
            LocalDate known = LocalDate.parse(a.decisionKnownOn);
            route.firstRequestDue(known, periods).ifPresent(d -> {
                dates.put("reviewRequest", d.toString());
                why.put("reviewRequest", "收到（知道）决定之日 " + known + " 起申请" + route.firstLevel().orElse("") + "，" + route.basis());
            });
            route.directSecondRequestDue(known, periods).ifPresent(d -> {
                dates.put("directAppeal", d.toString());
                why.put("directAppeal", "不经复核，知道处理之日 " + known + " 起30日内直接申诉，公务员法第95条");
            });
        }
        if (a.reviewRequestedOn != null) {
            route.firstDecisionDue(LocalDate.parse(a.reviewRequestedOn), periods).ifPresent(d -> {
                dates.put("reviewDecision", d.toString());
                why.put("reviewDecision", route.firstLevel().orElse("") + "机关作出决定的期限，自申请之日 " + a.reviewRequestedOn
                        + " 起，" + route.basis());
            });
        }
        if (a.reviewDecisionOn != null) {
            route.secondRequestDue(LocalDate.parse(a.reviewDecisionOn), periods).ifPresent(d -> {
                dates.put("appealAfterReview", d.toString());
                why.put("appealAfterReview", "收到" + route.firstLevel().orElse("") + "决定之日 " + a.reviewDecisionOn + " 起申请"
                        + route.secondLevel().orElse("") + "，" + route.basis());
            });
        }
        if (a.state.equals(ProcedureStep.APPEALED.name())) {
            LocalDate lodged = lastStepOn(a);
            route.secondDecisionDue(lodged, 0, periods).ifPresent(d -> {
                dates.put("appealDecision", d.toString());
                why.put("appealDecision", route.secondLevel().orElse("") + "机关作出决定的期限，自 " + lodged + " 起，" + route.basis());
            });
        }
        dates.forEach((key, day) -> {
            LocalDate last = LocalDate.parse(day);
            if (periods.scheduleUnknown(last)) {
                // found by a tester: 2026's 国庆 runs 1–7 October, the built-in holidays 1–3 October only
                why.computeIfPresent(key, (k, text) -> text + "。" + Labels.say("periodScheduleUnknown", last.getYear()));
            }
        });
        return new CaseDtos.ActionDeadlines(a.statementDeadline, dates.get("reviewRequest"), dates.get("directAppeal"),
                dates.get("reviewDecision"), dates.get("appealAfterReview"), dates.get("appealDecision"), why.isEmpty() ? null : why);
    }

    /** 政务处分法 arts 8 and 15: why this sanction's period is what it is, or why it is not executed. */
    private static String influenceBasis(SanctionExecution.Execution execution, boolean executed) {
        if (!executed) {
            return "应当给予两种以上政务处分的，执行其中最重的（" + execution.executed().name() + "；政务处分法第15条）：本处分不另执行";
        }
        return execution.executedIds().size() > 1
                ? execution.executedIds().size() + "个相同政务处分合并一个处分期（一个处分期以上、处分期之和以下，最长48个月；政务处分法第15条）"
                : "政务处分法第8条" + (execution.supersededIds().isEmpty() ? "" : "；另有较轻政务处分不执行（第15条）");
    }

    /** The person's 政务处分 decided in the case (not exempted), but for one. */
    static List<SanctionExecution.Decided> decidedSanctions(EntityManager em, String caseId, String personId, String except) {
        List<SanctionExecution.Decided> list = new ArrayList<>();
        for (ActionEntity a : em.createQuery("SELECT a FROM ActionEntity a WHERE a.caseId = :c AND a.personId = :p AND a.category = "
                + "'GOVERNMENT_SANCTION' AND a.decidedOn IS NOT NULL ORDER BY a.id", ActionEntity.class)
                .setParameter("c", caseId).setParameter("p", personId).getResultList()) {
            if (!a.id.equals(except) && a.exemption == null) {
                list.add(new SanctionExecution.Decided(a.id, GovernmentSanction.valueOf(a.kind), LocalDate.parse(a.decidedOn), a.influenceMonths));
            }
        }
        return list;
    }

    static AccountabilityForm form(ActionEntity a) {
        return new AccountabilityForm(AccountabilityForm.Category.valueOf(a.category), a.kind, a.subKind);
    }

    static RemedyRoute route(ActionEntity a) {
        String kind = a.decidingBody == null ? null : text(json(a.decidingBody), "kind");
        return RemedyRoute.of(form(a), kind);
    }

    static LocalDate lastStepOn(ActionEntity action) {
        JsonArray steps = array(action.steps);
        return steps.isEmpty() ? null : LocalDate.parse(steps.get(steps.size() - 1).getAsJsonObject().get("on").getAsString());
    }

    /** The rows of one kind on one track of a case, oldest first. */
    static <T> List<T> onTrack(EntityManager em, Class<T> type, String caseId, String track) {
        return em.createQuery("SELECT e FROM " + type.getSimpleName() + " e WHERE e.caseId = :c AND e.track = :t ORDER BY e.id", type)
                .setParameter("c", caseId).setParameter("t", track).getResultList();
    }
}
