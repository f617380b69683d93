package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.AccidentRecords.notBefore;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * Proposing an accountability action (问责, 政务处分, 党纪处分) against a person or a unit of a
 * track: the form must fit its target ({@link AccountabilityForm#refuseTarget}), and the deciding
 * body, when named, fixes the remedy route later. Its procedure from then on is {@link ActionSteps}'.
 */
final class ActionProposals {

    /** The kinds of body that decide an action; the remedy route of a 政务处分 depends on it. */
    private static final List<String> DECIDING_BODIES = List.of("SUPERVISORY_ORGAN", "APPOINTING_ORGAN", "PARTY_ORGAN", "OTHER");

    private final CaseAccess access;
    private final CaseReach reach;
    private final AccidentRecords accidents;
    private final AuditLog audit;
    private final Clock clock;

    ActionProposals(CaseAccess access, CaseReach reach, AccidentRecords accidents, AuditLog audit, Clock clock) {
        this.access = access;
        this.reach = reach;
        this.accidents = accidents;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Proposes an action: {@code {"track","personId" or "targetUnitId","on"?,"form":{"category","kind","subKind"?},
     * "decidingBody"?:{"kind":"SUPERVISORY_ORGAN"|"APPOINTING_ORGAN"|"PARTY_ORGAN"|"OTHER","name"}}}.
     * The form must fit its target ({@link AccountabilityForm#refuseTarget}): 政务处分 only against a
     * person recorded as 公职人员, 党纪处分 only against a 党员, 改组 and 检查 only against a 党组织,
     * 诫勉 only against a person — else {@code action_target}.
     */
    CaseDtos.Detail proposeAction(Caller caller, String caseId, JsonObject request) {
        String track = CaseJson.track(request);
        JsonObject formJson = object(request, "form");
        AccountabilityForm form;
        try {
            form = new AccountabilityForm(AccountabilityForm.category(text(formJson, "category")).orElse(null),
                    text(formJson, "kind"), text(formJson, "subKind"));
        } catch (IllegalArgumentException e) {
            throw invalid("/form", e.getMessage());
        }
        String personId = text(request, "personId");
        String unitId = text(request, "targetUnitId");
        if ((personId == null) == (unitId == null)) {
            throw invalid("/personId", Labels.say("caseActionTarget"));
        }
        if (personId != null) {
            uuid(personId, "/personId");
        } else {
            uuid(unitId, "/targetUnitId");
        }
        JsonObject body = request.has("decidingBody") ? decidingBody(request) : null;
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : access.today();
        return access.write(caller, caseId, (em, c) -> {
            reach.require(em, caller, c, personId != null ? "person" : "unit", personId != null ? personId : unitId,
                    personId != null ? "/personId" : "/targetUnitId");
            notBefore(on, LocalDate.parse(c.eventDay), "/on", Labels.say("caseActionBeforeEvent", on, c.eventDay));
            accidents.notFuture(on, "/on");
            JsonObject target = CaseLookups.targetBody(em, personId != null ? "person" : "unit", personId != null ? personId : unitId);
            AccountabilityForm.Target t = new AccountabilityForm.Target(personId != null, flag(target, "publicOfficial"),
                    flag(target, "partyMember"), text(target, "kind"));
            form.refuseTarget(t).ifPresent(why -> {
                throw new FieldsyncException(ErrorCode.ACTION_TARGET, personId != null ? "/personId" : "/targetUnitId", why);
            });
            ActionEntity action = new ActionEntity();
            action.id = Uuids.v7();
            action.caseId = c.id;
            action.track = track;
            action.personId = personId;
            action.targetUnitId = unitId;
            action.category = form.category().name();
            action.kind = form.kind();
            action.subKind = form.subKind();
            action.decidingBody = body == null ? null : body.toString();
            action.state = ProcedureStep.PROPOSED.name();
            action.steps = "[]";
            action.proposedBy = caller.username();
            action.proposedAt = clock.millis();
            ActionSteps.addStep(action, ProcedureStep.PROPOSED, on, caller.username(), null);
            em.persist(action);
            audit.append(em, caller.username(), "ACTION_PROPOSED", c.id, detail("actionId", action.id, "form", form.label()));
        });
    }

    /** {@code "decidingBody":{"kind","name"}} checked and cleaned (the name at most 200 characters). */
    static JsonObject decidingBody(JsonObject request) {
        JsonObject body = object(request, "decidingBody");
        String kind = text(body, "kind");
        if (kind == null || !DECIDING_BODIES.contains(kind)) { // List.of(..).contains(null) throws
            throw notOneOf("/decidingBody/kind", "decidingBodies", DECIDING_BODIES);
        }
        String name = required(body, "name", "/decidingBody/name");
        if (name.length() > 200) {
            throw tooLong("/decidingBody/name", 200, name);
        }
        JsonObject clean = new JsonObject();
        clean.addProperty("kind", kind);
        clean.addProperty("name", name);
        return clean;
    }
}
