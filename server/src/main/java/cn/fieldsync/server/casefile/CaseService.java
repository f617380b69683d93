package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.AccountabilityProcedure;
import cn.fieldsync.domain.accountability.GovernmentSanction;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.domain.accountability.ReviewDeadlines;
import cn.fieldsync.domain.casefile.AccidentDeadlines;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import cn.fieldsync.domain.casefile.EvidenceProposals;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cases (案件) and their two tracks: opening (number, grade, deadlines, first proposals), parties,
 * findings, evidence links and their review, accountability actions and their procedure, the
 * 四不放过 checklist and closing. The rules themselves are the plain classes of
 * {@code cn.fieldsync.domain}; this service keeps their facts and asks them.
 */
public final class CaseService {

    private static final Logger LOG = Logger.getLogger(CaseService.class.getName());
    public static final List<String> TRACKS = List.of("DIRECT", "LEADERSHIP");
    private static final List<String> EVENT_KINDS = List.of("ACCIDENT", "VIOLATION", "COMPLAINT", "INSPECTION_FINDING");
    private static final List<String> RESPONSIBILITIES = List.of("DIRECT", "PRIMARY", "LEADERSHIP", "SUPERVISORY");
    private static final List<String> EVIDENCE_TYPES = List.of("inspection", "hazard", "pledge", "attachment", "action", "case");

    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final String numberPattern;
    private final int windowMonths;
    private final EvidenceFeed feed;
    private final AuditLog audit;
    private final RecordStore store;

    /**
     * @param numberPattern the case number, with {year} and {seq} (the case's number within its year)
     * @param windowMonths  how far before the event the engine looks (12 by default)
     */
    public CaseService(Database database, RecordStore store, Clock clock, ZoneId zone, String numberPattern, int windowMonths) {
        this.store = store;
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.numberPattern = numberPattern;
        this.windowMonths = windowMonths;
        this.feed = new EvidenceFeed(zone);
        this.audit = new AuditLog(clock);
    }

    // ---- opening and reading ------------------------------------------------------------------

    /**
     * Opens a case: {@code {"title","subjectUnitId","supervisingUnitId"?,"investigators":[..],
     * "event":{"kind","at","deaths","seriousInjuries","directLossCny","description"}}}. The number
     * is assigned here; the evidence engine runs at once.
     */
    public JsonObject open(Caller caller, JsonObject request) {
        JsonObject event = object(request, "event");
        String kind = required(event, "kind", "/event/kind");
        if (!EVENT_KINDS.contains(kind)) {
            throw invalid("/event/kind", "the event is one of " + EVENT_KINDS);
        }
        OffsetDateTime at = dateTime(required(event, "at", "/event/at"), "/event/at");
        LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
        if (day.isAfter(today())) {
            throw invalid("/event/at", "the event cannot be in the future");
        }
        String title = required(request, "title", "/title");
        if (title.length() > 200) {
            throw invalid("/title", "a title has at most 200 characters");
        }
        String unitId = uuid(required(request, "subjectUnitId", "/subjectUnitId"), "/subjectUnitId");
        String supervisingId = text(request, "supervisingUnitId");
        if (supervisingId != null) {
            uuid(supervisingId, "/supervisingUnitId");
        }
        CaseEntity c = new CaseEntity();
        c.id = Uuids.v7();
        c.title = title;
        c.subjectUnitId = unitId;
        c.supervisingUnitId = supervisingId;
        c.eventKind = kind;
        c.eventAt = at.toInstant().toEpochMilli();
        c.eventDay = day.toString();
        c.description = text(event, "description");
        if (kind.equals("ACCIDENT")) {
            c.deaths = count(event, "deaths");
            c.seriousInjuries = count(event, "seriousInjuries");
            BigDecimal loss = money(event, "directLossCny");
            c.directLossCny = loss.toPlainString();
            c.grade = AccidentGrade.of(c.deaths, c.seriousInjuries, loss).name();
        }
        c.investigators = String.join(",", investigators(request));
        c.status = "OPEN";
        c.checklist = "{}";
        c.windowMonths = windowMonths;
        c.openedBy = caller.username();
        c.openedAt = clock.millis();
        c.year = day.getYear();
        // two cases opened at once may take the same number; the unique index refuses the second,
        // which then takes the next one
        for (int attempt = 1; ; attempt++) {
            try {
                return openAs(caller, c, unitId, supervisingId);
            } catch (jakarta.persistence.PersistenceException e) {
                if (attempt == 5 || !cn.fieldsync.server.record.RecordService.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private JsonObject openAs(Caller caller, CaseEntity c, String unitId, String supervisingId) {
        return database.inTransaction(em -> {
            String[] place = unitPlace(em, unitId, "/subjectUnitId");
            if (supervisingId != null) {
                unitPlace(em, supervisingId, "/supervisingUnitId");
            }
            c.jurisdiction = place[0];
            if (!caller.scope().sees(c.jurisdiction, null, unitId)) {
                throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/subjectUnitId",
                        "the unit is outside your jurisdictions; a case about it is opened by someone who sees it");
            }
            Number last = (Number) em.createNativeQuery("SELECT MAX(seq_in_year) FROM case_file WHERE year = ?1")
                    .setParameter(1, c.year).getSingleResult();
            c.seqInYear = last == null ? 1 : last.intValue() + 1;
            c.number = numberPattern.replace("{year}", String.valueOf(c.year)).replace("{seq}", String.valueOf(c.seqInYear));
            em.persist(c);
            // the investigators are assigned the case: they see it, and its confirmed links reach their devices
            for (String investigator : c.investigators.split(",")) {
                if (!investigator.isEmpty()) {
                    em.createNativeQuery("UPDATE app_user SET cases = CASE WHEN cases = '' THEN ?1 ELSE cases || ',' || ?1 END "
                            + "WHERE username = ?2").setParameter(1, c.id).setParameter(2, investigator).executeUpdate();
                }
            }
            JsonObject detail = new JsonObject();
            detail.addProperty("number", c.number);
            detail.addProperty("subjectUnitId", unitId);
            audit.append(em, caller.username(), "CASE_OPENED", c.id, detail);
            propose(em, c);
            return view(em, c);
        });
    }

    public JsonObject get(Caller caller, String id) {
        return database.read(em -> view(em, visible(em, caller, id)));
    }

    /**
     * Cases the caller may see, newest first; {@code overdue} keeps those with a deadline passed.
     */
    public JsonObject list(Caller caller, String status, String grade, String jurisdiction, Boolean overdue, int limit) {
        return database.read(em -> {
            List<CaseEntity> all = em.createQuery("SELECT c FROM CaseEntity c ORDER BY c.openedAt DESC", CaseEntity.class)
                    .getResultList();
            JsonArray items = new JsonArray();
            int total = 0;
            for (CaseEntity c : all) {
                if (!canSee(caller, c) || (status != null && !status.equals(c.status)) || (grade != null && !grade.equals(c.grade))
                        || (jurisdiction != null && (c.jurisdiction == null || !c.jurisdiction.startsWith(jurisdiction)))) {
                    continue;
                }
                JsonObject summary = summary(c);
                if (overdue != null && overdue != summary.get("overdue").getAsBoolean()) {
                    continue;
                }
                total++;
                if (items.size() < limit) {
                    items.add(summary);
                }
            }
            JsonObject answer = new JsonObject();
            answer.add("items", items);
            answer.addProperty("total", total);
            return answer;
        });
    }

    // ---- parties and findings ----------------------------------------------------------------

    /** {@code {"track","personId","responsibility"}}: the post is the one the person held on the event day. */
    public JsonObject addParty(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String personId = uuid(required(request, "personId", "/personId"), "/personId");
        String responsibility = required(request, "responsibility", "/responsibility");
        if (!RESPONSIBILITIES.contains(responsibility)) {
            throw invalid("/responsibility", "responsibility is one of " + RESPONSIBILITIES);
        }
        return write(caller, caseId, (em, c) -> {
            List<?> rows = em.createNativeQuery("SELECT body FROM record WHERE id = ?1 AND record_type = 'person'")
                    .setParameter(1, personId).getResultList();
            if (rows.isEmpty()) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/personId", "no person " + personId);
            }
            JsonObject person = json((String) rows.getFirst());
            PartyEntity party = new PartyEntity();
            party.id = Uuids.v7();
            party.caseId = c.id;
            party.track = track;
            party.personId = personId;
            party.name = text(person, "name");
            JsonObject post = postOn(person, LocalDate.parse(c.eventDay));
            party.unitId = post == null ? null : text(post, "unitId");
            party.post = post == null ? null : text(post, "post");
            party.responsibility = responsibility;
            party.addedBy = caller.username();
            party.addedAt = clock.millis();
            em.persist(party);
            audit.append(em, caller.username(), "CASE_PARTY_ADDED", c.id, detail("partyId", party.id, "track", track));
        });
    }

    /** The post held on the day: the leading one when several (a person may hold two). */
    private static JsonObject postOn(JsonObject person, LocalDate day) {
        JsonObject best = null;
        for (JsonElement element : person.getAsJsonArray("positions")) {
            JsonObject p = element.getAsJsonObject();
            LocalDate from = LocalDate.parse(text(p, "from"));
            LocalDate to = p.has("to") ? LocalDate.parse(text(p, "to")) : null;
            if (!day.isBefore(from) && (to == null || !day.isAfter(to))
                    && (best == null || rank(p) < rank(best))) {
                best = p;
            }
        }
        return best;
    }

    private static int rank(JsonObject position) {
        return List.of("PRINCIPAL", "DEPUTY", "SUPERVISOR", "STAFF").indexOf(text(position, "leadership"));
    }

    public JsonObject addFinding(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String text = required(request, "text", "/text");
        if (text.length() > 20_000) {
            throw invalid("/text", "a finding has at most 20,000 characters");
        }
        return write(caller, caseId, (em, c) -> {
            FindingEntity finding = new FindingEntity();
            finding.id = Uuids.v7();
            finding.caseId = c.id;
            finding.track = track;
            finding.text = text;
            finding.addedBy = caller.username();
            finding.addedAt = clock.millis();
            em.persist(finding);
            audit.append(em, caller.username(), "CASE_FINDING_ADDED", c.id, detail("findingId", finding.id, "track", track));
        });
    }

    // ---- evidence links ----------------------------------------------------------------------

    /** A user's own proposal: {@code {"track","evidenceType","evidenceId","role","reason"}}. */
    public JsonObject proposeLink(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String type = required(request, "evidenceType", "/evidenceType");
        if (!EVIDENCE_TYPES.contains(type)) {
            throw invalid("/evidenceType", "evidence is one of " + EVIDENCE_TYPES);
        }
        String evidenceId = uuid(required(request, "evidenceId", "/evidenceId"), "/evidenceId");
        String role = required(request, "role", "/role");
        String reason = required(request, "reason", "/reason");
        if (role.length() > 40 || reason.length() > 2000) {
            throw invalid("/reason", "a role has at most 40 characters, a reason 2,000");
        }
        return write(caller, caseId, (em, c) -> {
            requireEvidence(em, type, evidenceId);
            if (linked(em, c.id, track, evidenceId)) {
                throw new FieldsyncException(ErrorCode.DUPLICATE_ID, "/evidenceId", "this evidence is on the " + track + " track already");
            }
            LinkEntity link = link(c.id, track, type, evidenceId, role, reason, false, caller.username());
            em.persist(link);
            audit.append(em, caller.username(), "LINK_PROPOSED", c.id, detail("linkId", link.id, "evidenceId", evidenceId));
        });
    }

    /** Confirms or rejects a proposed link; a rejection gives its reason and stays visible. */
    public JsonObject decideLink(Caller caller, String caseId, String linkId, boolean confirm, String reason) {
        if (!confirm && (reason == null || reason.isBlank())) {
            throw invalid("/reason", "a rejection says why (reason)");
        }
        if (reason != null && reason.length() > 2000) {
            throw invalid("/reason", "a reason has at most 2,000 characters");
        }
        return write(caller, caseId, (em, c) -> {
            LinkEntity link = em.find(LinkEntity.class, linkId == null ? "" : linkId);
            if (link == null || !link.caseId.equals(c.id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no link " + linkId + " in case " + c.number);
            }
            if (!link.state.equals("PROPOSED")) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/state",
                        "the link was " + link.state.toLowerCase() + " by " + link.decidedBy + " already");
            }
            link.state = confirm ? "CONFIRMED" : "REJECTED";
            link.decidedBy = caller.username();
            link.decidedAt = clock.millis();
            link.decisionReason = reason;
            if (confirm) {
                cn.fieldsync.server.record.StoredRecord linkRecord = store.insert(em, Scope.ALL, RecordType.EVIDENCE_LINK,
                        link.id, linkRecord(c, link));
                // every stored version has its entry with the SHA-256 of its body (AuditVerifier checks)
                JsonObject created = new JsonObject();
                created.addProperty("type", RecordType.EVIDENCE_LINK.wireName());
                audit.append(em, caller.username(), "RECORD_CREATED", link.id,
                        AuditLog.content(created, linkRecord.version(), linkRecord.deleted(), linkRecord.body()));
                // the evidence now reaches, at their next pull, those who have the case in scope
                store.touch(em, link.evidenceId);
            }
            audit.append(em, caller.username(), confirm ? "LINK_CONFIRMED" : "LINK_REJECTED", c.id,
                    detail("linkId", link.id, "evidenceId", link.evidenceId));
        });
    }

    /** The record a confirmed link becomes (schemas/evidence-link.schema.json). */
    private static JsonObject linkRecord(CaseEntity c, LinkEntity link) {
        JsonObject body = new JsonObject();
        body.addProperty("caseId", c.id);
        body.addProperty("caseNumber", c.number);
        body.addProperty("caseTitle", c.title);
        body.addProperty("track", link.track);
        body.addProperty("evidenceType", link.evidenceType);
        body.addProperty("evidenceId", link.evidenceId);
        body.addProperty("role", link.role);
        body.addProperty("reason", link.reason.length() > 4000 ? link.reason.substring(0, 4000) : link.reason);
        body.addProperty("aggravating", link.aggravating);
        body.addProperty("confirmedBy", link.decidedBy);
        body.addProperty("confirmedAt", Instant.ofEpochMilli(link.decidedAt).toString());
        return body;
    }

    /**
     * Runs the engine again for the open cases about (or supervised by) these units: evidence
     * synced in after a case was opened is proposed then. Returns how many links were proposed.
     */
    public int evidenceArrived(Set<String> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        try {
            // nearly every push arrives while no case of its units is open: one read finds that out,
            // and only a push that concerns an open case pays for a writing transaction
            List<String> concerned = database.read(em -> {
                List<CaseEntity> open = em.createQuery("SELECT c FROM CaseEntity c WHERE c.status = 'OPEN'", CaseEntity.class)
                        .getResultList();
                Set<String> unitIds = open.isEmpty() ? Set.of() : unitsOf(em, recordIds);
                return open.stream().filter(c -> unitIds.contains(c.subjectUnitId)
                        || (c.supervisingUnitId != null && unitIds.contains(c.supervisingUnitId))).map(c -> c.id).toList();
            });
            if (concerned.isEmpty()) {
                return 0;
            }
            return database.inTransaction(em -> {
                int added = 0;
                for (String id : concerned) {
                    added += propose(em, em.find(CaseEntity.class, id));
                }
                return added;
            });
        } catch (RuntimeException e) {
            // the evidence itself is stored already; a failed proposal run is retried by the next sync or by hand
            LOG.log(Level.WARNING, "the evidence engine failed after a sync; run POST /api/cases/{id}/propose", e);
            return 0;
        }
    }

    /** The units the records belong to; a person belongs to the units of every post in their history. */
    private static Set<String> unitsOf(EntityManager em, Set<String> recordIds) {
        Set<String> units = new HashSet<>();
        List<String> ids = new ArrayList<>(recordIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                in.append(i == 0 ? "?" : ",?").append(i + 1);
            }
            var query = em.createNativeQuery("SELECT record_type, unit_id, body FROM record WHERE id IN (" + in + ")");
            for (int i = 0; i < chunk.size(); i++) {
                query.setParameter(i + 1, chunk.get(i));
            }
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                if (r[1] != null) {
                    units.add((String) r[1]);
                }
                if ("person".equals(r[0])) {
                    for (JsonElement p : json((String) r[2]).getAsJsonArray("positions")) {
                        units.add(text(p.getAsJsonObject(), "unitId"));
                    }
                }
            }
        }
        return units;
    }

    /** Runs the engine for one case by hand. */
    public JsonObject proposeAgain(Caller caller, String caseId) {
        return write(caller, caseId, (em, c) -> propose(em, c));
    }

    private int propose(EntityManager em, CaseEntity c) {
        EvidenceProposals.Case facts = new EvidenceProposals.Case(c.subjectUnitId, c.supervisingUnitId, LocalDate.parse(c.eventDay),
                c.windowMonths);
        EvidenceFeed.Facts read = feed.read(em, facts);
        int added = 0;
        for (EvidenceProposals.Proposal p : EvidenceProposals.propose(facts, read.posts(), read.inspections(), read.hazards(),
                read.pledges(), read.warnings())) {
            String type = p.evidenceType().equals("warning") ? "action" : p.evidenceType();
            if (!linked(em, c.id, p.track().name(), p.evidenceId())) {
                em.persist(link(c.id, p.track().name(), type, p.evidenceId(), p.role(), p.reason(), p.aggravating(), "SYSTEM"));
                added++;
            }
        }
        return added;
    }

    private static boolean linked(EntityManager em, String caseId, String track, String evidenceId) {
        em.flush(); // proposals persisted earlier in this transaction count
        return !em.createNativeQuery("SELECT id FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND evidence_id = ?3")
                .setParameter(1, caseId).setParameter(2, track).setParameter(3, evidenceId).getResultList().isEmpty();
    }

    private LinkEntity link(String caseId, String track, String type, String evidenceId, String role, String reason,
                            boolean aggravating, String by) {
        LinkEntity link = new LinkEntity();
        link.id = Uuids.v7();
        link.caseId = caseId;
        link.track = track;
        link.evidenceType = type;
        link.evidenceId = evidenceId;
        link.role = role;
        link.reason = reason;
        link.aggravating = aggravating;
        link.proposedBy = by;
        link.proposedAt = clock.millis();
        link.state = "PROPOSED";
        return link;
    }

    private static void requireEvidence(EntityManager em, String type, String id) {
        String sql = switch (type) {
            case "action" -> "SELECT id FROM accountability_action WHERE id = ?1";
            case "case" -> "SELECT id FROM case_file WHERE id = ?1";
            default -> "SELECT id FROM record WHERE id = ?1 AND record_type = '" + type + "'";
        };
        if (em.createNativeQuery(sql).setParameter(1, id).getResultList().isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/evidenceId", "no " + type + " " + id);
        }
    }

    /** The records confirmed as evidence of a case, for its bundle. */
    public List<String> confirmedRecords(Caller caller, String caseId) {
        return database.read(em -> {
            CaseEntity c = visible(em, caller, caseId);
            List<String> ids = new ArrayList<>();
            for (Object id : em.createNativeQuery("SELECT DISTINCT evidence_id FROM evidence_link WHERE case_id = ?1 AND state = 'CONFIRMED' "
                    + "AND evidence_type IN ('inspection', 'hazard', 'pledge', 'attachment') ORDER BY evidence_id").setParameter(1, c.id)
                    .getResultList()) {
                ids.add((String) id);
            }
            return ids;
        });
    }

    // ---- accountability actions ----------------------------------------------------------------

    /**
     * Proposes an action: {@code {"track","personId" or "targetUnitId","form":{"category","kind","subKind"?}}}.
     */
    public JsonObject proposeAction(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
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
            throw invalid("/personId", "an action is aimed at a person (personId) or at a unit (targetUnitId)");
        }
        if (personId != null) {
            uuid(personId, "/personId");
        } else {
            uuid(unitId, "/targetUnitId");
        }
        return write(caller, caseId, (em, c) -> {
            requireEvidence(em, personId != null ? "person" : "unit", personId != null ? personId : unitId);
            ActionEntity action = new ActionEntity();
            action.id = Uuids.v7();
            action.caseId = c.id;
            action.track = track;
            action.personId = personId;
            action.targetUnitId = unitId;
            action.category = form.category().name();
            action.kind = form.kind();
            action.subKind = form.subKind();
            action.state = ProcedureStep.PROPOSED.name();
            action.steps = "[]";
            action.proposedBy = caller.username();
            action.proposedAt = clock.millis();
            addStep(action, ProcedureStep.PROPOSED, today(), caller.username(), null);
            em.persist(action);
            audit.append(em, caller.username(), "ACTION_PROPOSED", c.id, detail("actionId", action.id, "form", form.label()));
        });
    }

    /**
     * Takes the next step of an action's procedure: {@code {"to","on"?,"statementDeadline"?,
     * "statementReceived"?,"decisionKnownOn"?,"reviewDecisionOn"?,"influenceMonths"?,"exemption"?:{"reason","evidenceIds"}}}.
     * The rules ({@link AccountabilityProcedure}) say whether it may be taken.
     */
    public JsonObject step(Caller caller, String caseId, String actionId, JsonObject request) {
        ProcedureStep to;
        try {
            to = ProcedureStep.valueOf(required(request, "to", "/to"));
        } catch (IllegalArgumentException e) {
            throw invalid("/to", "to is one of " + Arrays.toString(ProcedureStep.values()));
        }
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        return write(caller, caseId, (em, c) -> {
            ActionEntity action = em.find(ActionEntity.class, actionId == null ? "" : actionId);
            if (action == null || !action.caseId.equals(c.id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no action " + actionId + " in case " + c.number);
            }
            ProcedureStep from = ProcedureStep.valueOf(action.state);
            if (to == ProcedureStep.NOTIFIED) {
                action.statementDeadline = date(required(request, "statementDeadline", "/statementDeadline"), "/statementDeadline").toString();
            }
            if (request.has("statementReceived")) {
                action.statementReceived = bool(request, "statementReceived");
            }
            if (to == ProcedureStep.DECIDED) {
                action.decidedOn = on.toString();
                action.decisionKnownOn = request.has("decisionKnownOn") ? date(text(request, "decisionKnownOn"), "/decisionKnownOn").toString()
                        : on.toString();
            }
            if (to == ProcedureStep.APPEALED && from == ProcedureStep.REVIEW_REQUESTED) {
                action.reviewDecisionOn = date(required(request, "reviewDecisionOn", "/reviewDecisionOn"), "/reviewDecisionOn").toString();
            }
            JsonObject exemption = request.has("exemption") ? object(request, "exemption") : null;
            if (exemption != null) {
                List<String> evidence = new ArrayList<>();
                JsonElement ids = exemption.get("evidenceIds");
                if (ids != null && ids.isJsonArray()) {
                    ids.getAsJsonArray().forEach(e -> evidence.add(e.isJsonPrimitive() ? e.getAsString() : ""));
                }
                try {
                    new AccountabilityProcedure.Exemption(text(exemption, "reason"), evidence);
                } catch (IllegalArgumentException e) {
                    throw invalid("/exemption", e.getMessage() + " (尽职免责)");
                }
                for (String id : evidence) {
                    if (!linkedConfirmed(em, c.id, id)) {
                        throw invalid("/exemption/evidenceIds", "an exemption rests on confirmed evidence of this case; " + id + " is not");
                    }
                }
                action.exemption = exemption.toString();
            }
            AccountabilityProcedure.TrackFacts facts = new AccountabilityProcedure.TrackFacts(
                    count(em, "SELECT COUNT(*) FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND state = 'CONFIRMED'", c.id, action.track),
                    count(em, "SELECT COUNT(*) FROM case_finding WHERE case_id = ?1 AND track = ?2", c.id, action.track));
            AccountabilityProcedure.Step step = new AccountabilityProcedure.Step(on,
                    action.statementDeadline == null ? on : LocalDate.parse(action.statementDeadline), action.statementReceived,
                    action.decisionKnownOn == null ? on : LocalDate.parse(action.decisionKnownOn),
                    action.reviewDecisionOn == null ? on : LocalDate.parse(action.reviewDecisionOn));
            AccountabilityProcedure.check(from, to, facts, step).ifPresent(refusal -> {
                throw new FieldsyncException(to == ProcedureStep.DECIDED && refusal.startsWith("investigate first")
                        ? ErrorCode.INVESTIGATE_FIRST : ErrorCode.ILLEGAL_TRANSITION, "/to", refusal);
            });
            if (to == ProcedureStep.DECIDED) {
                influence(em, action, request, on);
            }
            action.state = to.name();
            addStep(action, to, on, caller.username(), request);
            audit.append(em, caller.username(), "ACTION_" + to.name(), c.id, detail("actionId", action.id, "on", on.toString()));
        });
    }

    /**
     * A government sanction's influence period from the decision day; several of one kind for
     * one person in the case run together (art 15): between one period and the sum, at most 48
     * months — {@code influenceMonths} chooses within, the sum (capped) by default.
     */
    private static void influence(EntityManager em, ActionEntity action, JsonObject request, LocalDate effective) {
        if (!action.category.equals("GOVERNMENT_SANCTION") || action.exemption != null) {
            return;
        }
        GovernmentSanction sanction = GovernmentSanction.valueOf(action.kind);
        if (sanction.influenceMonths().isEmpty()) {
            return;
        }
        int sameKind = 1 + count(em, "SELECT COUNT(*) FROM accountability_action WHERE case_id = ?1 AND person_id = ?2 "
                + "AND kind = ?3 AND category = 'GOVERNMENT_SANCTION' AND id <> ?4 AND decided_on IS NOT NULL",
                action.caseId, action.personId, action.kind, action.id);
        int[] bounds = sanction.combinedMonthsBounds(sameKind);
        int months = bounds[1];
        if (request.has("influenceMonths")) {
            JsonElement given = request.get("influenceMonths");
            if (!given.isJsonPrimitive() || !given.getAsJsonPrimitive().isNumber()) {
                throw invalid("/influenceMonths", "influenceMonths is a number of months");
            }
            months = given.getAsInt();
        }
        if (months < bounds[0] || months > bounds[1]) {
            throw invalid("/influenceMonths", "for " + sameKind + " sanction(s) of this kind the period is " + bounds[0] + " to "
                    + bounds[1] + " months (政务处分法 art 15)");
        }
        action.influenceMonths = months;
        action.influenceEnds = sanction.combinedInfluenceEnds(effective, sameKind, months).toString();
    }

    private static boolean linkedConfirmed(EntityManager em, String caseId, String evidenceId) {
        return !em.createNativeQuery("SELECT id FROM evidence_link WHERE case_id = ?1 AND evidence_id = ?2 AND state = 'CONFIRMED'")
                .setParameter(1, caseId).setParameter(2, evidenceId).getResultList().isEmpty();
    }

    private static void addStep(ActionEntity action, ProcedureStep step, LocalDate on, String by, JsonObject request) {
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

    // ---- checklist, deadlines, closing -----------------------------------------------------------

    /** {@code {"item":"CAUSE_ESTABLISHED","done":true,"note":"..."}}. */
    public JsonObject checklist(Caller caller, String caseId, JsonObject request) {
        CloseOutChecklist.Item item;
        try {
            item = CloseOutChecklist.Item.valueOf(required(request, "item", "/item"));
        } catch (IllegalArgumentException e) {
            throw invalid("/item", "the item is one of " + Arrays.toString(CloseOutChecklist.Item.values()));
        }
        boolean done = !request.has("done") || bool(request, "done");
        return write(caller, caseId, (em, c) -> {
            JsonObject list = json(c.checklist);
            JsonObject entry = new JsonObject();
            entry.addProperty("done", done);
            entry.addProperty("by", caller.username());
            entry.addProperty("at", Instant.ofEpochMilli(clock.millis()).toString());
            if (text(request, "note") != null) {
                entry.addProperty("note", text(request, "note"));
            }
            list.add(item.name(), entry);
            c.checklist = list.toString();
            audit.append(em, caller.username(), "CASE_CHECKLIST", c.id, detail("item", item.name(), "done", String.valueOf(done)));
        });
    }

    public JsonObject close(Caller caller, String caseId) {
        return write(caller, caseId, (em, c) -> {
            Set<CloseOutChecklist.Item> open = CloseOutChecklist.open(done(c));
            if (!open.isEmpty()) {
                throw new FieldsyncException(ErrorCode.CASE_NOT_CLOSABLE, "/checklist",
                        "四不放过: the case cannot close while these are open: " + open);
            }
            c.status = "CLOSED";
            c.closedAt = clock.millis();
            audit.append(em, caller.username(), "CASE_CLOSED", c.id, detail("number", c.number, "by", caller.username()));
        });
    }

    /** The one extension of the investigation report, at most 60 days: {@code {"days":30}}. */
    public JsonObject extendReport(Caller caller, String caseId, JsonObject request) {
        int days = request.has("days") && request.get("days").isJsonPrimitive() ? request.get("days").getAsInt() : -1;
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            if (c.reportExtension != 0) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/days", "the report was extended once already (art 29 allows one)");
            }
            if (days < 1 || days > AccidentDeadlines.REPORT_EXTENSION_MAX_DAYS) {
                throw invalid("/days", "the extension is 1 to 60 days");
            }
            c.reportExtension = days;
            audit.append(em, caller.username(), "CASE_REPORT_EXTENDED", c.id, detail("days", String.valueOf(days)));
        });
    }

    /** {@code {"on":"2026-12-20"}}: the investigation report is in; the reply deadline runs from it. */
    public JsonObject reportSubmitted(Caller caller, String caseId, JsonObject request) {
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            c.reportSubmitted = on.toString();
            audit.append(em, caller.username(), "CASE_REPORT_SUBMITTED", c.id, detail("on", on.toString()));
        });
    }

    private static void requireAccident(CaseEntity c) {
        if (!c.eventKind.equals("ACCIDENT")) {
            throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/event/kind", "only accident cases have an investigation report");
        }
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private interface Change {
        void apply(EntityManager em, CaseEntity c);
    }

    /** A change by a reviewer or an administrator to an open case the caller may see; answers the case. */
    private JsonObject write(Caller caller, String caseId, Change change) {
        if (!caller.is(Role.REVIEWER) && !caller.is(Role.ADMIN)) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, null, "cases are worked on by reviewers");
        }
        return database.inTransaction(em -> {
            CaseEntity c = visible(em, caller, caseId);
            if (c.status.equals("CLOSED")) {
                throw new FieldsyncException(ErrorCode.CASE_CLOSED, null, "case " + c.number + " is closed");
            }
            change.apply(em, c);
            return view(em, c);
        });
    }

    private CaseEntity visible(EntityManager em, Caller caller, String id) {
        CaseEntity c = id == null || !Uuids.isCanonical(id) ? null : em.find(CaseEntity.class, id);
        if (c == null || !canSee(caller, c)) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no case " + id);
        }
        return c;
    }

    private static boolean canSee(Caller caller, CaseEntity c) {
        return caller.scope().seesCase(c.id, c.jurisdiction) || Arrays.asList(c.investigators.split(",")).contains(caller.username());
    }

    private JsonObject summary(CaseEntity c) {
        JsonObject json = new JsonObject();
        json.addProperty("id", c.id);
        json.addProperty("number", c.number);
        json.addProperty("title", c.title);
        json.addProperty("status", c.status);
        json.addProperty("subjectUnitId", c.subjectUnitId);
        if (c.supervisingUnitId != null) {
            json.addProperty("supervisingUnitId", c.supervisingUnitId);
        }
        json.addProperty("jurisdiction", c.jurisdiction);
        JsonObject event = new JsonObject();
        event.addProperty("kind", c.eventKind);
        event.addProperty("at", Instant.ofEpochMilli(c.eventAt).atZone(zone).toOffsetDateTime().toString());
        if (c.deaths != null) {
            event.addProperty("deaths", c.deaths);
            event.addProperty("seriousInjuries", c.seriousInjuries);
            event.addProperty("directLossCny", new BigDecimal(c.directLossCny));
        }
        if (c.description != null) {
            event.addProperty("description", c.description);
        }
        json.add("event", event);
        if (c.grade != null) {
            json.addProperty("grade", c.grade);
        }
        JsonArray investigators = new JsonArray();
        Arrays.stream(c.investigators.split(",")).filter(s -> !s.isEmpty()).forEach(investigators::add);
        json.add("investigators", investigators);
        json.addProperty("openedBy", c.openedBy);
        json.addProperty("openedAt", Instant.ofEpochMilli(c.openedAt).toString());
        if (c.closedAt != null) {
            json.addProperty("closedAt", Instant.ofEpochMilli(c.closedAt).toString());
        }
        boolean overdue = false;
        if (c.eventKind.equals("ACCIDENT")) {
            JsonObject deadlines = new JsonObject();
            LocalDate reportDue = AccidentDeadlines.reportDue(LocalDate.parse(c.eventDay), c.reportExtension);
            boolean reportOverdue = c.status.equals("OPEN") && AccidentDeadlines.overdue(reportDue, c.reportSubmitted != null, today());
            deadlines.addProperty("reportDue", reportDue.toString());
            deadlines.addProperty("reportExtensionDays", c.reportExtension);
            deadlines.addProperty("reportOverdue", reportOverdue);
            if (c.reportSubmitted != null) {
                deadlines.addProperty("reportSubmitted", c.reportSubmitted);
                LocalDate replyDue = AccidentDeadlines.replyDue(LocalDate.parse(c.reportSubmitted), AccidentGrade.valueOf(c.grade), c.replyExtension);
                deadlines.addProperty("replyDue", replyDue.toString());
                boolean replyOverdue = c.status.equals("OPEN") && AccidentDeadlines.overdue(replyDue, false, today());
                deadlines.addProperty("replyOverdue", replyOverdue);
                overdue = replyOverdue;
            }
            overdue |= reportOverdue;
            json.add("deadlines", deadlines);
        }
        json.addProperty("overdue", overdue);
        return json;
    }

    private JsonObject view(EntityManager em, CaseEntity c) {
        if (em.getTransaction().isActive()) {
            em.flush(); // the JPQL reads below see what this transaction wrote
        }
        JsonObject json = summary(c);
        JsonObject checklist = json(c.checklist);
        JsonObject items = new JsonObject();
        for (CloseOutChecklist.Item item : CloseOutChecklist.Item.values()) {
            JsonObject entry = checklist.has(item.name()) ? checklist.getAsJsonObject(item.name()) : new JsonObject();
            if (!entry.has("done")) {
                entry.addProperty("done", false);
            }
            items.add(item.name(), entry);
        }
        json.add("checklist", items);
        json.addProperty("closable", CloseOutChecklist.canClose(done(c)));
        JsonObject tracks = new JsonObject();
        for (String track : TRACKS) {
            JsonObject t = new JsonObject();
            t.add("parties", parties(em, c.id, track));
            t.add("findings", findings(em, c.id, track));
            t.add("links", links(em, c.id, track));
            t.add("actions", actions(em, c.id, track));
            tracks.add(track, t);
        }
        json.add("tracks", tracks);
        return json;
    }

    private static Set<CloseOutChecklist.Item> done(CaseEntity c) {
        JsonObject list = json(c.checklist);
        Set<CloseOutChecklist.Item> done = EnumSet.noneOf(CloseOutChecklist.Item.class);
        for (CloseOutChecklist.Item item : CloseOutChecklist.Item.values()) {
            if (list.has(item.name()) && list.getAsJsonObject(item.name()).get("done").getAsBoolean()) {
                done.add(item);
            }
        }
        return done;
    }

    /** The rows of one kind (parties, findings, links, actions) on one track of a case, oldest first. */
    private static <T> List<T> onTrack(EntityManager em, Class<T> type, String caseId, String track) {
        return em.createQuery("SELECT e FROM " + type.getSimpleName() + " e WHERE e.caseId = :c AND e.track = :t ORDER BY e.id", type)
                .setParameter("c", caseId).setParameter("t", track).getResultList();
    }

    private static JsonArray parties(EntityManager em, String caseId, String track) {
        JsonArray array = new JsonArray();
        for (PartyEntity p : onTrack(em, PartyEntity.class, caseId, track)) {
            JsonObject json = new JsonObject();
            json.addProperty("id", p.id);
            json.addProperty("personId", p.personId);
            json.addProperty("name", p.name);
            if (p.unitId != null) {
                json.addProperty("unitId", p.unitId);
            }
            if (p.post != null) {
                json.addProperty("postAtEvent", p.post);
            }
            json.addProperty("responsibility", p.responsibility);
            json.addProperty("addedBy", p.addedBy);
            array.add(json);
        }
        return array;
    }

    private static JsonArray findings(EntityManager em, String caseId, String track) {
        JsonArray array = new JsonArray();
        for (FindingEntity f : onTrack(em, FindingEntity.class, caseId, track)) {
            JsonObject json = new JsonObject();
            json.addProperty("id", f.id);
            json.addProperty("text", f.text);
            json.addProperty("addedBy", f.addedBy);
            json.addProperty("addedAt", Instant.ofEpochMilli(f.addedAt).toString());
            array.add(json);
        }
        return array;
    }

    private static JsonArray links(EntityManager em, String caseId, String track) {
        JsonArray array = new JsonArray();
        for (LinkEntity l : onTrack(em, LinkEntity.class, caseId, track)) {
            JsonObject json = new JsonObject();
            json.addProperty("id", l.id);
            json.addProperty("evidenceType", l.evidenceType);
            json.addProperty("evidenceId", l.evidenceId);
            json.addProperty("role", l.role);
            json.addProperty("reason", l.reason);
            json.addProperty("aggravating", l.aggravating);
            json.addProperty("proposedBy", l.proposedBy);
            json.addProperty("proposedAt", Instant.ofEpochMilli(l.proposedAt).toString());
            json.addProperty("state", l.state);
            if (l.decidedBy != null) {
                json.addProperty("decidedBy", l.decidedBy);
                json.addProperty("decidedAt", Instant.ofEpochMilli(l.decidedAt).toString());
            }
            if (l.decisionReason != null) {
                json.addProperty("decisionReason", l.decisionReason);
            }
            array.add(json);
        }
        return array;
    }

    private static JsonArray actions(EntityManager em, String caseId, String track) {
        JsonArray array = new JsonArray();
        for (ActionEntity a : onTrack(em, ActionEntity.class, caseId, track)) {
            AccountabilityForm form = new AccountabilityForm(AccountabilityForm.Category.valueOf(a.category), a.kind, a.subKind);
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
            json.add("form", formJson);
            json.addProperty("state", a.state);
            JsonObject deadlines = new JsonObject();
            if (a.statementDeadline != null) {
                deadlines.addProperty("statement", a.statementDeadline);
            }
            if (a.decisionKnownOn != null) {
                LocalDate known = LocalDate.parse(a.decisionKnownOn);
                deadlines.addProperty("reviewRequest", ReviewDeadlines.lastDayToRequestReview(known).toString());
                deadlines.addProperty("directAppeal", ReviewDeadlines.lastDayToAppealDirectly(known).toString());
            }
            if (a.reviewDecisionOn != null) {
                deadlines.addProperty("appealAfterReview", ReviewDeadlines.lastDayToAppealAfterReview(LocalDate.parse(a.reviewDecisionOn)).toString());
            }
            json.add("deadlines", deadlines);
            if (a.decidedOn != null) {
                json.addProperty("decidedOn", a.decidedOn);
            }
            if (a.influenceMonths != null) {
                json.addProperty("influenceMonths", a.influenceMonths);
                json.addProperty("influenceEnds", a.influenceEnds);
            }
            if (a.exemption != null) {
                json.add("exemption", json(a.exemption));
            }
            json.add("steps", array(a.steps));
            json.addProperty("proposedBy", a.proposedBy);
            array.add(json);
        }
        return array;
    }

    private List<String> investigators(JsonObject request) {
        JsonElement list = request.get("investigators");
        List<String> names = new ArrayList<>();
        if (list != null) {
            if (!list.isJsonArray() || list.getAsJsonArray().size() > 50) {
                throw invalid("/investigators", "investigators is an array of at most 50 user names");
            }
            for (int i = 0; i < list.getAsJsonArray().size(); i++) {
                JsonElement e = list.getAsJsonArray().get(i);
                String name = e.isJsonPrimitive() ? e.getAsString() : "";
                if (!name.matches("[a-z][a-z0-9._-]{1,63}")) {
                    throw invalid("/investigators/" + i, "an investigator is a user name");
                }
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        Set<String> unknown = new HashSet<>(names);
        database.read(em -> {
            for (String name : names) {
                if (em.find(cn.fieldsync.server.identity.UserEntity.class, name) != null) {
                    unknown.remove(name);
                }
            }
            return null;
        });
        if (!unknown.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/investigators", "no users " + unknown);
        }
        return names;
    }

    private static String[] unitPlace(EntityManager em, String unitId, String field) {
        List<?> rows = em.createNativeQuery("SELECT jurisdiction FROM record WHERE id = ?1 AND record_type = 'unit' AND deleted = ?2")
                .setParameter(1, unitId).setParameter(2, false).getResultList();
        if (rows.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, field, "no unit " + unitId);
        }
        return new String[] {(String) rows.getFirst()};
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private static int count(EntityManager em, String sql, Object... params) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return ((Number) query.getSingleResult()).intValue();
    }

    private static String track(JsonObject request) {
        String track = required(request, "track", "/track");
        if (!TRACKS.contains(track)) {
            throw invalid("/track", "the track is DIRECT (直接责任) or LEADERSHIP (主体/领导/监督责任)");
        }
        return track;
    }

    private static JsonObject object(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonObject()) {
            throw invalid("/" + name, name + " is an object");
        }
        return e.getAsJsonObject();
    }

    private static String required(JsonObject o, String name, String field) {
        String value = text(o, name);
        if (value == null || value.isBlank()) {
            throw invalid(field, name + " is required");
        }
        return value;
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid("/" + name, name + " is true or false");
        }
        return e.getAsBoolean();
    }

    private static int count(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null) {
            return 0;
        }
        try {
            int n = e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
            if (n >= 0 && n <= 1_000_000) {
                return n;
            }
        } catch (RuntimeException ignored) {
            // refused below
        }
        throw invalid("/event/" + name, name + " is a whole number, 0 or more");
    }

    private static BigDecimal money(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal amount = e.getAsJsonPrimitive().getAsBigDecimal();
            if (amount.signum() >= 0 && amount.compareTo(new BigDecimal("1e15")) < 0) {
                return amount;
            }
        } catch (RuntimeException ignored) {
            // refused below
        }
        throw invalid("/event/" + name, name + " is an amount in CNY, 0 or more");
    }

    private static String uuid(String value, String field) {
        if (!Uuids.isCanonical(value)) {
            throw invalid(field, "not a UUID: " + value);
        }
        return value;
    }

    private static OffsetDateTime dateTime(String value, String field) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "a date-time with its offset, e.g. 2026-11-20T09:30:00+08:00");
        }
    }

    private static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "a date, e.g. 2026-11-20");
        }
    }

    private static FieldsyncException invalid(String field, String message) {
        return new FieldsyncException(ErrorCode.INVALID_CASE, field, message);
    }

    private static JsonObject detail(String... pairs) {
        JsonObject detail = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            detail.addProperty(pairs[i], pairs[i + 1]);
        }
        return detail;
    }

    private static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }

    private static JsonArray array(String text) {
        try {
            return StrictJson.parse(text).getAsJsonArray();
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }
}
