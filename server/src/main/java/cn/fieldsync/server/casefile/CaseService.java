package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.accountability.AccountabilityForm;
import cn.fieldsync.domain.accountability.AccountabilityProcedure;
import cn.fieldsync.domain.accountability.GovernmentSanction;
import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.domain.accountability.ProcedureStep;
import cn.fieldsync.domain.accountability.RemedyRoute;
import cn.fieldsync.domain.accountability.SanctionExecution;
import cn.fieldsync.domain.casefile.AccidentDeadlines;
import cn.fieldsync.domain.casefile.AccidentReporting;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import cn.fieldsync.domain.casefile.EvidenceProposals;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Numbering;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.ActionView.decidedSanctions;
import static cn.fieldsync.server.casefile.ActionView.form;
import static cn.fieldsync.server.casefile.ActionView.lastStepOn;
import static cn.fieldsync.server.casefile.ActionView.onTrack;
import static cn.fieldsync.server.casefile.ActionView.route;
import static cn.fieldsync.server.casefile.AccidentRecords.facts;
import static cn.fieldsync.server.casefile.AccidentRecords.notBefore;
import static cn.fieldsync.server.casefile.CaseJson.*;

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
    /**
     * DIRECT 直接责任, PRIMARY 主体责任, LEADERSHIP 领导责任, SUPERVISORY 监管责任 (the regulator's
     * duty over the unit, 安全生产法 art 10), OVERSIGHT 监督责任 (the commission's or party
     * organisation's duty over the regulator) — 监管 and 监督 are different duties of different bodies.
     */
    private static final List<String> RESPONSIBILITIES = List.of("DIRECT", "PRIMARY", "LEADERSHIP", "SUPERVISORY", "OVERSIGHT");
    private static final List<String> EVIDENCE_TYPES = List.of("inspection", "hazard", "pledge", "attachment", "action", "case");

    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final String numberPattern;
    private final int windowMonths;
    private final EvidenceFeed feed;
    private final AuditLog audit;
    private final RecordStore store;
    private final PeriodRules periods;
    private final CaseFacts facts;
    private final ActionView actionView;
    private final AccidentRecords accidents;
    private final CaseReach reach;

    /**
     * @param numberPattern the case number, with {year} and {seq} (the case's number within its year)
     * @param windowMonths  how far before the event the engine looks (12 by default)
     */
    public CaseService(Database database, RecordStore store, Clock clock, ZoneId zone, String numberPattern, int windowMonths) {
        this(database, store, clock, zone, numberPattern, windowMonths, PeriodRules.DEFAULT);
    }

    /** @param periods how the deadlines of remedies are counted (民法典 arts 201–203 by default; configurable) */
    public CaseService(Database database, RecordStore store, Clock clock, ZoneId zone, String numberPattern, int windowMonths,
                       PeriodRules periods) {
        this.periods = periods;
        this.facts = new CaseFacts(zone);
        this.actionView = new ActionView(periods);
        this.store = store;
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.numberPattern = numberPattern;
        this.windowMonths = windowMonths;
        this.feed = new EvidenceFeed(zone);
        this.audit = new AuditLog(clock);
        this.accidents = new AccidentRecords(this::write, clock, zone, audit);
        this.reach = new CaseReach(audit, clock);
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
        JsonObject caseFacts = facts.opening(request, event, kind, at);
        if (kind.equals("ACCIDENT")) {
            // 493号令 art 12(四): the first report gives the casualties (with the missing) and the
            // estimated direct loss, so an accident is opened with all three figures, 0 included;
            // an accident with none is refused rather than graded 一般 on figures nobody gave
            for (String figure : List.of("deaths", "seriousInjuries", "directLossCny")) {
                if (!event.has(figure)) {
                    throw invalid("/event/" + figure, "an accident gives deaths, seriousInjuries and directLossCny (0 when none; "
                            + "生产安全事故报告和调查处理条例第12条), so that its grade (art 3) is not guessed");
                }
            }
            c.deaths = count(event, "deaths");
            c.seriousInjuries = count(event, "seriousInjuries");
            BigDecimal loss = money(event, "directLossCny");
            c.directLossCny = loss.toPlainString();
            c.grade = CaseFacts.grade(c.deaths, c.seriousInjuries, loss, caseFacts).name();
        }
        c.facts = caseFacts.toString();
        c.investigators = String.join(",", investigators(request));
        List<String> granted = CaseReach.requested(caller, request);
        c.status = "OPEN";
        c.checklist = "{}";
        c.windowMonths = windowMonths;
        c.openedBy = caller.username();
        c.openedAt = clock.millis();
        // the case number takes the year the case is filed (立案), not the year of the event
        c.year = today().getYear();
        return openAs(caller, c, unitId, supervisingId, granted);
    }

    private JsonObject openAs(Caller caller, CaseEntity c, String unitId, String supervisingId, List<String> granted) {
        return database.inTransaction(em -> {
            // the number first (lock order: counter, audit head, change sequence — see Numbering); two
            // cases opened at once wait for each other here instead of taking the same number
            c.seqInYear = Numbering.next(em, "case", c.year);
            CaseReach.requireSubject(em, caller, unitId);
            String[] place = unitPlace(em, unitId, "/subjectUnitId");
            if (supervisingId != null) {
                unitPlace(em, supervisingId, "/supervisingUnitId");
            }
            for (String supervisor : CaseFacts.supervisorIds(json(c.facts))) {
                unitPlace(em, supervisor, "/supervisors");
            }
            c.jurisdiction = place[0];
            if (!caller.scope().sees(c.jurisdiction, null, unitId)) {
                throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/subjectUnitId",
                        "the unit is outside your jurisdictions; a case about it is opened by someone who sees it");
            }
            c.number = numberPattern.replace("{year}", String.valueOf(c.year)).replace("{seq}", String.valueOf(c.seqInYear));
            // the investigators see the case and its confirmed evidence within its reach; no user's scope changes
            reach.opened(em, caller, c, supervisingId, CaseFacts.supervisorIds(json(c.facts)), granted);
            em.persist(c);
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
            reach.require(em, caller, c, "person", personId, "/personId");
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

    /**
     * A finding on a track: {@code {"track","text","personIds"?:[..]}}; the persons it names are
     * investigated for the purpose of 先调查后问责.
     */
    public JsonObject addFinding(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String text = required(request, "text", "/text");
        if (text.length() > 20_000) {
            throw invalid("/text", "a finding has at most 20,000 characters");
        }
        JsonArray personIds = new JsonArray();
        JsonElement named = request.get("personIds");
        if (named != null) {
            if (!named.isJsonArray() || named.getAsJsonArray().size() > 100) {
                throw invalid("/personIds", "personIds is an array of at most 100 person ids");
            }
            for (JsonElement e : named.getAsJsonArray()) {
                personIds.add(uuid(e.isJsonPrimitive() ? e.getAsString() : "", "/personIds"));
            }
        }
        return write(caller, caseId, (em, c) -> {
            for (JsonElement id : personIds) {
                targetBody(em, "person", id.getAsString());
            }
            FindingEntity finding = new FindingEntity();
            finding.id = Uuids.v7();
            finding.caseId = c.id;
            finding.track = track;
            finding.text = text;
            finding.personIds = personIds.isEmpty() ? null : personIds.toString();
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
            reach.require(em, caller, c, type, evidenceId, "/evidenceId");
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
                reach.require(em, caller, c, link.evidenceType, link.evidenceId, "/evidenceId");
                StoredRecord linkRecord = store.insert(em, Scope.ALL, RecordType.EVIDENCE_LINK,
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
                        || (c.supervisingUnitId != null && unitIds.contains(c.supervisingUnitId))
                        || CaseFacts.supervisorIds(facts(c)).stream().anyMatch(unitIds::contains)).map(c -> c.id).toList();
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

    /** {@code {"investigators":["name",..]}}: replaces the case's investigators (see {@link CaseReach}). */
    public JsonObject setInvestigators(Caller caller, String caseId, JsonObject request) {
        List<String> names = investigators(request);
        return write(caller, caseId, (em, c) -> reach.setInvestigators(em, caller, c, names));
    }

    /** {@code {"jurisdictions":["370602"]}}: an administrator extends the case's reach (audited). */
    public JsonObject grantReach(Caller caller, String caseId, JsonObject request) {
        CaseReach.requireAdmin(caller);
        return write(caller, caseId, (em, c) -> reach.grant(em, caller, c, request));
    }

    /** An administrator takes back a granted division code (audited). */
    public JsonObject revokeReach(Caller caller, String caseId, String code) {
        CaseReach.requireAdmin(caller);
        return write(caller, caseId, (em, c) -> reach.revoke(em, caller, c, code));
    }

    /** Runs the engine for one case by hand. */
    public JsonObject proposeAgain(Caller caller, String caseId) {
        return write(caller, caseId, (em, c) -> propose(em, c));
    }

    private int propose(EntityManager em, CaseEntity c) {
        EvidenceProposals.Case facts = new EvidenceProposals.Case(c.subjectUnitId, c.supervisingUnitId, LocalDate.parse(c.eventDay),
                c.windowMonths, CaseFacts.supervisorIds(facts(c)));
        EvidenceFeed.Facts read = reach.filter(em, c, feed.read(em, facts));
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
            return CaseReach.within(em, c, ids);
        });
    }

    // ---- accountability actions ----------------------------------------------------------------

    /** The kinds of body that decide an action; the remedy route of a 政务处分 depends on it. */
    private static final List<String> DECIDING_BODIES = List.of("SUPERVISORY_ORGAN", "APPOINTING_ORGAN", "PARTY_ORGAN", "OTHER");

    /**
     * Proposes an action: {@code {"track","personId" or "targetUnitId","on"?,"form":{"category","kind","subKind"?},
     * "decidingBody"?:{"kind":"SUPERVISORY_ORGAN"|"APPOINTING_ORGAN"|"PARTY_ORGAN"|"OTHER","name"}}}.
     * The form must fit its target ({@link AccountabilityForm#refuseTarget}): 政务处分 only against a
     * person recorded as 公职人员, 党纪处分 only against a 党员, 改组 and 检查 only against a 党组织,
     * 诫勉 only against a person — else {@code action_target}.
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
        JsonObject body = request.has("decidingBody") ? decidingBody(request) : null;
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        return write(caller, caseId, (em, c) -> {
            reach.require(em, caller, c, personId != null ? "person" : "unit", personId != null ? personId : unitId,
                    personId != null ? "/personId" : "/targetUnitId");
            notBefore(on, LocalDate.parse(c.eventDay), "/on", "an action in this case cannot be proposed before its event");
            accidents.notFuture(on, "/on");
            JsonObject target = targetBody(em, personId != null ? "person" : "unit", personId != null ? personId : unitId);
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
            addStep(action, ProcedureStep.PROPOSED, on, caller.username(), null);
            em.persist(action);
            audit.append(em, caller.username(), "ACTION_PROPOSED", c.id, detail("actionId", action.id, "form", form.label()));
        });
    }

    private static JsonObject decidingBody(JsonObject request) {
        JsonObject body = object(request, "decidingBody");
        String kind = text(body, "kind");
        if (!DECIDING_BODIES.contains(kind)) {
            throw invalid("/decidingBody/kind", "the deciding body is one of " + DECIDING_BODIES + " (监察机关, 任免机关, 党组织, other)");
        }
        String name = required(body, "name", "/decidingBody/name");
        if (name.length() > 200) {
            throw invalid("/decidingBody/name", "a name has at most 200 characters");
        }
        JsonObject clean = new JsonObject();
        clean.addProperty("kind", kind);
        clean.addProperty("name", name);
        return clean;
    }

    private static JsonObject targetBody(EntityManager em, String type, String id) {
        List<?> rows = em.createNativeQuery("SELECT body FROM record WHERE id = ?1 AND record_type = ?2 AND deleted = ?3")
                .setParameter(1, id).setParameter(2, type).setParameter(3, false).getResultList();
        if (rows.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, type.equals("person") ? "/personId" : "/targetUnitId", "no " + type + " " + id);
        }
        return json((String) rows.getFirst());
    }

    /** The steps a closed case still takes: a remedy lodged in time, and the decision standing (四不放过 does not end them). */
    private static final Set<ProcedureStep> REMEDY_STEPS = EnumSet.of(ProcedureStep.REVIEW_REQUESTED, ProcedureStep.APPEALED, ProcedureStep.FINAL);

    /**
     * Takes the next step of an action's procedure: {@code {"to","on"?,"statementDeadline"?,
     * "statementReceived"?,"decisionKnownOn"?,"reviewDecisionOn"?,"influenceMonths"?,"decidingBody"?,
     * "exemption"?:{"reason","evidenceIds"},"note"?}}. The rules ({@link AccountabilityProcedure},
     * {@link RemedyRoute}) say whether it may be taken; a closed case still takes remedy steps.
     * Errors: {@code illegal_transition} (order, or out of time), {@code investigate_first},
     * {@code date_out_of_order}, {@code case_closed}.
     */
    public JsonObject step(Caller caller, String caseId, String actionId, JsonObject request) {
        ProcedureStep to;
        try {
            to = ProcedureStep.valueOf(required(request, "to", "/to"));
        } catch (IllegalArgumentException e) {
            throw invalid("/to", "to is one of " + Arrays.toString(ProcedureStep.values()));
        }
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        JsonObject body = request.has("decidingBody") ? decidingBody(request) : null;
        if (request.has("exemption") && to != ProcedureStep.EXEMPTED) {
            throw invalid("/exemption", "an exemption (尽职免责) is its own step: {\"to\":\"EXEMPTED\",\"exemption\":{...}}");
        }
        return write(caller, caseId, REMEDY_STEPS.contains(to), (em, c) -> {
            ActionEntity action = em.find(ActionEntity.class, actionId == null ? "" : actionId);
            if (action == null || !action.caseId.equals(c.id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no action " + actionId + " in case " + c.number);
            }
            ProcedureStep from = ProcedureStep.valueOf(action.state);
            AccountabilityForm form = form(action);
            if (body != null) {
                if (from != ProcedureStep.PROPOSED && from != ProcedureStep.NOTIFIED) {
                    throw invalid("/decidingBody", "the deciding body is named before the decision");
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
                    throw invalid("/decidingBody", "a 政务处分 names who decides it (decidingBody: 监察机关 SUPERVISORY_ORGAN or "
                            + "任免机关 APPOINTING_ORGAN): the remedy route depends on it (监察法第56条 / 公务员法第95条)");
                }
                if (route == RemedyRoute.APPOINTING_ORGAN && action.personId != null
                        && !flag(targetBody(em, "person", action.personId), "civilServant")) {
                    // 公务员法 arts 95–96 are a civil servant's remedies; another 公职人员 sanctioned by the body
                    // that employs them has other rules, which this server does not compute
                    throw new FieldsyncException(ErrorCode.ACTION_TARGET, "/decidingBody", "the 任免机关 route (公务员法第95–96条) is for a "
                            + "公务员; this person is not recorded as one (civilServant)");
                }
            }
            LocalDate reviewRequested = action.reviewRequestedOn == null ? null : LocalDate.parse(action.reviewRequestedOn);
            LocalDate reviewDecision = action.reviewDecisionOn == null ? null : LocalDate.parse(action.reviewDecisionOn);
            if (from == ProcedureStep.REVIEW_REQUESTED && (to == ProcedureStep.APPEALED || to == ProcedureStep.FINAL)) {
                if (request.has("reviewDecisionOn")) {
                    reviewDecision = date(text(request, "reviewDecisionOn"), "/reviewDecisionOn");
                } else if (to == ProcedureStep.APPEALED) {
                    throw invalid("/reviewDecisionOn", "when did the person receive the " + route.firstLevel().orElse("") + " decision (reviewDecisionOn)?");
                }
            }
            if (to == ProcedureStep.EXEMPTED) {
                action.exemption = exemption(em, c, action, request).toString();
            }
            boolean investigated = action.personId == null || personInvestigated(em, c.id, action.track, action.personId);
            AccountabilityProcedure.TrackFacts trackFacts = new AccountabilityProcedure.TrackFacts(
                    count(em, "SELECT COUNT(*) FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND state = 'CONFIRMED'", c.id, action.track),
                    count(em, "SELECT COUNT(*) FROM case_finding WHERE case_id = ?1 AND track = ?2", c.id, action.track), investigated);
            AccountabilityProcedure.Step step = new AccountabilityProcedure.Step(on, today(), LocalDate.parse(c.eventDay),
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
            throw invalid("/exemption", e.getMessage() + " (尽职免责)");
        }
        for (String id : evidence) {
            if (em.createNativeQuery("SELECT id FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND evidence_id = ?3 AND state = 'CONFIRMED'")
                    .setParameter(1, c.id).setParameter(2, action.track).setParameter(3, id).getResultList().isEmpty()) {
                throw invalid("/exemption/evidenceIds", "an exemption rests on confirmed evidence of this case on the action's own track ("
                        + action.track + "); " + id + " is not");
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
            return;
        }
        Integer chosen = null;
        if (request.has("influenceMonths")) {
            JsonElement given = request.get("influenceMonths");
            if (!given.isJsonPrimitive() || !given.getAsJsonPrimitive().isNumber()) {
                throw invalid("/influenceMonths", "influenceMonths is a number of months");
            }
            chosen = given.getAsInt();
        }
        action.influenceMonths = chosen;
        List<SanctionExecution.Decided> decided = new ArrayList<>(decidedSanctions(em, action.caseId, action.personId, action.id));
        decided.add(new SanctionExecution.Decided(action.id, GovernmentSanction.valueOf(action.kind), effective, chosen));
        try {
            SanctionExecution.Execution execution = SanctionExecution.of(decided, periods);
            if (chosen != null && !execution.executedIds().contains(action.id)) {
                throw invalid("/influenceMonths", "this sanction is not executed (政务处分法第15条: 执行其中最重的政务处分 — "
                        + execution.executed().name() + "), so it has no period to choose");
            }
        } catch (IllegalArgumentException e) {
            throw invalid("/influenceMonths", e.getMessage());
        }
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

    /**
     * Closes the case when every item of 四不放过 is ticked and backed by its facts
     * ({@link CloseOutChecklist#unmet}); else {@code case_not_closable} naming what is lacking.
     */
    public JsonObject close(Caller caller, String caseId) {
        return write(caller, caseId, (em, c) -> {
            CloseOutChecklist.Facts closeFacts = accidents.closeFacts(em, c);
            Set<CloseOutChecklist.Item> open = CloseOutChecklist.open(done(c), closeFacts);
            if (!open.isEmpty()) {
                StringBuilder lacks = new StringBuilder();
                CloseOutChecklist.unmet(closeFacts).forEach((item, list) -> {
                    if (!list.isEmpty()) {
                        lacks.append("; ").append(item).append(": ").append(String.join("，", list));
                    }
                });
                throw new FieldsyncException(ErrorCode.CASE_NOT_CLOSABLE, "/checklist",
                        "四不放过: the case cannot close while these are open: " + open + lacks);
            }
            c.status = "CLOSED";
            c.closedAt = clock.millis();
            audit.append(em, caller.username(), "CASE_CLOSED", c.id, detail("number", c.number, "by", caller.username()));
        });
    }

    // ---- accident facts, education, evaluation (AccidentRecords) ---------------------------------

    /** See {@link AccidentRecords#reportSubmitted}. */
    public JsonObject reportSubmitted(Caller caller, String caseId, JsonObject request) {
        return accidents.reportSubmitted(caller, caseId, request);
    }

    /** See {@link AccidentRecords#replyReceived}. */
    public JsonObject replyReceived(Caller caller, String caseId, JsonObject request) {
        return accidents.replyReceived(caller, caseId, request);
    }

    /** See {@link AccidentRecords#extendReply}. */
    public JsonObject extendReply(Caller caller, String caseId, JsonObject request) {
        return accidents.extendReply(caller, caseId, request);
    }

    /** See {@link AccidentRecords#casualtiesChanged}. */
    public JsonObject casualtiesChanged(Caller caller, String caseId, JsonObject request) {
        return accidents.casualtiesChanged(caller, caseId, request);
    }

    /** See {@link AccidentRecords#markReporting}. */
    public JsonObject markReporting(Caller caller, String caseId, JsonObject request) {
        return accidents.markReporting(caller, caseId, request);
    }

    /** See {@link AccidentRecords#reportTimes}. */
    public JsonObject reportTimes(Caller caller, String caseId, JsonObject request) {
        return accidents.reportTimes(caller, caseId, request);
    }

    /** See {@link AccidentRecords#setNature}. */
    public JsonObject setNature(Caller caller, String caseId, JsonObject request) {
        return accidents.setNature(caller, caseId, request);
    }

    /** See {@link AccidentRecords#recordEducation}. */
    public JsonObject recordEducation(Caller caller, String caseId, JsonObject request) {
        return accidents.recordEducation(caller, caseId, request);
    }

    /** See {@link AccidentRecords#scheduleEvaluation}. */
    public JsonObject scheduleEvaluation(Caller caller, String caseId, JsonObject request) {
        return accidents.scheduleEvaluation(caller, caseId, request);
    }

    /** See {@link AccidentRecords#extendReport}. */
    public JsonObject extendReport(Caller caller, String caseId, JsonObject request) {
        return accidents.extendReport(caller, caseId, request);
    }

    // ---- plumbing --------------------------------------------------------------------------------

    interface Change {
        void apply(EntityManager em, CaseEntity c);
    }

    /** A change by a reviewer or an administrator to an open case the caller may see; answers the case. */
    private JsonObject write(Caller caller, String caseId, Change change) {
        return write(caller, caseId, false, change);
    }

    /** @param evenClosed the change is one a closed case still takes (a remedy lodged in time) */
    private JsonObject write(Caller caller, String caseId, boolean evenClosed, Change change) {
        if (!caller.is(Role.REVIEWER) && !caller.is(Role.ADMIN)) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, null, "cases are worked on by reviewers");
        }
        return database.inTransaction(em -> {
            CaseEntity c = visible(em, caller, caseId);
            if (c.status.equals("CLOSED") && !evenClosed) {
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
            JsonObject f = facts(c);
            JsonObject basis = new JsonObject();
            basis.addProperty("reportDue", "事故发生之日起60日" + (c.reportExtension > 0 ? "，延长" + c.reportExtension + "日" : "")
                    + "（生产安全事故报告和调查处理条例第29条）");
            if (c.reportSubmitted != null) {
                deadlines.addProperty("reportSubmitted", c.reportSubmitted);
                AccidentReporting.daysLate(reportDue, LocalDate.parse(c.reportSubmitted))
                        .ifPresent(days -> deadlines.addProperty("reportLateDays", days));
                AccidentGrade grade = AccidentGrade.valueOf(c.grade);
                LocalDate replyDue = AccidentDeadlines.replyDue(LocalDate.parse(c.reportSubmitted), grade, c.replyExtension);
                deadlines.addProperty("replyDue", replyDue.toString());
                deadlines.addProperty("replyExtensionDays", c.replyExtension);
                basis.addProperty("replyDue", "收到调查报告之日起" + (grade == AccidentGrade.EXTRAORDINARY ? "30日" : "15日")
                        + (c.replyExtension > 0 ? "，延长" + c.replyExtension + "日" : "") + "（第32条）");
                JsonObject reply = f.has("reply") ? f.getAsJsonObject("reply") : null;
                if (reply != null) {
                    deadlines.addProperty("replied", reply.get("on").getAsString());
                    AccidentReporting.daysLate(replyDue, LocalDate.parse(reply.get("on").getAsString()))
                            .ifPresent(days -> deadlines.addProperty("replyLateDays", days));
                }
                boolean replyOverdue = c.status.equals("OPEN") && AccidentDeadlines.overdue(replyDue, reply != null, today());
                deadlines.addProperty("replyOverdue", replyOverdue);
                overdue = replyOverdue;
            }
            deadlines.add("basis", basis);
            overdue |= reportOverdue;
            json.add("deadlines", deadlines);
            accidents.accidentFacts(c, f, event);
        }
        json.addProperty("overdue", overdue);
        if (c.facts != null && json(c.facts).has("supervisors")) {
            json.add("supervisors", json(c.facts).getAsJsonArray("supervisors"));
        }
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
        CloseOutChecklist.Facts closeFacts = accidents.closeFacts(em, c);
        CloseOutChecklist.unmet(closeFacts).forEach((item, lacks) -> {
            JsonArray list = new JsonArray();
            lacks.forEach(list::add);
            items.getAsJsonObject(item.name()).add("lacking", list);
        });
        json.add("checklist", items);
        json.add("reach", CaseReach.view(em, c));
        json.addProperty("closable", CloseOutChecklist.canClose(done(c), closeFacts));
        JsonObject f = facts(c);
        for (String name : List.of("education", "evaluation")) {
            if (f.has(name)) {
                json.add(name, f.get(name));
            }
        }
        JsonObject tracks = new JsonObject();
        for (String track : TRACKS) {
            JsonObject t = new JsonObject();
            t.add("parties", parties(em, c.id, track));
            t.add("findings", findings(em, c.id, track));
            t.add("links", links(em, c.id, track));
            t.add("actions", actionView.actions(em, c.id, track));
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
            if (f.personIds != null) {
                json.add("personIds", array(f.personIds));
            }
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
        // whether they exist, and whether the caller may name them, is CaseReach's (one answer for both)
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

    private static String track(JsonObject request) {
        String track = required(request, "track", "/track");
        if (!TRACKS.contains(track)) {
            throw invalid("/track", "the track is DIRECT (直接责任) or LEADERSHIP (主体/领导/监督责任)");
        }
        return track;
    }

}
