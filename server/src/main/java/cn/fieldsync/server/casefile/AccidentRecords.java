package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.casefile.AccidentDeadlines;
import cn.fieldsync.domain.casefile.AccidentReporting;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * The facts of an accident case after it is opened — the investigation report and its extension,
 * the 批复 and its extension, casualty changes, reporting marks, 事故性质 — and the education and
 * evaluation records 四不放过 needs, with the facts 四不放过 is checked against. The rules are those
 * of 生产安全事故报告和调查处理条例 and 安全生产法 (docs/accidents.md); every change goes through the
 * case service's writer, which checks the caller and the case.
 */
final class AccidentRecords {

    /** The case service's transaction for a change to an open case the caller may work on. */
    interface Writer {
        CaseDtos.Detail write(Caller caller, String caseId, CaseAccess.Change change);
    }

    private final Writer writer;
    private final Clock clock;
    private final ZoneId zone;
    private final AuditLog audit;

    AccidentRecords(Writer writer, Clock clock, ZoneId zone, AuditLog audit) {
        this.writer = writer;
        this.clock = clock;
        this.zone = zone;
        this.audit = audit;
    }

    private CaseDtos.Detail write(Caller caller, String caseId, CaseAccess.Change change) {
        return writer.write(caller, caseId, change);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * {@code {"on":"2026-12-20"}}: the investigation report is in; the reply deadline runs from it.
     * Refused before the accident day or after today; a report after its due day is shown as late
     * ({@code deadlines.reportLateDays}) for good.
     */
    CaseDtos.Detail reportSubmitted(Caller caller, String caseId, JsonObject request) {
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            notBefore(on, LocalDate.parse(c.eventDay), "/on", Labels.say("caseReportBeforeAccident", on, c.eventDay));
            notFuture(on, "/on");
            if (c.reportSubmitted != null) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/on", Labels.say("caseReportRecorded", c.reportSubmitted));
            }
            c.reportSubmitted = on.toString();
            audit.append(em, caller.username(), "CASE_REPORT_SUBMITTED", c.id, detail("on", on.toString()));
        });
    }

    /**
     * The government's reply (批复) to the investigation report: {@code {"on":"2027-01-05",
     * "documentNumber":"栖政字〔2027〕3号"?}} (493号令 art 32). Ends {@code replyOverdue}; a reply after
     * its due day is shown as late.
     */
    CaseDtos.Detail replyReceived(Caller caller, String caseId, JsonObject request) {
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        String document = text(request, "documentNumber");
        if (document != null && document.length() > 100) {
            throw tooLong("/documentNumber", 100, document);
        }
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            if (c.reportSubmitted == null) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/on", Labels.say("caseReplyBeforeReport"));
            }
            notBefore(on, LocalDate.parse(c.reportSubmitted), "/on", Labels.say("caseReplyBeforeReportDay", on, c.reportSubmitted));
            notFuture(on, "/on");
            JsonObject f = facts(c);
            if (f.has("reply")) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/on",
                        Labels.say("caseReplyRecorded", f.getAsJsonObject("reply").get("on").getAsString()));
            }
            JsonObject reply = new JsonObject();
            reply.addProperty("on", on.toString());
            if (document != null) {
                reply.addProperty("documentNumber", document);
            }
            reply.addProperty("recordedBy", caller.username());
            f.add("reply", reply);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_REPLY_RECORDED", c.id, detail("on", on.toString()));
        });
    }

    /**
     * The one extension of the reply on a 特别重大 accident, at most 30 days (493号令 art 32:
     * "特殊情况下，批复时间可以适当延长，但延长的时间最长不超过30日"): {@code {"days":20,"reason":"..."}}.
     */
    CaseDtos.Detail extendReply(Caller caller, String caseId, JsonObject request) {
        int days = days(request);
        String reason = required(request, "reason", "/reason");
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            if (!AccidentGrade.EXTRAORDINARY.name().equals(c.grade)) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/days",
                        Labels.say("caseReplyExtensionGrade", Labels.name("accidentGrades", c.grade)));
            }
            if (c.replyExtension != 0) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/days", Labels.say("caseReplyExtendedOnce", c.replyExtension));
            }
            if (days < 1 || days > 30) {
                throw invalid("/days", Labels.say("caseReplyExtensionDays"));
            }
            c.replyExtension = days;
            JsonObject f = facts(c);
            f.addProperty("replyExtensionReason", reason);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_REPLY_EXTENDED", c.id, detail("days", String.valueOf(days), "reason", reason));
        });
    }

    /** The figures a 补报 may change (493号令 art 13); at least one is given. */
    private static final List<String> CASUALTY_FIGURES = List.of("deaths", "seriousInjuries", "missing", "poisoned", "directLossCny");

    /**
     * Casualties changed after the first report (补报, 493号令 art 13): {@code {"on","deaths",
     * "seriousInjuries","missing"?,"poisoned"?,"directLossCny"?,"note"?}}, within 30 days of the
     * accident (7 for road traffic and fire). The grade follows the new figures; the change and
     * the grade before and after are kept.
     */
    CaseDtos.Detail casualtiesChanged(Caller caller, String caseId, JsonObject request) {
        // a 补报 says what changed: a request with no figure would record a change of nothing
        if (CASUALTY_FIGURES.stream().noneMatch(name -> request.has(name) && !request.get(name).isJsonNull())) {
            throw invalid("/deaths", Labels.say("caseCasualtiesNothing"));
        }
        LocalDate on = request.has("on") ? date(text(request, "on"), "/on") : today();
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            notFuture(on, "/on");
            JsonObject f = facts(c);
            AccidentReporting.Sector sector = AccidentReporting.Sector.valueOf(f.has("sector") ? f.get("sector").getAsString() : "OTHER");
            AccidentReporting.refuseChange(LocalDate.parse(c.eventDay), sector, on).ifPresent(why -> {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/on", why);
            });
            String before = c.grade;
            int deaths = request.has("deaths") ? CaseJson.count(request, "deaths", "/deaths") : c.deaths;
            int injuries = request.has("seriousInjuries") ? CaseJson.count(request, "seriousInjuries", "/seriousInjuries") : c.seriousInjuries;
            BigDecimal loss = request.has("directLossCny") ? money(request, "directLossCny", "/directLossCny") : new BigDecimal(c.directLossCny);
            if (request.has("missing")) {
                f.addProperty("missing", CaseJson.count(request, "missing", "/missing"));
            }
            if (request.has("poisoned")) {
                f.addProperty("poisoned", CaseJson.count(request, "poisoned", "/poisoned"));
            }
            c.deaths = deaths;
            c.seriousInjuries = injuries;
            c.directLossCny = loss.toPlainString();
            c.grade = CaseFacts.grade(deaths, injuries, loss, f).name();
            JsonObject change = new JsonObject();
            change.addProperty("on", on.toString());
            change.addProperty("deaths", deaths);
            change.addProperty("missing", CaseFacts.intOf(f, "missing"));
            change.addProperty("seriousInjuries", injuries);
            change.addProperty("poisoned", CaseFacts.intOf(f, "poisoned"));
            change.addProperty("directLossCny", loss);
            change.addProperty("gradeBefore", before);
            change.addProperty("gradeAfter", c.grade);
            if (text(request, "note") != null) {
                change.addProperty("note", text(request, "note"));
            }
            change.addProperty("recordedBy", caller.username());
            if (!f.has("casualtyChanges")) {
                f.add("casualtyChanges", new JsonArray());
            }
            f.getAsJsonArray("casualtyChanges").add(change);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_CASUALTIES_CHANGED", c.id, detail("gradeBefore", before, "gradeAfter", c.grade));
        });
    }

    /**
     * Marks the accident's reporting 迟报, 漏报, 谎报 or 瞒报 (493号令 arts 35, 36, 39): {@code {"mark":
     * "CONCEALED","note":"..."}}. Marks are kept, never removed. A report later than art 9's hour
     * is shown as late from the report times without a mark.
     */
    CaseDtos.Detail markReporting(Caller caller, String caseId, JsonObject request) {
        String mark = required(request, "mark", "/mark");
        AccidentReporting.Mark m;
        try {
            m = AccidentReporting.Mark.valueOf(mark);
        } catch (IllegalArgumentException e) {
            throw notOneOf("/mark", "reportingMarks", Arrays.asList(AccidentReporting.Mark.values()));
        }
        String note = required(request, "note", "/note");
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            JsonObject f = facts(c);
            JsonObject entry = new JsonObject();
            entry.addProperty("mark", m.name());
            entry.addProperty("label", m.label());
            entry.addProperty("articles", "生产安全事故报告和调查处理条例" + m.articles());
            entry.addProperty("note", note);
            entry.addProperty("by", caller.username());
            entry.addProperty("at", Instant.ofEpochMilli(clock.millis()).toString());
            if (!f.has("marks")) {
                f.add("marks", new JsonArray());
            }
            f.getAsJsonArray("marks").add(entry);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_REPORTING_MARKED", c.id, detail("mark", m.name()));
        });
    }

    /** 事故性质: {@code {"nature":"LIABILITY"|"NON_LIABILITY"|"UNDETERMINED","note"?}}; 安全生产法 art 87 turns on it. */
    /**
     * Art 9's report times known only after opening: {@code {"knownAt","reportedAt"}} (date-times
     * with offset); each is recorded once and never changed, refused out of order or in the future.
     */
    CaseDtos.Detail reportTimes(Caller caller, String caseId, JsonObject request) {
        CaseFacts parse = new CaseFacts(zone);
        OffsetDateTime known = parse.optionalTime(request, "knownAt");
        OffsetDateTime reported = parse.optionalTime(request, "reportedAt");
        if (known == null && reported == null) {
            throw invalid("/knownAt", Labels.say("caseReportTimesNone"));
        }
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            JsonObject f = facts(c);
            for (String name : List.of("knownAt", "reportedAt")) {
                if (text(request, name) != null && f.has(name)) {
                    throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/" + name,
                            Labels.say("caseReportTimeRecorded", fieldName(name), f.get(name).getAsString()));
                }
            }
            Instant now = Instant.ofEpochMilli(clock.millis());
            if ((known != null && known.toInstant().isAfter(now)) || (reported != null && reported.toInstant().isAfter(now))) {
                throw new FieldsyncException(ErrorCode.DATE_OUT_OF_ORDER, "/reportedAt", Labels.say("caseReportTimeFuture"));
            }
            CaseFacts.reportTimes(f, Instant.ofEpochMilli(c.eventAt).atZone(zone).toOffsetDateTime(), known, reported);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_REPORT_TIMES", c.id, detail("knownAt", String.valueOf(known),
                    "reportedAt", String.valueOf(reported)));
        });
    }

    /**
     * 事故性质 (安全生产法 art 87 turns on it): {@code {"nature","note"?}}. The note (why, on what
     * finding) goes with the nature it was given for: a later nature without one clears it. Shown
     * as {@code event.natureNote} and kept in the audit entry.
     */
    CaseDtos.Detail setNature(Caller caller, String caseId, JsonObject request) {
        String nature = required(request, "nature", "/nature");
        String note = optionalText(request, "note");
        if (!CaseFacts.NATURES.contains(nature)) {
            throw notOneOf("/nature", "accidentNatures", CaseFacts.NATURES);
        }
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            JsonObject f = facts(c);
            f.addProperty("nature", nature);
            if (note != null) {
                f.addProperty("natureNote", note);
            } else {
                f.remove("natureNote");
            }
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_NATURE", c.id, note == null ? detail("nature", nature) : detail("nature", nature, "note", note));
        });
    }

    /**
     * An education record (有关人员受到教育): {@code {"on","description","attendees"?}}; 四不放过 needs one.
     */
    CaseDtos.Detail recordEducation(Caller caller, String caseId, JsonObject request) {
        LocalDate on = date(required(request, "on", "/on"), "/on");
        String description = text(request, "description");
        if (description == null || description.isBlank() || description.length() > 2000) {
            // the member's catalogue name is a danger's (隐患描述): here it is what the education was
            throw invalid("/description", Labels.say("caseEducationDescription", description == null ? 0 : description.length()));
        }
        return write(caller, caseId, (em, c) -> {
            notBefore(on, LocalDate.parse(c.eventDay), "/on", Labels.say("caseEducationBeforeEvent", on, c.eventDay));
            notFuture(on, "/on");
            JsonObject f = facts(c);
            if (!f.has("education")) {
                f.add("education", new JsonArray());
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("on", on.toString());
            entry.addProperty("description", description);
            if (request.has("attendees")) {
                entry.add("attendees", request.get("attendees"));
            }
            entry.addProperty("recordedBy", caller.username());
            f.getAsJsonArray("education").add(entry);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_EDUCATION", c.id, detail("on", on.toString()));
        });
    }

    /**
     * Schedules the evaluation of the rectification (安全生产法 art 86(3): within one year of the
     * 批复): {@code {"due":"2027-12-01","by":"栖霞市安委会"}}.
     */
    CaseDtos.Detail scheduleEvaluation(Caller caller, String caseId, JsonObject request) {
        LocalDate due = date(required(request, "due", "/due"), "/due");
        String by = required(request, "by", "/by");
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            JsonObject f = facts(c);
            if (!f.has("reply")) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/due", Labels.say("caseEvaluationNeedsReply"));
            }
            LocalDate reply = LocalDate.parse(f.getAsJsonObject("reply").get("on").getAsString());
            notBefore(due, reply, "/due", Labels.say("caseEvaluationBeforeReply", due, reply));
            if (due.isAfter(CloseOutChecklist.evaluationLatest(reply))) {
                throw invalid("/due", Labels.say("caseEvaluationTooLate", CloseOutChecklist.evaluationLatest(reply), due));
            }
            JsonObject evaluation = new JsonObject();
            evaluation.addProperty("due", due.toString());
            evaluation.addProperty("by", by);
            evaluation.addProperty("latest", CloseOutChecklist.evaluationLatest(reply).toString());
            evaluation.addProperty("basis", "批复后一年内组织评估整改和防范措施落实情况（安全生产法第86条第3款）");
            f.add("evaluation", evaluation);
            c.facts = f.toString();
            audit.append(em, caller.username(), "CASE_EVALUATION_SCHEDULED", c.id, detail("due", due.toString()));
        });
    }

    /**
     * The one extension of the investigation report, at most 60 days, approved by the government
     * that leads the investigation (493号令 art 29): {@code {"days":30,"reason"?}}. The reason is kept
     * with the case's facts ({@code reportExtensionReason}) and in the audit entry.
     */
    CaseDtos.Detail extendReport(Caller caller, String caseId, JsonObject request) {
        int days = days(request);
        String reason = optionalText(request, "reason");
        return write(caller, caseId, (em, c) -> {
            requireAccident(c);
            if (c.reportExtension != 0) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/days", Labels.say("caseReportExtendedOnce", c.reportExtension));
            }
            if (days < 1 || days > AccidentDeadlines.REPORT_EXTENSION_MAX_DAYS) {
                throw invalid("/days", Labels.say("caseReportExtensionDays"));
            }
            c.reportExtension = days;
            if (reason != null) {
                JsonObject f = facts(c);
                f.addProperty("reportExtensionReason", reason);
                c.facts = f.toString();
            }
            audit.append(em, caller.username(), "CASE_REPORT_EXTENDED", c.id, reason == null ? detail("days", String.valueOf(days))
                    : detail("days", String.valueOf(days), "reason", reason));
        });
    }

    /**
     * An extension's {@code "days"}: a whole number, or -1 when absent or not whole (1.5, a list),
     * which the caller's range check refuses after its own order checks; never rounded or cut.
     */
    private static int days(JsonObject request) {
        JsonElement given = request.get("days");
        try {
            return given == null ? -1 : CaseJson.whole(given, "/days", Integer.MIN_VALUE, Integer.MAX_VALUE, "");
        } catch (FieldsyncException notWhole) {
            return -1;
        }
    }

    /** The facts 四不放过 rests on, read from the case and the unit's dangers. */
    CloseOutChecklist.Facts closeFacts(EntityManager em, CaseEntity c) {
        if (em.getTransaction().isActive()) {
            em.flush();
        }
        JsonObject f = facts(c);
        LocalDate reply = f.has("reply") ? LocalDate.parse(f.getAsJsonObject("reply").get("on").getAsString()) : null;
        LocalDate evaluation = f.has("evaluation") ? LocalDate.parse(f.getAsJsonObject("evaluation").get("due").getAsString()) : null;
        int undecided = count(em, "SELECT COUNT(*) FROM accountability_action WHERE case_id = ?1 AND state IN ('PROPOSED', 'NOTIFIED')", c.id);
        int actions = count(em, "SELECT COUNT(*) FROM accountability_action WHERE case_id = ?1", c.id);
        int findings = count(em, "SELECT COUNT(*) FROM case_finding WHERE case_id = ?1", c.id);
        int overdue = 0;
        for (Object row : em.createNativeQuery("SELECT body FROM record WHERE record_type = 'hazard' AND deleted = ?1 AND unit_id = ?2")
                .setParameter(1, false).setParameter(2, c.subjectUnitId).getResultList()) {
            JsonObject hazard = json((String) row);
            String status = text(hazard, "status");
            String deadline = text(hazard, "deadline");
            boolean rectified = status != null && Set.of("RECTIFIED", "VERIFIED", "ASSESSED", "RESUMPTION_REQUESTED", "CLOSED_OUT").contains(status);
            boolean planned = "IN_TREATMENT".equals(status) && hazard.has("treatmentPlan");
            if (!rectified && !planned && deadline != null && today().isAfter(LocalDate.parse(deadline))) {
                overdue++;
            }
        }
        int education = f.has("education") ? f.getAsJsonArray("education").size() : 0;
        return new CloseOutChecklist.Facts(c.eventKind.equals("ACCIDENT"), c.reportSubmitted != null, reply, findings, undecided, actions,
                "LIABILITY".equals(text(f, "nature")), overdue, evaluation, education);
    }

    static JsonObject facts(CaseEntity c) {
        return c.facts == null ? new JsonObject() : json(c.facts);
    }

    void notFuture(LocalDate day, String field) {
        if (day.isAfter(today())) {
            throw new FieldsyncException(ErrorCode.DATE_OUT_OF_ORDER, field, Labels.say("caseDayInFuture", fieldName(field), day, today()));
        }
    }

    static void notBefore(LocalDate day, LocalDate earliest, String field, String message) {
        if (day.isBefore(earliest)) {
            throw new FieldsyncException(ErrorCode.DATE_OUT_OF_ORDER, field, message);
        }
    }

    static void requireAccident(CaseEntity c) {
        if (!c.eventKind.equals("ACCIDENT")) {
            throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/event/kind",
                    Labels.say("caseAccidentOnlyRecord", Labels.name("eventKinds", c.eventKind)));
        }
    }
}
