package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.GovernmentSanction;
import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.domain.accountability.RemedyRoute;
import cn.fieldsync.domain.accountability.SanctionExecution;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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

    JsonArray actions(EntityManager em, String caseId, String track) {
        JsonArray array = new JsonArray();
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
        for (ActionEntity a : onTrack(em, ActionEntity.class, caseId, track)) {
            AccountabilityForm form = form(a);
            RemedyRoute route = route(a);
            JsonObject json = new JsonObject();
            json.addProperty("id", a.id);
            if (a.personId != null) {
                json.addProperty("personId", a.personId);
            }
            if (a.targetUnitId != null) {
                json.addProperty("targetUnitId", a.targetUnitId);
            }
            JsonObject formJson = new JsonObject();
            formJson.addProperty("category", a.category);
            formJson.addProperty("kind", a.kind);
            if (a.subKind != null) {
                formJson.addProperty("subKind", a.subKind);
            }
            formJson.addProperty("label", form.label());
            formJson.addProperty("sanction", !form.isWarning());
            json.add("form", formJson);
            if (a.decidingBody != null) {
                json.add("decidingBody", json(a.decidingBody));
            }
            json.addProperty("state", a.state);
            boolean exempted = a.exemption != null;
            json.addProperty("decided", a.decidedOn != null && !exempted);
            JsonObject remedy = new JsonObject();
            remedy.addProperty("route", route.name());
            route.firstLevel().ifPresent(l -> remedy.addProperty("firstLevel", l));
            route.secondLevel().ifPresent(l -> remedy.addProperty("secondLevel", l));
            remedy.addProperty("basis", route.basis());
            remedy.addProperty("counting", periods.describe());
            json.add("remedy", remedy);
            JsonObject deadlines = new JsonObject();
            JsonObject why = new JsonObject();
            if (a.statementDeadline != null) {
                deadlines.addProperty("statement", a.statementDeadline);
            }
            if (a.decisionKnownOn != null && !exempted) {
                LocalDate known = LocalDate.parse(a.decisionKnownOn);
                route.firstRequestDue(known, periods).ifPresent(d -> {
                    deadlines.addProperty("reviewRequest", d.toString());
                    why.addProperty("reviewRequest", "收到（知道）决定之日 " + known + " 起申请" + route.firstLevel().orElse("") + "，" + route.basis());
                });
                route.directSecondRequestDue(known, periods).ifPresent(d -> {
                    deadlines.addProperty("directAppeal", d.toString());
                    why.addProperty("directAppeal", "不经复核，知道处理之日 " + known + " 起30日内直接申诉，公务员法第95条");
                });
            }
            if (a.reviewRequestedOn != null) {
                route.firstDecisionDue(LocalDate.parse(a.reviewRequestedOn), periods).ifPresent(d -> {
                    deadlines.addProperty("reviewDecision", d.toString());
                    why.addProperty("reviewDecision", route.firstLevel().orElse("") + "机关作出决定的期限，自申请之日 " + a.reviewRequestedOn
                            + " 起，" + route.basis());
                });
            }
            if (a.reviewDecisionOn != null) {
                route.secondRequestDue(LocalDate.parse(a.reviewDecisionOn), periods).ifPresent(d -> {
                    deadlines.addProperty("appealAfterReview", d.toString());
                    why.addProperty("appealAfterReview", "收到" + route.firstLevel().orElse("") + "决定之日 " + a.reviewDecisionOn + " 起申请"
                            + route.secondLevel().orElse("") + "，" + route.basis());
                });
            }
            if (a.state.equals(ProcedureStep.APPEALED.name())) {
                LocalDate lodged = lastStepOn(a);
                route.secondDecisionDue(lodged, 0, periods).ifPresent(d -> {
                    deadlines.addProperty("appealDecision", d.toString());
                    why.addProperty("appealDecision", route.secondLevel().orElse("") + "机关作出决定的期限，自 " + lodged + " 起，" + route.basis());
                });
            }
            if (!why.isEmpty()) {
                deadlines.add("basis", why);
            }
            json.add("deadlines", deadlines);
            if (a.decidedOn != null) {
                json.addProperty("decidedOn", a.decidedOn);
                json.addProperty("decisionKnownOn", a.decisionKnownOn);
            }
            SanctionExecution.Execution execution = a.personId == null ? null : executions.get(a.personId);
            if (execution != null && a.decidedOn != null && !exempted && a.category.equals("GOVERNMENT_SANCTION")) {
                boolean executed = execution.executedIds().contains(a.id);
                json.addProperty("executed", executed);
                if (executed) {
                    execution.months().ifPresent(m -> json.addProperty("influenceMonths", m));
                    execution.ends().ifPresent(e -> json.addProperty("influenceEnds", e.toString()));
                    json.addProperty("influenceFrom", execution.from().toString());
                    json.addProperty("influenceBasis", execution.executedIds().size() > 1
                            ? execution.executedIds().size() + "个相同政务处分合并一个处分期（一个处分期以上、处分期之和以下，最长48个月；政务处分法第15条）"
                            : "政务处分法第8条" + (execution.supersededIds().isEmpty() ? "" : "；另有较轻政务处分不执行（第15条）"));
                } else {
                    json.addProperty("influenceBasis", "应当给予两种以上政务处分的，执行其中最重的（" + execution.executed().name()
                            + "；政务处分法第15条）：本处分不另执行");
                }
            }
            if (exempted) {
                json.add("exemption", json(a.exemption));
            }
            json.add("steps", array(a.steps));
            json.addProperty("proposedBy", a.proposedBy);
            array.add(json);
        }
        return array;
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
