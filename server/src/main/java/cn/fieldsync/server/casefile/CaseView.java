package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.casefile.AccidentDeadlines;
import cn.fieldsync.domain.casefile.AccidentReporting;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static cn.fieldsync.server.casefile.AccidentRecords.facts;
import static cn.fieldsync.server.casefile.ActionView.onTrack;
import static cn.fieldsync.server.casefile.CaseJson.array;
import static cn.fieldsync.server.casefile.CaseJson.json;

/**
 * A case as the API shows it: the summary a list gives (number, event, grade, the accident's
 * deadlines of 生产安全事故报告和调查处理条例 arts 29 and 32 with why) and the whole case every
 * change answers (the 四不放过 checklist with what each item lacks, the reach, both tracks with
 * their parties, findings, links and actions). Reads only; deadlines are computed on each read
 * from the stored facts and today, never stored, so a changed rule shows at once.
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

    JsonObject summary(CaseEntity c) {
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

    JsonObject view(EntityManager em, CaseEntity c) {
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
        for (String track : CaseService.TRACKS) {
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

}
