package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.persistence.Numbering;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * Opening a case (立案): the request checked, the accident graded on the figures its first report
 * gives (生产安全事故报告和调查处理条例 arts 3 and 12), the number taken from the year's counter
 * (the year the case is filed, not the year of the event), the reach set and the evidence engine
 * run at once. A number is never reused: it is taken inside the transaction that stores the case.
 */
final class CaseOpening {

    private static final List<String> EVENT_KINDS = List.of("ACCIDENT", "VIOLATION", "COMPLAINT", "INSPECTION_FINDING");
    /** What only an accident has (生产安全事故报告和调查处理条例 arts 3, 9, 12, 13): sent with another event, it was dropped. */
    private static final List<String> ACCIDENT_ONLY = List.of("deaths", "seriousInjuries", "directLossCny", "missing", "poisoned",
            "sector", "nature", "knownAt", "reportedAt");

    private final CaseAccess access;
    private final CaseView view;
    private final EvidenceEngine engine;
    private final CaseReach reach;
    private final CaseFacts facts;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    private final CaseNumbers numbers;
    private final int windowMonths;

    /**
     * @param numbers      how cases are numbered, per county on a server of several
     * @param windowMonths how far before the event the engine looks (12 by default)
     */
    CaseOpening(CaseAccess access, CaseView view, EvidenceEngine engine, CaseReach reach, AuditLog audit, Clock clock,
                ZoneId zone, CaseNumbers numbers, int windowMonths) {
        this.access = access;
        this.view = view;
        this.engine = engine;
        this.reach = reach;
        this.facts = new CaseFacts(zone);
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
        this.numbers = numbers;
        this.windowMonths = windowMonths;
    }

    /**
     * Opens a case: {@code {"title","subjectUnitId","supervisingUnitId"?,"investigators":[..],
     * "event":{"kind","at","deaths","seriousInjuries","directLossCny","description"}}}. The number
     * is assigned here; the evidence engine runs at once.
     */
    CaseDtos.Detail open(Caller caller, JsonObject request) {
        JsonObject event = object(request, "event");
        String kind = required(event, "kind", "/event/kind");
        if (!EVENT_KINDS.contains(kind)) {
            throw notOneOf("/event/kind", "eventKinds", EVENT_KINDS);
        }
        if (!kind.equals("ACCIDENT")) {
            for (String member : ACCIDENT_ONLY) {
                if (event.has(member) && !event.get(member).isJsonNull()) {
                    throw invalid("/event/" + member, Labels.say("caseAccidentOnly", fieldName(member), member,
                            Labels.name("eventKinds", kind)));
                }
            }
        }
        OffsetDateTime at = dateTime(required(event, "at", "/event/at"), "/event/at");
        LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
        if (day.isAfter(access.today())) {
            throw invalid("/event/at", Labels.say("caseDayInFuture", fieldName("/event/at"), day, access.today()));
        }
        // later today is the future too (a tester opened an accident of 23:30 at 14:55); a device's clock
        // may run a little ahead, as for the times recorded on site (RecordChecks.ALLOWED_CLOCK_SKEW)
        java.time.Instant now = clock.instant();
        if (at.toInstant().isAfter(now.plus(cn.fieldsync.schemas.RecordChecks.ALLOWED_CLOCK_SKEW))) {
            throw invalid("/event/at", Labels.say("caseTimeInFuture", fieldName("/event/at"),
                    at.atZoneSameInstant(zone).toLocalTime().withNano(0), now.atZone(zone).toLocalTime().withSecond(0).withNano(0)));
        }
        String title = required(request, "title", "/title");
        if (title.length() > 200) {
            throw tooLong("/title", 200, title);
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
                    throw invalid("/event/" + figure, Labels.say("caseAccidentFigures", fieldName(figure), figure));
                }
            }
            c.deaths = count(event, "deaths", "/event/deaths");
            c.seriousInjuries = count(event, "seriousInjuries", "/event/seriousInjuries");
            BigDecimal loss = money(event, "directLossCny", "/event/directLossCny");
            c.directLossCny = loss.toPlainString();
            c.grade = CaseFacts.grade(c.deaths, c.seriousInjuries, loss, caseFacts).name();
        }
        c.facts = caseFacts.toString();
        List<String> investigators = CaseJson.investigators(request);
        List<String> granted = CaseReach.requested(caller, request);
        c.status = "OPEN";
        c.checklist = "{}";
        c.windowMonths = windowMonths;
        c.openedBy = caller.username();
        c.openedAt = clock.millis();
        // the case number takes the year the case is filed (立案), not the year of the event
        c.year = access.today().getYear();
        return openAs(caller, c, unitId, supervisingId, granted, investigators);
    }

    private CaseDtos.Detail openAs(Caller caller, CaseEntity c, String unitId, String supervisingId, List<String> granted,
                                   List<String> investigators) {
        return access.database().inTransaction(em -> {
            // what decides the county's sequence is read first; then the number, before anything is
            // written (lock order: counter, audit head, change sequence — see Numbering): two cases
            // opened at once wait for each other on the counter instead of taking the same number
            CaseReach.requireSubject(em, caller, unitId);
            String jurisdiction = CaseLookups.jurisdiction(em, unitId, "/subjectUnitId");
            String pattern = numbers.patternFor(jurisdiction).orElseThrow(() -> new FieldsyncException(ErrorCode.INVALID_CASE,
                    "/subjectUnitId", Labels.say("caseCountyNotNumbered", String.valueOf(jurisdiction))));
            Numbering.Numbered number = Numbering.nextUnused(em, numbers.counter(jurisdiction), c.year,
                    seq -> CaseNumbers.number(pattern, c.year, seq), text -> CaseLookups.numberTaken(em, text));
            c.seqInYear = number.seq();
            c.number = number.text();
            c.numberCounty = numbers.sequence(jurisdiction);
            if (supervisingId != null) {
                CaseLookups.jurisdiction(em, supervisingId, "/supervisingUnitId");
            }
            for (String supervisor : CaseFacts.supervisorIds(json(c.facts))) {
                CaseLookups.jurisdiction(em, supervisor, "/supervisors");
            }
            c.jurisdiction = jurisdiction;
            if (!caller.scope().sees(c.jurisdiction, null, unitId)) {
                throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/subjectUnitId",
                        Labels.say("caseUnitOutOfScope"));
            }
            // the investigators see the case and its confirmed evidence within its reach; no user's scope changes
            reach.opened(em, caller, c, supervisingId, CaseFacts.supervisorIds(json(c.facts)), granted, investigators);
            em.persist(c);
            em.flush(); // the case row first: its investigators' rows refer to it
            CaseInvestigators.replace(em, c.id, investigators);
            JsonObject detail = new JsonObject();
            detail.addProperty("number", c.number);
            detail.addProperty("subjectUnitId", unitId);
            audit.append(em, caller.username(), "CASE_OPENED", c.id, detail);
            engine.propose(em, c);
            return view.view(em, c);
        });
    }
}
