package cn.fieldsync.domain.hazard;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.fieldsync.domain.hazard.HazardStatus.ASSESSED;
import static cn.fieldsync.domain.hazard.HazardStatus.CLOSED_OUT;
import static cn.fieldsync.domain.hazard.HazardStatus.IN_TREATMENT;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFICATION_ORDERED;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFIED;
import static cn.fieldsync.domain.hazard.HazardStatus.REGISTERED;
import static cn.fieldsync.domain.hazard.HazardStatus.REPORTED;
import static cn.fieldsync.domain.hazard.HazardStatus.RESUMPTION_REQUESTED;
import static cn.fieldsync.domain.hazard.HazardStatus.VERIFIED;

/**
 * The two lifecycles of a hidden danger (安监总局令第16号; docs/hazards.md, "Lifecycles").
 *
 * <pre>
 * GENERAL: REGISTERED → RECTIFIED → VERIFIED, or back to REGISTERED when the re-inspection fails
 * MAJOR:   REGISTERED → REPORTED → RECTIFICATION_ORDERED → IN_TREATMENT → ASSESSED
 *          → RESUMPTION_REQUESTED → CLOSED_OUT, or back to RECTIFICATION_ORDERED when the
 *          regulator's re-inspection fails
 * </pre>
 *
 * A major danger may be in IN_TREATMENT or any later status only with a complete treatment
 * plan. Staying in the same status is always allowed (an edit of other fields).
 */
public final class HazardLifecycle {

    private static final Map<HazardStatus, Set<HazardStatus>> GENERAL_EDGES = edgeMap(
            REGISTERED, EnumSet.of(RECTIFIED),
            RECTIFIED, EnumSet.of(VERIFIED, REGISTERED),
            VERIFIED, EnumSet.noneOf(HazardStatus.class));

    private static final Map<HazardStatus, Set<HazardStatus>> MAJOR_EDGES = edgeMap(
            REGISTERED, EnumSet.of(REPORTED),
            REPORTED, EnumSet.of(RECTIFICATION_ORDERED),
            RECTIFICATION_ORDERED, EnumSet.of(IN_TREATMENT),
            IN_TREATMENT, EnumSet.of(ASSESSED),
            ASSESSED, EnumSet.of(RESUMPTION_REQUESTED),
            RESUMPTION_REQUESTED, EnumSet.of(CLOSED_OUT, RECTIFICATION_ORDERED),
            CLOSED_OUT, EnumSet.noneOf(HazardStatus.class));

    private static final Set<HazardStatus> NEEDS_PLAN =
            EnumSet.of(IN_TREATMENT, ASSESSED, RESUMPTION_REQUESTED, CLOSED_OUT);

    private static final Set<HazardStatus> CLOSED = EnumSet.of(VERIFIED, CLOSED_OUT);

    /** The statuses in which the rectification is complete (recorded with its day on site). */
    private static final Set<HazardStatus> RECTIFIED_STATES = EnumSet.of(RECTIFIED, VERIFIED, ASSESSED, RESUMPTION_REQUESTED, CLOSED_OUT);

    private HazardLifecycle() {
    }

    /** Closed out: a verified general danger or a 销号 major one. */
    public static boolean isClosed(HazardStatus status) {
        return CLOSED.contains(status);
    }

    /**
     * The rectification is complete (GENERAL RECTIFIED or VERIFIED; MAJOR ASSESSED and later):
     * such a danger is no longer 逾期未整改 whatever its deadline.
     */
    public static boolean isRectified(HazardStatus status) {
        return RECTIFIED_STATES.contains(status);
    }

    /** The statuses still awaiting rectification, by name (for list queries). */
    public static List<String> awaitingRectification() {
        return Arrays.stream(HazardStatus.values()).filter(s -> !isRectified(s)).map(Enum::name).collect(Collectors.toList());
    }

    /** A step back: the re-inspection (or the authority's review) found the rectification wanting. */
    public static boolean isSendBack(HazardGrade grade, HazardStatus from, HazardStatus to) {
        return (grade == HazardGrade.GENERAL && from == RECTIFIED && to == REGISTERED)
                || (grade == HazardGrade.MAJOR && from == RESUMPTION_REQUESTED && to == RECTIFICATION_ORDERED);
    }

    public static Set<HazardStatus> statusesOf(HazardGrade grade) {
        return edges(grade).keySet();
    }

    public static Set<HazardStatus> nextStatuses(HazardGrade grade, HazardStatus from) {
        Set<HazardStatus> next = edges(grade).get(from);
        return next == null ? java.util.Collections.<HazardStatus>emptySet() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(next));
    }

    /**
     * Checks a danger as it is created (it may have been walked through its lifecycle on the
     * device before it first synced): the status must belong to the grade and the plan must
     * be complete where the status needs one.
     */
    public static Optional<LifecycleRefusal> checkState(HazardGrade grade, HazardStatus status, TreatmentPlan plan) {
        if (!statusesOf(grade).contains(status)) {
            return Optional.of(new LifecycleRefusal(LifecycleRefusal.Reason.STATUS_NOT_OF_GRADE, "status",
                    "状态 " + status.shown() + " 不属于" + gradeName(grade) + "的治理流程；可用的状态："
                            + HazardStatus.shown(statusesOf(grade))));
        }
        if (grade == HazardGrade.MAJOR && NEEDS_PLAN.contains(status)) {
            List<String> missing = plan.missingParts();
            if (!missing.isEmpty()) {
                return Optional.of(new LifecycleRefusal(LifecycleRefusal.Reason.TREATMENT_PLAN_INCOMPLETE,
                        "treatmentPlan", "重大事故隐患的治理方案须具备全部六项内容才能进入 " + status.shown()
                        + "；缺少：" + cn.fieldsync.schemas.Labels.named("fields", missing)));
            }
        }
        return Optional.empty();
    }

    private static String gradeName(HazardGrade grade) {
        return grade == HazardGrade.MAJOR ? "重大事故隐患" : "一般事故隐患";
    }

    /** Checks a change of an existing danger from one state to another. */
    public static Optional<LifecycleRefusal> checkChange(HazardGrade fromGrade, HazardStatus from,
                                                         HazardGrade toGrade, HazardStatus to, TreatmentPlan plan) {
        if (fromGrade != toGrade && !(from == REGISTERED && to == REGISTERED)) {
            return Optional.of(new LifecycleRefusal(LifecycleRefusal.Reason.GRADE_CHANGE_AFTER_REGISTRATION, "grade",
                    "隐患等级只能在登记阶段（REGISTERED）修改，此隐患的状态已是 " + from.shown()));
        }
        if (from != to && !nextStatuses(toGrade, from).contains(to)) {
            return Optional.of(new LifecycleRefusal(LifecycleRefusal.Reason.ILLEGAL_TRANSITION, "status",
                    gradeName(toGrade) + "不能从 " + from.shown() + " 变为 " + to.shown() + "；下一步可以是："
                            + HazardStatus.shown(nextStatuses(toGrade, from))));
        }
        return checkState(toGrade, to, plan);
    }

    private static Map<HazardStatus, Set<HazardStatus>> edges(HazardGrade grade) {
        return grade == HazardGrade.MAJOR ? MAJOR_EDGES : GENERAL_EDGES;
    }

    /** Status, next statuses, status, next statuses...: an unmodifiable map ({@code Map.of} is absent on Android 26). */
    @SuppressWarnings("unchecked")
    private static Map<HazardStatus, Set<HazardStatus>> edgeMap(Object... pairs) {
        Map<HazardStatus, Set<HazardStatus>> map = new java.util.EnumMap<>(HazardStatus.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((HazardStatus) pairs[i], (Set<HazardStatus>) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
