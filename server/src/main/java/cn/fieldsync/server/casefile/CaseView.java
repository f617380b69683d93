package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.casefile.AccidentDeadlines;
import cn.fieldsync.domain.casefile.AccidentReporting;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import cn.fieldsync.server.casefile.dto.CaseDtos;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.AccidentRecords.facts;
import static cn.fieldsync.server.casefile.ActionView.onTrack;
import static cn.fieldsync.server.casefile.CaseJson.array;
import static cn.fieldsync.server.casefile.CaseJson.json;

/**
 * A case as the API shows it ({@link CaseDtos}): the summary a list gives (number, event, grade,
 * the accident's deadlines of 生产安全事故报告和调查处理条例 arts 29 and 32 with why, its report
 * times of art 9) and the whole case every change answers (the 四不放过 checklist with what each
 * item lacks, the reach, both tracks with their parties, findings, links and actions). Reads only;
 * deadlines are computed on each read from the stored facts and today, never stored, so a changed
 * rule shows at once.
 */
final class CaseView {

    private final Clock clock;
    private final ZoneId zone;
    private final AccidentRecords accidents;
    private final ActionView actionView;

    CaseView(Clock clock, ZoneId zone, AccidentRecords accidents, ActionView actionView) {
        this.clock = clock;
        this.zone = zone;
        this.accidents = accidents;
        this.actionView = actionView;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The case as a list shows it; its {@code overdue} counts an accident's report or reply past its day. */
    CaseDtos.Summary summary(CaseEntity c, List<String> investigators) {
        JsonObject f = facts(c);
        boolean accident = c.eventKind.equals("ACCIDENT");
        CaseDtos.AccidentDeadlines deadlines = accident ? deadlines(c, f) : null;
        boolean overdue = deadlines != null && (deadlines.reportOverdue() || Boolean.TRUE.equals(deadlines.replyOverdue()));
        return new CaseDtos.Summary(c.id, c.number, c.title, c.status, c.subjectUnitId, c.supervisingUnitId, c.jurisdiction,
                event(c, f, accident), c.grade, investigators, c.openedBy, Instant.ofEpochMilli(c.openedAt).toString(),
                c.closedAt == null ? null : Instant.ofEpochMilli(c.closedAt).toString(), deadlines, overdue,
                f.has("supervisors") ? f.getAsJsonArray("supervisors") : null);
    }

    private CaseDtos.Event event(CaseEntity c, JsonObject f, boolean accident) {
        // RFC 3339 always writes the seconds (OffsetDateTime.toString leaves out ":00")
        String at = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(c.eventAt).atZone(zone).toOffsetDateTime());
        Integer deaths = c.deaths;
        Integer seriousInjuries = c.deaths == null ? null : c.seriousInjuries;
        BigDecimal loss = c.deaths == null ? null : new BigDecimal(c.directLossCny);
        if (!accident) {
            return new CaseDtos.Event(c.eventKind, at, deaths, seriousInjuries, loss, c.description, null, null, null, null, null, null,
                    null, null, null, null, null, null);
        }
        CaseDtos.ReportTimeliness timeliness = null;
        if (f.has("knownAt") && f.has("reportedAt")) {
            // art 9: the unit's head reports within one hour of knowing
            Instant known = OffsetDateTime.parse(f.get("knownAt").getAsString()).toInstant();
            boolean late = AccidentReporting.reportedLate(known, OffsetDateTime.parse(f.get("reportedAt").getAsString()).toInstant());
            timeliness = new CaseDtos.ReportTimeliness(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    known.plus(AccidentReporting.REPORT_WITHIN).atZone(zone).toOffsetDateTime()),
                    late, "单位负责人接到报告后1小时内报告（生产安全事故报告和调查处理条例第9条）" + (late ? "：迟报" : ""));
        }
        AccidentReporting.Sector sector = AccidentReporting.Sector.valueOf(f.has("sector") ? f.get("sector").getAsString() : "OTHER");
        return new CaseDtos.Event(c.eventKind, at, deaths, seriousInjuries, loss, c.description, CaseFacts.intOf(f, "missing"),
                CaseFacts.intOf(f, "poisoned"), text(f, "sector"), text(f, "nature"), text(f, "natureNote"), text(f, "knownAt"), text(f, "reportedAt"),
                timeliness, f.has("marks") ? f.getAsJsonArray("marks").deepCopy() : new JsonArray(),
                f.has("casualtyChanges") ? f.getAsJsonArray("casualtyChanges") : null,
                AccidentReporting.supplementWindowEnds(LocalDate.parse(c.eventDay), sector).toString(),
                f.has("reply") ? f.getAsJsonObject("reply") : null);
    }

    /** Arts 29 and 32: the report due 60 days after the accident, the reply 15 (特别重大: 30) after the report. */
    private CaseDtos.AccidentDeadlines deadlines(CaseEntity c, JsonObject f) {
        LocalDate reportDue = AccidentDeadlines.reportDue(LocalDate.parse(c.eventDay), c.reportExtension);
        boolean reportOverdue = c.status.equals("OPEN") && AccidentDeadlines.overdue(reportDue, c.reportSubmitted != null, today());
        String reportReason = f.has("reportExtensionReason") ? f.get("reportExtensionReason").getAsString() : null;
        String reportBasis = "事故发生之日起60日" + (c.reportExtension > 0 ? "，延长" + c.reportExtension + "日" : "")
                + "（生产安全事故报告和调查处理条例第29条）";
        if (c.reportSubmitted == null) {
            return new CaseDtos.AccidentDeadlines(reportDue.toString(), c.reportExtension, reportReason, reportOverdue, null, null, null,
                    null, null, null, null, null, new CaseDtos.DeadlineBasis(reportBasis, null));
        }
        Long reportLate = AccidentReporting.daysLate(reportDue, LocalDate.parse(c.reportSubmitted)).orElse(null);
        AccidentGrade grade = AccidentGrade.valueOf(c.grade);
        LocalDate replyDue = AccidentDeadlines.replyDue(LocalDate.parse(c.reportSubmitted), grade, c.replyExtension);
        String replyBasis = "收到调查报告之日起" + (grade == AccidentGrade.EXTRAORDINARY ? "30日" : "15日")
                + (c.replyExtension > 0 ? "，延长" + c.replyExtension + "日" : "") + "（第32条）";
        JsonObject reply = f.has("reply") ? f.getAsJsonObject("reply") : null;
        String replied = reply == null ? null : reply.get("on").getAsString();
        Long replyLate = replied == null ? null : AccidentReporting.daysLate(replyDue, LocalDate.parse(replied)).orElse(null);
        boolean replyOverdue = c.status.equals("OPEN") && AccidentDeadlines.overdue(replyDue, reply != null, today());
        String replyReason = f.has("replyExtensionReason") ? f.get("replyExtensionReason").getAsString() : null;
        return new CaseDtos.AccidentDeadlines(reportDue.toString(), c.reportExtension, reportReason, reportOverdue, c.reportSubmitted,
                reportLate, replyDue.toString(), c.replyExtension, replyReason, replied, replyLate, replyOverdue,
                new CaseDtos.DeadlineBasis(reportBasis, replyBasis));
    }

    /** The whole case, as every change answers. */
    CaseDtos.Detail view(EntityManager em, CaseEntity c) {
        if (em.getTransaction().isActive()) {
            em.flush(); // the JPQL reads below see what this transaction wrote
        }
        CloseOutChecklist.Facts closeFacts = accidents.closeFacts(em, c);
        Map<CloseOutChecklist.Item, List<String>> unmet = CloseOutChecklist.unmet(closeFacts);
        JsonObject ticked = json(c.checklist);
        Map<String, CaseDtos.ChecklistItem> checklist = new LinkedHashMap<>();
        for (CloseOutChecklist.Item item : CloseOutChecklist.Item.values()) {
            JsonObject entry = ticked.has(item.name()) ? ticked.getAsJsonObject(item.name()) : new JsonObject();
            boolean done = entry.has("done") && entry.get("done").getAsBoolean();
            checklist.put(item.name(), new CaseDtos.ChecklistItem(done, text(entry, "by"), text(entry, "at"), text(entry, "note"),
                    unmet.get(item)));
        }
        JsonObject f = facts(c);
        Map<String, CaseDtos.Track> tracks = new LinkedHashMap<>();
        for (String track : CaseService.TRACKS) {
            tracks.put(track, new CaseDtos.Track(parties(em, c.id, track), findings(em, c.id, track), links(em, c.id, track),
                    actionView.actions(em, c.id, track)));
        }
        return CaseDtos.Detail.of(summary(c, CaseInvestigators.of(em, c.id)), checklist, CaseReach.view(em, c), CloseOutChecklist.canClose(done(c), closeFacts),
                f.has("education") ? f.getAsJsonArray("education") : null,
                f.has("evaluation") ? f.getAsJsonObject("evaluation") : null, tracks);
    }

    /** The 四不放过 items ticked done. */
    static Set<CloseOutChecklist.Item> done(CaseEntity c) {
        JsonObject list = json(c.checklist);
        Set<CloseOutChecklist.Item> done = EnumSet.noneOf(CloseOutChecklist.Item.class);
        for (CloseOutChecklist.Item item : CloseOutChecklist.Item.values()) {
            if (list.has(item.name()) && list.getAsJsonObject(item.name()).get("done").getAsBoolean()) {
                done.add(item);
            }
        }
        return done;
    }

    private static List<CaseDtos.Party> parties(EntityManager em, String caseId, String track) {
        return onTrack(em, PartyEntity.class, caseId, track).stream().map(p -> new CaseDtos.Party(p.id, p.personId, p.name, p.unitId,
                p.post, p.responsibility, p.addedBy)).toList();
    }

    private static List<CaseDtos.Finding> findings(EntityManager em, String caseId, String track) {
        return onTrack(em, FindingEntity.class, caseId, track).stream().map(f -> new CaseDtos.Finding(f.id, f.text,
                f.personIds == null ? null : strings(array(f.personIds)), f.addedBy, Instant.ofEpochMilli(f.addedAt).toString())).toList();
    }

    private static List<CaseDtos.Link> links(EntityManager em, String caseId, String track) {
        return onTrack(em, LinkEntity.class, caseId, track).stream().map(l -> new CaseDtos.Link(l.id, l.evidenceType, l.evidenceId,
                l.role, l.reason, l.aggravating, l.proposedBy, Instant.ofEpochMilli(l.proposedAt).toString(), l.state, l.decidedBy,
                l.decidedBy == null ? null : Instant.ofEpochMilli(l.decidedAt).toString(), l.decisionReason)).toList();
    }

    /** A stored JSON array of strings (person ids, evidence ids) as a list. */
    static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        for (JsonElement e : array) {
            list.add(e.getAsString());
        }
        return list;
    }
}
