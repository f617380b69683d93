package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.domain.casefile.EvidenceProposals;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.identity.UserScopes;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a case may see and touch: its <em>reach</em>. A case reaches the division code of its
 * subject unit; an administrator may grant it more codes (a city commission's case over two
 * counties), explicitly and audited ({@code CASE_REACH_GRANTED}) — naming an id never extends it.
 *
 * <p>Everything a case endpoint touches lies within the reach and within the caller's sight:
 * the supervising unit, parties (persons), action targets (persons, units), linked evidence
 * (inspections, hazards, pledges, attachments, other cases' actions, other cases) and the
 * evidence the engine proposes. Something outside is answered exactly as something absent
 * ({@code 422 unknown_reference}, "no hazard &lt;id&gt;"), so that the answers tell another county's
 * ids from made-up ones in no way.
 *
 * <p>Investigators: a reviewer names only users who already see the case's own jurisdiction;
 * only an administrator names anyone else. Naming changes no user's scope: the case lists its
 * investigators, they see the case and the evidence confirmed for it within its reach
 * ({@code IdentityService} adds their cases to their scope), and every change of the list is
 * audited ({@code CASE_INVESTIGATORS_CHANGED}).
 */
final class CaseReach {

    static final String SUBJECT = "SUBJECT";
    static final String GRANTED = "GRANTED";
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    private static final Set<String> RECORD_TYPES = Set.of("inspection", "hazard", "pledge", "attachment", "person", "unit");

    private final AuditLog audit;
    private final Clock clock;

    CaseReach(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    // ---- opening --------------------------------------------------------------------------------

    /**
     * The codes an opening request grants ({@code "reach":["370602"]}): administrators only.
     *
     * @throws FieldsyncException forbidden for anyone else, invalid_case for a malformed list
     */
    static List<String> requested(Caller caller, JsonObject request) {
        if (!request.has("reach")) {
            return List.of();
        }
        if (!caller.is(Role.ADMIN)) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, "/reach",
                    Labels.say("caseReachAdminOnly"));
        }
        return codes(request.get("reach"), "/reach");
    }

    /**
     * The subject unit of a new case: a unit the caller sees. Another county's unit is answered
     * like a unit that does not exist.
     */
    static void requireSubject(EntityManager em, Caller caller, String unitId) {
        List<?> rows = em.createNativeQuery("SELECT jurisdiction FROM record WHERE id = ?1 AND record_type = 'unit' AND deleted = ?2")
                .setParameter(1, unitId).setParameter(2, false).getResultList();
        if (rows.isEmpty() || !caller.scope().sees((String) rows.getFirst(), null, unitId)) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/subjectUnitId", CaseJson.noSuch("unit", unitId));
        }
    }

    /**
     * Writes the reach of a case just opened (its subject unit's code, and the codes granted by
     * an administrator), then checks the supervising unit, the supervising bodies of its facts
     * and the investigators against it.
     */
    void opened(EntityManager em, Caller caller, CaseEntity c, String supervisingId, List<String> supervisors, List<String> granted,
                List<String> named) {
        if (c.jurisdiction != null) {
            persist(em, c.id, c.jurisdiction, SUBJECT, caller.username());
        }
        grantCodes(em, caller, c, granted);
        if (supervisingId != null) {
            requireUnit(em, caller, c, supervisingId, "/supervisingUnitId");
        }
        // the supervising bodies of the case's facts (监管部门): their posts and pledges feed the engine too
        for (String supervisor : supervisors) {
            requireUnit(em, caller, c, supervisor, "/supervisors");
        }
        checkInvestigators(em, caller, c, named);
        if (!named.isEmpty()) {
            audit.append(em, caller.username(), "CASE_INVESTIGATORS_CHANGED", c.id, investigatorsDetail(List.of(), named));
        }
    }

    // ---- what a case endpoint touches --------------------------------------------------------------

    /**
     * Refuses, as unknown, a thing the case may not touch: absent, outside the case's reach, or
     * out of the caller's sight.
     *
     * @param type  inspection, hazard, pledge, attachment, person, unit, action (another case's
     *              accountability action) or case
     * @param field the JSON pointer the refusal names
     */
    void require(EntityManager em, Caller caller, CaseEntity c, String type, String id, String field) {
        if (!touches(em, caller, c, type, id)) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, field, CaseJson.noSuch(type, id));
        }
    }

    private void requireUnit(EntityManager em, Caller caller, CaseEntity c, String unitId, String field) {
        List<?> rows = em.createNativeQuery("SELECT jurisdiction FROM record WHERE id = ?1 AND record_type = 'unit' AND deleted = ?2")
                .setParameter(1, unitId).setParameter(2, false).getResultList();
        if (rows.isEmpty() || !touchable(em, caller, c, (String) rows.getFirst(), null, unitId)) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, field, CaseJson.noSuch("unit", unitId));
        }
    }

    boolean touches(EntityManager em, Caller caller, CaseEntity c, String type, String id) {
        if (id == null || !Uuids.isCanonical(id)) {
            return false;
        }
        if (RECORD_TYPES.contains(type)) {
            List<?> rows = em.createNativeQuery("SELECT jurisdiction, unit_id FROM record WHERE id = ?1 AND record_type = ?2")
                    .setParameter(1, id).setParameter(2, type).getResultList();
            if (rows.isEmpty()) {
                return false;
            }
            Object[] row = (Object[]) rows.getFirst();
            return touchable(em, caller, c, (String) row[0], (String) row[1], id);
        }
        String caseId = switch (type) {
            case "action" -> {
                List<?> rows = em.createNativeQuery("SELECT case_id FROM accountability_action WHERE id = ?1").setParameter(1, id)
                        .getResultList();
                yield rows.isEmpty() ? null : (String) rows.getFirst();
            }
            case "case" -> id;
            default -> null;
        };
        CaseEntity other = caseId == null ? null : em.find(CaseEntity.class, caseId);
        // another case (or its action) is touched when the caller sees it and it lies within this case's reach
        return other != null && other.jurisdiction != null && codes(em, c).contains(other.jurisdiction)
                && (caller.scope().seesCase(other.id, other.jurisdiction) || CaseInvestigators.of(em, other.id).contains(caller.username()));
    }

    /**
     * Within the case's reach, and seen by the caller: through the caller's own scope, through
     * the case assigned to the caller, or through a code an administrator granted the case.
     */
    private boolean touchable(EntityManager em, Caller caller, CaseEntity c, String jurisdiction, String unitId, String id) {
        if (jurisdiction == null) {
            return false;
        }
        List<CaseReachEntity> reach = rows(em, c.id);
        boolean inReach = (reach.isEmpty() && jurisdiction.equals(c.jurisdiction))
                || reach.stream().anyMatch(r -> r.jurisdiction.equals(jurisdiction));
        if (!inReach) {
            return false;
        }
        boolean granted = reach.stream().anyMatch(r -> r.jurisdiction.equals(jurisdiction) && GRANTED.equals(r.origin));
        return granted || caller.scope().sees(jurisdiction, unitId, id) || assigned(em, caller, c);
    }

    private static boolean assigned(EntityManager em, Caller caller, CaseEntity c) {
        return caller.scope().cases().contains(c.id) || CaseInvestigators.of(em, c.id).contains(caller.username());
    }

    // ---- the engine ----------------------------------------------------------------------------------

    /**
     * The engine's facts cut to the case's reach: inspections, hazards and pledges of the codes
     * it reaches, and warnings given in cases it reaches. The posts are those at the case's own
     * units, which lie within it. The engine runs for the case, not for a caller.
     */
    EvidenceFeed.Facts filter(EntityManager em, CaseEntity c, EvidenceFeed.Facts facts) {
        List<String> codes = codes(em, c);
        return new EvidenceFeed.Facts(facts.posts(),
                facts.inspections().stream().filter(i -> inRecordReach(em, codes, i.id())).toList(),
                facts.hazards().stream().filter(h -> inRecordReach(em, codes, h.id())).toList(),
                facts.pledges().stream().filter(p -> inRecordReach(em, codes, p.id())).toList(),
                facts.warnings().stream().filter(w -> inActionReach(em, codes, w)).toList());
    }

    private static boolean inRecordReach(EntityManager em, List<String> codes, String id) {
        List<?> rows = em.createNativeQuery("SELECT jurisdiction FROM record WHERE id = ?1").setParameter(1, id).getResultList();
        return !rows.isEmpty() && codes.contains((String) rows.getFirst());
    }

    private static boolean inActionReach(EntityManager em, List<String> codes, EvidenceProposals.Warning warning) {
        List<?> rows = em.createNativeQuery("SELECT c.jurisdiction FROM accountability_action a JOIN case_file c ON c.id = a.case_id "
                + "WHERE a.id = ?1").setParameter(1, warning.id()).getResultList();
        return !rows.isEmpty() && codes.contains((String) rows.getFirst());
    }

    /** Of these evidence ids (records), those that lie within the case's reach: what its bundle may hold. */
    static List<String> within(EntityManager em, CaseEntity c, List<String> ids) {
        List<String> codes = codes(em, c);
        return ids.stream().filter(id -> inRecordReach(em, codes, id)).toList();
    }

    // ---- granting reach ----------------------------------------------------------------------------

    /**
     * {@code {"jurisdictions":["370602"]}}: the case reaches these codes too. Administrators only;
     * each new code is audited as {@code CASE_REACH_GRANTED}.
     */
    void grant(EntityManager em, Caller caller, CaseEntity c, JsonObject request) {
        requireAdmin(caller);
        JsonElement list = request.get("jurisdictions");
        if (list == null) {
            throw new FieldsyncException(ErrorCode.INVALID_CASE, "/jurisdictions", Labels.say("caseJurisdictionsRequired"));
        }
        grantCodes(em, caller, c, codes(list, "/jurisdictions"));
    }

    /** Takes back a granted code ({@code CASE_REACH_REVOKED}); the subject unit's own code stays. */
    void revoke(EntityManager em, Caller caller, CaseEntity c, String code) {
        requireAdmin(caller);
        CaseReachEntity row = rows(em, c.id).stream().filter(r -> r.jurisdiction.equals(code) && GRANTED.equals(r.origin))
                .findFirst().orElseThrow(() -> new FieldsyncException(ErrorCode.NOT_FOUND, null,
                        Labels.say("caseReachNotGranted", c.number, code)));
        em.remove(row);
        JsonObject detail = new JsonObject();
        detail.addProperty("jurisdiction", code);
        audit.append(em, caller.username(), "CASE_REACH_REVOKED", c.id, detail);
    }

    static void requireAdmin(Caller caller) {
        if (!caller.is(Role.ADMIN)) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, null, Labels.say("caseReachAdminOnly"));
        }
    }

    private void grantCodes(EntityManager em, Caller caller, CaseEntity c, List<String> granted) {
        List<String> have = rows(em, c.id).stream().map(r -> r.jurisdiction).toList();
        for (String code : granted) {
            if (have.contains(code)) {
                continue;
            }
            persist(em, c.id, code, GRANTED, caller.username());
            JsonObject detail = new JsonObject();
            detail.addProperty("jurisdiction", code);
            audit.append(em, caller.username(), "CASE_REACH_GRANTED", c.id, detail);
        }
    }

    private void persist(EntityManager em, String caseId, String code, String origin, String by) {
        CaseReachEntity row = new CaseReachEntity();
        row.id = Uuids.v7();
        row.caseId = caseId;
        row.jurisdiction = code;
        row.origin = origin;
        row.grantedBy = by;
        row.grantedAt = clock.millis();
        em.persist(row);
        em.flush(); // the reads of this transaction (the checks that follow) see it
    }

    private static List<String> codes(JsonElement list, String field) {
        if (!list.isJsonArray() || list.getAsJsonArray().isEmpty() || list.getAsJsonArray().size() > 50) {
            throw new FieldsyncException(ErrorCode.INVALID_CASE, field,
                    Labels.say("caseDivisionCodes", CaseJson.fieldName(field), CaseJson.member(field)));
        }
        Set<String> codes = new LinkedHashSet<>();
        for (int i = 0; i < list.getAsJsonArray().size(); i++) {
            JsonElement e = list.getAsJsonArray().get(i);
            String code = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : "";
            if (!CODE.matcher(code).matches()) {
                throw new FieldsyncException(ErrorCode.INVALID_CASE, field + "/" + i, Labels.say("caseDivisionCode", code));
            }
            codes.add(code);
        }
        return List.copyOf(codes);
    }

    /** The codes a case reaches: its rows, or (a case whose rows are not written yet) its own code. */
    static List<String> codes(EntityManager em, CaseEntity c) {
        List<String> codes = new ArrayList<>(rows(em, c.id).stream().map(r -> r.jurisdiction).toList());
        if (codes.isEmpty() && c.jurisdiction != null) {
            codes.add(c.jurisdiction);
        }
        return codes;
    }

    private static List<CaseReachEntity> rows(EntityManager em, String caseId) {
        return em.createQuery("SELECT r FROM CaseReachEntity r WHERE r.caseId = :c ORDER BY r.jurisdiction", CaseReachEntity.class)
                .setParameter("c", caseId).getResultList();
    }

    /** The reach for the case view: the subject's division code and those granted, oldest first. */
    static List<CaseDtos.Reach> view(EntityManager em, CaseEntity c) {
        return rows(em, c.id).stream().map(r -> new CaseDtos.Reach(r.jurisdiction, r.origin, r.grantedBy)).toList();
    }

    // ---- investigators -----------------------------------------------------------------------------

    /**
     * Replaces the investigators of a case. The names added are checked ({@link #checkInvestigators});
     * the change is audited with the list before and after.
     */
    void setInvestigators(EntityManager em, Caller caller, CaseEntity c, List<String> names) {
        List<String> before = CaseInvestigators.of(em, c.id);
        List<String> added = names.stream().filter(n -> !before.contains(n)).toList();
        checkInvestigators(em, caller, c, added);
        if (before.equals(names)) {
            return;
        }
        CaseInvestigators.replace(em, c.id, names);
        audit.append(em, caller.username(), "CASE_INVESTIGATORS_CHANGED", c.id, investigatorsDetail(before, names));
    }

    /**
     * A reviewer names only users who see the case's own jurisdiction already (or its subject
     * unit, or who were given the case by an administrator); an administrator names any user.
     * A user the caller may not name is answered exactly like a user who does not exist.
     */
    private static void checkInvestigators(EntityManager em, Caller caller, CaseEntity c, List<String> names) {
        List<String> refused = new ArrayList<>();
        for (String name : names) {
            // the user's own scope, from identity's rows (V21): naming someone never reads their named cases
            Optional<Scope> scope = UserScopes.ownScope(em, name);
            if (scope.isEmpty() || (!caller.is(Role.ADMIN) && !covers(scope.get(), c))) {
                refused.add(name);
            }
        }
        if (!refused.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/investigators", CaseJson.noSuch("user", String.join("、", refused)));
        }
    }

    private static boolean covers(Scope user, CaseEntity c) {
        return user.sees(c.jurisdiction, c.subjectUnitId, null) || user.cases().contains(c.id);
    }

    private static JsonObject investigatorsDetail(List<String> before, List<String> after) {
        JsonObject detail = new JsonObject();
        JsonArray was = new JsonArray();
        before.forEach(was::add);
        JsonArray now = new JsonArray();
        after.forEach(now::add);
        detail.add("before", was);
        detail.add("after", now);
        return detail;
    }
}
