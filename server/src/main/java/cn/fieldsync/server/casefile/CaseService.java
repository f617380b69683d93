package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.accountability.PeriodRules;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.RecordStore;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Cases (案件) and their two tracks (一案双查), the one entry the rest of the server uses. A thin
 * facade: it wires the case classes to one clock, zone, audit log and period rules, and passes each
 * call on — opening and numbering ({@link CaseOpening}), reading ({@link CaseQueries}), parties and
 * findings ({@link PartiesAndFindings}), evidence links and the engine ({@link EvidenceLinks},
 * {@link EvidenceEngine}), investigators and reach ({@link CaseTeam}), accountability actions and
 * their procedure ({@link ActionProposals}, {@link ActionSteps}), 四不放过 and closing
 * ({@link CloseOut}), the accident's facts ({@link AccidentRecords}); every change runs through
 * {@link CaseAccess} and answers the case as {@link CaseView} renders it. It stays one object so
 * that the resources, the document service, the demo data and the push listeners are given one
 * thing built once, rather than eleven that must be built alike. The legal rules are the plain
 * classes of {@code cn.fieldsync.domain}. Thread-safe: no state beyond its parts, which keep none.
 */
public final class CaseService {

    /** The two tracks of 一案双查: DIRECT (直接责任) and LEADERSHIP (主体/领导/监管/监督责任). */
    public static final List<String> TRACKS = List.of("DIRECT", "LEADERSHIP");

    private final CaseAccess access;
    private final CaseOpening opening;
    private final CaseQueries queries;
    private final PartiesAndFindings parties;
    private final EvidenceLinks links;
    private final EvidenceEngine engine;
    private final CaseTeam team;
    private final ActionProposals actions;
    private final ActionSteps steps;
    private final CloseOut closeOut;
    private final AccidentRecords accidents;

    /**
     * @param numberPattern the case number, with {year} and {seq} (the case's number within its year)
     * @param windowMonths  how far before the event the engine looks (12 by default)
     */
    public CaseService(Database database, RecordStore store, Clock clock, ZoneId zone, String numberPattern, int windowMonths) {
        this(database, store, clock, zone, CaseNumbers.of(numberPattern), windowMonths, PeriodRules.DEFAULT);
    }

    /**
     * @param numbers how cases are numbered, per county on a server of several ({@link CaseNumbers})
     * @param periods how the deadlines of remedies are counted (民法典 arts 201–203 by default; configurable)
     */
    public CaseService(Database database, RecordStore store, Clock clock, ZoneId zone, CaseNumbers numbers, int windowMonths,
                       PeriodRules periods) {
        AuditLog audit = new AuditLog(clock);
        CaseReach reach = new CaseReach(audit, clock);
        // the accident's records change the case through CaseAccess, which renders through CaseView, which
        // shows the accident's facts: the writer is reached when called, after all three exist
        this.accidents = new AccidentRecords(this::writeForAccident, clock, zone, audit);
        CaseView view = new CaseView(clock, zone, accidents, new ActionView(periods));
        this.access = new CaseAccess(database, clock, zone, view);
        this.queries = new CaseQueries(access, view);
        this.links = new EvidenceLinks(access, reach, store, audit, clock);
        this.engine = new EvidenceEngine(access, reach, links, new EvidenceFeed(zone));
        this.opening = new CaseOpening(access, view, engine, reach, audit, clock, zone, numbers, windowMonths);
        this.parties = new PartiesAndFindings(access, reach, audit, clock);
        this.team = new CaseTeam(access, reach);
        this.actions = new ActionProposals(access, reach, accidents, audit, clock);
        this.steps = new ActionSteps(access, periods, audit);
        this.closeOut = new CloseOut(access, accidents, audit, clock);
    }

    private CaseDtos.Detail writeForAccident(Caller caller, String caseId, CaseAccess.Change change) {
        return access.write(caller, caseId, change);
    }

    // ---- opening and reading ------------------------------------------------------------------

    /** See {@link CaseOpening#open}. */
    public CaseDtos.Detail open(Caller caller, JsonObject request) {
        return opening.open(caller, request);
    }

    /** See {@link CaseQueries#get}. */
    public CaseDtos.Detail get(Caller caller, String id) {
        return queries.get(caller, id);
    }

    /** See {@link CaseQueries#list}. */
    public CaseDtos.CaseList list(Caller caller, String status, String grade, String jurisdiction, Boolean overdue, int limit) {
        return queries.list(caller, status, grade, jurisdiction, overdue, limit);
    }

    // ---- parties and findings ------------------------------------------------------------------

    /** See {@link PartiesAndFindings#addParty}. */
    public CaseDtos.Detail addParty(Caller caller, String caseId, JsonObject request) {
        return parties.addParty(caller, caseId, request);
    }

    /** See {@link PartiesAndFindings#addFinding}. */
    public CaseDtos.Detail addFinding(Caller caller, String caseId, JsonObject request) {
        return parties.addFinding(caller, caseId, request);
    }

    // ---- evidence links, the engine, investigators and reach -------------------------------------

    /** See {@link EvidenceLinks#proposeLink}. */
    public CaseDtos.Detail proposeLink(Caller caller, String caseId, JsonObject request) {
        return links.proposeLink(caller, caseId, request);
    }

    /** See {@link EvidenceLinks#decideLink}. */
    public CaseDtos.Detail decideLink(Caller caller, String caseId, String linkId, boolean confirm, String reason) {
        return links.decideLink(caller, caseId, linkId, confirm, reason);
    }

    /** See {@link EvidenceLinks#confirmedRecords}. */
    public List<String> confirmedRecords(Caller caller, String caseId) {
        return links.confirmedRecords(caller, caseId);
    }

    /** See {@link EvidenceLinks#confirmedOutsideReach}: id → record type. */
    public java.util.Map<String, String> confirmedOutsideReach(Caller caller, String caseId) {
        return links.confirmedOutsideReach(caller, caseId);
    }

    /** See {@link EvidenceEngine#evidenceArrived}; never throws (a failed run is logged). */
    public int evidenceArrived(Set<String> recordIds) {
        return engine.evidenceArrived(recordIds);
    }

    /** See {@link EvidenceEngine#proposeAgain}. */
    public CaseDtos.Detail proposeAgain(Caller caller, String caseId) {
        return engine.proposeAgain(caller, caseId);
    }

    /** See {@link CaseTeam#setInvestigators}. */
    public CaseDtos.Detail setInvestigators(Caller caller, String caseId, JsonObject request) {
        return team.setInvestigators(caller, caseId, request);
    }

    /** See {@link CaseTeam#grantReach}. */
    public CaseDtos.Detail grantReach(Caller caller, String caseId, JsonObject request) {
        return team.grantReach(caller, caseId, request);
    }

    /** See {@link CaseTeam#revokeReach}. */
    public CaseDtos.Detail revokeReach(Caller caller, String caseId, String code) {
        return team.revokeReach(caller, caseId, code);
    }

    // ---- accountability actions ----------------------------------------------------------------

    /** See {@link ActionProposals#proposeAction}. */
    public CaseDtos.Detail proposeAction(Caller caller, String caseId, JsonObject request) {
        return actions.proposeAction(caller, caseId, request);
    }

    /** See {@link ActionSteps#step}. */
    public CaseDtos.Detail step(Caller caller, String caseId, String actionId, JsonObject request) {
        return steps.step(caller, caseId, actionId, request);
    }

    // ---- checklist and closing -----------------------------------------------------------------

    /** See {@link CloseOut#checklist}. */
    public CaseDtos.Detail checklist(Caller caller, String caseId, JsonObject request) {
        return closeOut.checklist(caller, caseId, request);
    }

    /** See {@link CloseOut#close}. */
    public CaseDtos.Detail close(Caller caller, String caseId) {
        return closeOut.close(caller, caseId);
    }

    // ---- accident facts, education, evaluation (AccidentRecords) ---------------------------------

    /** See {@link AccidentRecords#reportSubmitted}. */
    public CaseDtos.Detail reportSubmitted(Caller caller, String caseId, JsonObject request) {
        return accidents.reportSubmitted(caller, caseId, request);
    }

    /** See {@link AccidentRecords#replyReceived}. */
    public CaseDtos.Detail replyReceived(Caller caller, String caseId, JsonObject request) {
        return accidents.replyReceived(caller, caseId, request);
    }

    /** See {@link AccidentRecords#extendReply}. */
    public CaseDtos.Detail extendReply(Caller caller, String caseId, JsonObject request) {
        return accidents.extendReply(caller, caseId, request);
    }

    /** See {@link AccidentRecords#casualtiesChanged}. */
    public CaseDtos.Detail casualtiesChanged(Caller caller, String caseId, JsonObject request) {
        return accidents.casualtiesChanged(caller, caseId, request);
    }

    /** See {@link AccidentRecords#markReporting}. */
    public CaseDtos.Detail markReporting(Caller caller, String caseId, JsonObject request) {
        return accidents.markReporting(caller, caseId, request);
    }

    /** See {@link AccidentRecords#reportTimes}. */
    public CaseDtos.Detail reportTimes(Caller caller, String caseId, JsonObject request) {
        return accidents.reportTimes(caller, caseId, request);
    }

    /** See {@link AccidentRecords#setNature}. */
    public CaseDtos.Detail setNature(Caller caller, String caseId, JsonObject request) {
        return accidents.setNature(caller, caseId, request);
    }

    /** See {@link AccidentRecords#recordEducation}. */
    public CaseDtos.Detail recordEducation(Caller caller, String caseId, JsonObject request) {
        return accidents.recordEducation(caller, caseId, request);
    }

    /** See {@link AccidentRecords#scheduleEvaluation}. */
    public CaseDtos.Detail scheduleEvaluation(Caller caller, String caseId, JsonObject request) {
        return accidents.scheduleEvaluation(caller, caseId, request);
    }

    /** See {@link AccidentRecords#extendReport}. */
    public CaseDtos.Detail extendReport(Caller caller, String caseId, JsonObject request) {
        return accidents.extendReport(caller, caseId, request);
    }
}
