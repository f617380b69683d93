package cn.fieldsync.server.casefile.dto;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The shapes {@code /api/cases/**} answers, as records: a component's name is the JSON member's
 * name, a {@code null} component is left out of the JSON (an optional member), and the one writer
 * ({@link cn.fieldsync.server.dto.DtoJson}, sent by {@code cn.fieldsync.server.api.ApiJson}) turns them into JSON. {@code openapi.yml} describes
 * the same members (OpenApiShapesTest checks). Facts the server stores as recorded and shows back
 * unchanged (a reply, education entries, reporting marks) are carried as JSON as stored.
 */
public final class CaseDtos {

    private CaseDtos() {
    }

    /** {@code GET /api/cases}: the cases the caller may see, newest first; {@code total} counts all that match. */
    public record CaseList(List<Summary> items, int total) {
    }

    /** A case as a list shows it. */
    public record Summary(String id, String number, String title, String status, String subjectUnitId, String supervisingUnitId,
                          String jurisdiction, Event event, String grade, List<String> investigators, String openedBy,
                          String openedAt, String closedAt, AccidentDeadlines deadlines, boolean overdue, JsonArray supervisors) {
    }

    /**
     * The whole case, as every change answers: the summary's members, then the 四不放过 checklist by
     * item, the reach, whether it may close, the accident's education and evaluation records, and
     * both tracks ({@code DIRECT}, {@code LEADERSHIP}).
     */
    public record Detail(String id, String number, String title, String status, String subjectUnitId, String supervisingUnitId,
                         String jurisdiction, Event event, String grade, List<String> investigators, String openedBy,
                         String openedAt, String closedAt, AccidentDeadlines deadlines, boolean overdue, JsonArray supervisors,
                         Map<String, ChecklistItem> checklist, List<Reach> reach, boolean closable, JsonArray education,
                         JsonObject evaluation, Map<String, Track> tracks) {

        /** The summary's members, with the rest. */
        public static Detail of(Summary s, Map<String, ChecklistItem> checklist, List<Reach> reach, boolean closable,
                                JsonArray education, JsonObject evaluation, Map<String, Track> tracks) {
            return new Detail(s.id(), s.number(), s.title(), s.status(), s.subjectUnitId(), s.supervisingUnitId(), s.jurisdiction(),
                    s.event(), s.grade(), s.investigators(), s.openedBy(), s.openedAt(), s.closedAt(), s.deadlines(), s.overdue(),
                    s.supervisors(), checklist, reach, closable, education, evaluation, tracks);
        }
    }

    /**
     * The event; an accident's figures ({@code deaths}, {@code seriousInjuries}, {@code directLossCny} in CNY)
     * and facts (生产安全事故报告和调查处理条例 arts 9, 12, 13, 32) only on an accident.
     */
    public record Event(String kind, String at, Integer deaths, Integer seriousInjuries, BigDecimal directLossCny,
                        String description, Integer missing, Integer poisoned, String sector, String nature, String natureNote, String knownAt,
                        String reportedAt, ReportTimeliness reportTimeliness, JsonArray reportingMarks, JsonArray casualtyChanges,
                        String casualtyChangesUntil, JsonObject reply) {
    }

    /** Art 9: reported within one hour of the unit's head knowing? */
    public record ReportTimeliness(String dueBy, boolean late, String basis) {
    }

    /**
     * An accident's deadlines (arts 29, 32): dates as {@code yyyy-MM-dd}, days as whole days, with
     * why; an extension's reason as the reviewer recorded it ({@code null} when none was given).
     */
    public record AccidentDeadlines(String reportDue, int reportExtensionDays, String reportExtensionReason, boolean reportOverdue,
                                    String reportSubmitted, Long reportLateDays, String replyDue, Integer replyExtensionDays,
                                    String replyExtensionReason, String replied, Long replyLateDays, Boolean replyOverdue,
                                    DeadlineBasis basis) {
    }

    /** Why each accident deadline falls where it does, in Chinese, with the article. */
    public record DeadlineBasis(String reportDue, String replyDue) {
    }

    /** One item of 四不放过: ticked or not, by whom, and the facts it still lacks. */
    public record ChecklistItem(boolean done, String by, String at, String note, List<String> lacking) {
    }

    /** A division code the case may touch: its subject's ({@code SUBJECT}) or granted ({@code GRANTED}). */
    public record Reach(String jurisdiction, String origin, String grantedBy) {
    }

    /** One track of 一案双查. */
    public record Track(List<Party> parties, List<Finding> findings, List<Link> links, List<Action> actions) {
    }

    /** A party and the post they held on the event day. */
    public record Party(String id, String personId, String name, String unitId, String postAtEvent, String responsibility,
                        String addedBy) {
    }

    /** A finding of the investigation, with the persons it names. */
    public record Finding(String id, String text, List<String> personIds, String addedBy, String addedAt) {
    }

    /** An evidence link: proposed (by a user or {@code SYSTEM}), then confirmed or rejected with its reason. */
    public record Link(String id, String evidenceType, String evidenceId, String role, String reason, boolean aggravating,
                       String proposedBy, String proposedAt, String state, String decidedBy, String decidedAt,
                       String decisionReason) {
    }

    /**
     * An accountability action: its form, deciding body, remedy route and every deadline with why, and for a
     * 政务处分 whether it is executed and its period (政务处分法 arts 8 and 15).
     */
    public record Action(String id, String personId, String targetUnitId, Form form, DecidingBody decidingBody, String state,
                         boolean decided, Remedy remedy, ActionDeadlines deadlines, String decidedOn, String decisionKnownOn,
                         Boolean executed, Integer influenceMonths, String influenceEnds, String influenceFrom,
                         String influenceBasis, Exemption exemption, List<Step> steps, String proposedBy) {
    }

    /** The form of an action; {@code sanction} is false for a 提醒/诫勉-kind measure. */
    public record Form(String category, String kind, String subKind, String label, boolean sanction) {
    }

    /** Who decides: {@code SUPERVISORY_ORGAN}, {@code APPOINTING_ORGAN}, {@code PARTY_ORGAN} or {@code OTHER}, and its name. */
    public record DecidingBody(String kind, String name) {
    }

    /** The remedy route and how its periods are counted. */
    public record Remedy(String route, String firstLevel, String secondLevel, String basis, String counting) {
    }

    /** The action's deadlines ({@code yyyy-MM-dd}) and, in {@code basis}, why each falls where it does. */
    public record ActionDeadlines(String statement, String reviewRequest, String directAppeal, String reviewDecision,
                                  String appealAfterReview, String appealDecision, Map<String, String> basis) {
    }

    /** 尽职免责: why, and the confirmed evidence of the action's own track it rests on. */
    public record Exemption(String reason, List<String> evidenceIds) {
    }

    /** One step of the procedure as taken. */
    public record Step(String step, String on, String by, String note) {
    }
}
