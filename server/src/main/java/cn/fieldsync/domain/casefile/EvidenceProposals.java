package cn.fieldsync.domain.casefile;

import cn.fieldsync.schemas.Labels;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proposal engine of 一案双查 (docs/accountability.md, "一案双查: evidence the engine proposes"; issue 6): given a case's
 * subject unit and event day, and the evidence the server holds, it proposes links to the two
 * tracks, each with a reason a reviewer can read. Reviewers confirm or reject; nothing here
 * decides. Positions are judged on the event day, which is why position history is kept.
 *
 * <ul>
 *   <li>the unit's inspections and hidden dangers in the window before the event → DIRECT;</li>
 *   <li>the same inspections, as the regulator's duty done (or not) → LEADERSHIP;</li>
 *   <li>pledges valid on the event day, signed by whoever then held a leading post of the unit
 *       or of its supervising body → LEADERSHIP (a predecessor's pledge is not);</li>
 *   <li>hidden dangers overdue on the event day, or reopened before it → both tracks, aggravating;</li>
 *   <li>earlier warnings (约谈, 通报, rectification notices) to the unit or its then leaders → LEADERSHIP.</li>
 * </ul>
 */
public final class EvidenceProposals {

    public enum Track { DIRECT, LEADERSHIP }

    public enum Leadership { PRINCIPAL, DEPUTY, SUPERVISOR, STAFF }

    /**
     * The case: about which unit, when, and how far back to look (12 months by default).
     * {@code supervisors} are further supervising units (属地, 行业主管, 应急局, 纪委) whose leaders
     * are on the leadership track like those of {@code supervisingUnitId}.
     */
    public record Case(String unitId, String supervisingUnitId, LocalDate eventDay, int windowMonths, List<String> supervisors,
                       Instant eventAt) {
        public Case {
            if (windowMonths < 1) {
                throw new IllegalArgumentException(Labels.say("evidenceWindowMonths", windowMonths));
            }
            supervisors = List.copyOf(supervisors);
        }

        public Case(String unitId, String supervisingUnitId, LocalDate eventDay, int windowMonths) {
            this(unitId, supervisingUnitId, eventDay, windowMonths, List.of());
        }

        public Case(String unitId, String supervisingUnitId, LocalDate eventDay, int windowMonths, List<String> supervisors) {
            this(unitId, supervisingUnitId, eventDay, windowMonths, supervisors, null);
        }

        /**
         * Whether a moment lies after the event itself: on the event day the hour decides (a danger found
         * at 16:00 after an accident at 10:20 was no warning of it — a tester's finding); unknown either
         * way, the day alone decides.
         */
        boolean afterEvent(Instant at) {
            return eventAt != null && at != null && at.isAfter(eventAt);
        }

        boolean supervisedBy(String unit) {
            return unit != null && (unit.equals(supervisingUnitId) || supervisors.contains(unit));
        }

        LocalDate windowStart() {
            return eventDay.minusMonths(windowMonths);
        }

        boolean inWindow(LocalDate day) {
            return !day.isBefore(windowStart()) && !day.isAfter(eventDay);
        }
    }

    /** A post a person held: {@code to} is the last day, or null while held. */
    public record Post(String personId, String unitId, Leadership leadership, LocalDate from, LocalDate to) {
        boolean heldOn(LocalDate day) {
            return !day.isBefore(from) && (to == null || !day.isAfter(to));
        }
    }

    /**
     * Who inspected: the regulator (监管部门执法检查, the regulator's duty, 监管责任), the commission or a
     * party organisation (纪委监委/党委督查, 监督责任), or the unit itself (自查, its 主体责任).
     */
    public enum Inspector { REGULATOR, COMMISSION, SELF_CHECK }

    /** @param at when it started, or null when only the day is known */
    public record Inspection(String id, String unitId, LocalDate day, Inspector by, Instant at) {
        public Inspection(String id, String unitId, LocalDate day, Inspector by) {
            this(id, unitId, day, by, null);
        }

        public Inspection(String id, String unitId, LocalDate day) {
            this(id, unitId, day, Inspector.REGULATOR);
        }
    }

    /**
     * @param deadline  the rectification deadline, or null
     * @param closedOn  the day it was closed out, or null if never (before the event)
     * @param reopened  it was sent back for rectification (re-inspection failed) before the event
     */
    public record Hazard(String id, String unitId, LocalDate foundOn, LocalDate deadline, LocalDate closedOn, boolean reopened,
                         Instant foundAt) {
        public Hazard(String id, String unitId, LocalDate foundOn, LocalDate deadline, LocalDate closedOn, boolean reopened) {
            this(id, unitId, foundOn, deadline, closedOn, reopened, null);
        }

        boolean overdueOn(LocalDate day) {
            return deadline != null && day.isAfter(deadline) && (closedOn == null || closedOn.isAfter(day));
        }
    }

    /**
     * @param signedOn the day it was signed, or null while unsigned (a DRAFT without signedAt is
     *                 no one's commitment yet, so it is never proposed)
     */
    public record Pledge(String id, String signerPersonId, LocalDate from, LocalDate to, LocalDate signedOn) {
    }

    /** Chinese names of the warning forms, for reasons a reviewer reads. */
    private static final Map<String, String> WARNING_NAMES = Map.of(
            "TALK", "约谈", "CIRCULAR", "通报", "RECTIFICATION_NOTICE", "整改通知");

    /** @param targetId the unit or the person warned; {@code day} is the day the warning was decided (given) */
    public record Warning(String id, String kind, String targetId, LocalDate day) {
    }

    /** One proposed link. */
    public record Proposal(String evidenceType, String evidenceId, Track track, String role, String reason, boolean aggravating) {
    }

    private EvidenceProposals() {
    }

    public static List<Proposal> propose(Case c, List<Post> posts, List<Inspection> inspections, List<Hazard> hazards,
                                         List<Pledge> pledges, List<Warning> warnings) {
        List<Proposal> proposals = new ArrayList<>();
        for (Inspection inspection : inspections) {
            if (inspection.unitId().equals(c.unitId()) && c.inWindow(inspection.day()) && !c.afterEvent(inspection.at())) {
                switch (inspection.by()) {
                    case REGULATOR -> {
                        proposals.add(new Proposal("inspection", inspection.id(), Track.DIRECT, "INSPECTION_OF_UNIT",
                                "检查记录：" + inspection.day() + " 监管部门对事发单位的现场检查（事发前" + c.windowMonths() + "个月内）", false));
                        proposals.add(new Proposal("inspection", inspection.id(), Track.LEADERSHIP, "SUPERVISION_DUTY",
                                "监管履职证据：监管部门 " + inspection.day() + " 对事发单位的检查（是否尽职）", false));
                    }
                    case COMMISSION -> {
                        proposals.add(new Proposal("inspection", inspection.id(), Track.DIRECT, "INSPECTION_OF_UNIT",
                                "检查记录：" + inspection.day() + " 纪委监委或党组织对事发单位的督查（事发前" + c.windowMonths() + "个月内）", false));
                        proposals.add(new Proposal("inspection", inspection.id(), Track.LEADERSHIP, "OVERSIGHT_DUTY",
                                "监督履职证据：纪委监委或党组织 " + inspection.day() + " 的督查（是否尽职）", false));
                    }
                    case SELF_CHECK -> proposals.add(new Proposal("inspection", inspection.id(), Track.DIRECT, "SELF_CHECK",
                            "主体责任证据：事发单位 " + inspection.day() + " 的自查记录", false));
                }
            }
        }
        for (Hazard hazard : hazards) {
            if (!hazard.unitId().equals(c.unitId()) || hazard.foundOn().isAfter(c.eventDay()) || c.afterEvent(hazard.foundAt())) {
                continue;
            }
            boolean overdue = hazard.overdueOn(c.eventDay());
            if (overdue || hazard.reopened()) {
                String why = overdue ? "事发时已逾期未整改（整改期限 " + hazard.deadline() + "）" : "事发前曾复查不合格、退回整改";
                proposals.add(new Proposal("hazard", hazard.id(), Track.DIRECT, "AGGRAVATING_HAZARD", "加重情节：隐患" + why, true));
                proposals.add(new Proposal("hazard", hazard.id(), Track.LEADERSHIP, "AGGRAVATING_HAZARD",
                        "加重情节：隐患" + why + "，督促整改不力", true));
            } else if (c.inWindow(hazard.foundOn())) {
                proposals.add(new Proposal("hazard", hazard.id(), Track.DIRECT, "HAZARD_OF_UNIT",
                        "事发前" + c.windowMonths() + "个月内发现的隐患（" + hazard.foundOn() + "）", false));
            }
        }
        Set<String> leaders = leadersOn(c, posts);
        for (Pledge pledge : pledges) {
            boolean valid = !c.eventDay().isBefore(pledge.from()) && !c.eventDay().isAfter(pledge.to());
            boolean signedBefore = pledge.signedOn() != null && !pledge.signedOn().isAfter(c.eventDay());
            if (valid && signedBefore && leaders.contains(pledge.signerPersonId())) {
                proposals.add(new Proposal("pledge", pledge.id(), Track.LEADERSHIP, "PLEDGE_OF_LEADER",
                        "事发时在任领导签订、事发时有效的责任书（" + pledge.from() + " 至 " + pledge.to() + "）", false));
            }
        }
        for (Warning warning : warnings) {
            boolean aimed = warning.targetId().equals(c.unitId()) || leaders.contains(warning.targetId());
            if (aimed && c.inWindow(warning.day())) {
                proposals.add(new Proposal("warning", warning.id(), Track.LEADERSHIP, "EARLIER_WARNING",
                        "事发前已受警示（" + WARNING_NAMES.getOrDefault(warning.kind(), warning.kind()) + "，" + warning.day() + "）", false));
            }
        }
        return proposals;
    }

    /** Who held a leading post of the unit, or of its supervising body, on the event day. */
    private static Set<String> leadersOn(Case c, List<Post> posts) {
        Set<String> leaders = new HashSet<>();
        for (Post post : posts) {
            boolean ofUnit = post.unitId().equals(c.unitId())
                    && (post.leadership() == Leadership.PRINCIPAL || post.leadership() == Leadership.DEPUTY);
            boolean ofSupervisor = c.supervisedBy(post.unitId()) && post.leadership() != Leadership.STAFF;
            if ((ofUnit || ofSupervisor) && post.heldOn(c.eventDay())) {
                leaders.add(post.personId());
            }
        }
        return leaders;
    }
}
