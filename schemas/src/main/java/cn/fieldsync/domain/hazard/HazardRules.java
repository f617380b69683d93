package cn.fieldsync.domain.hazard;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.schemas.RecordType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.fieldsync.domain.hazard.HazardStatus.ASSESSED;
import static cn.fieldsync.domain.hazard.HazardStatus.CLOSED_OUT;
import static cn.fieldsync.domain.hazard.HazardStatus.IN_TREATMENT;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFICATION_ORDERED;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFIED;
import static cn.fieldsync.domain.hazard.HazardStatus.RESUMPTION_REQUESTED;
import static cn.fieldsync.domain.hazard.HazardStatus.VERIFIED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.APPEND_ONLY;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.DATE_OUT_OF_ORDER;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.DEADLINE_REQUIRED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.EXTENSION_REQUIRED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.GRADE_MUST_BE_MAJOR;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.ILLEGAL_TRANSITION;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.LISTING_NOT_PERMITTED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.LISTING_REFUSED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.STEP_NOT_RECORDED;

/**
 * The rules a hidden danger keeps beyond its lifecycle's edges (docs/hazards.md):
 *
 * <ul>
 *   <li>a 期限 wherever rectification is ordered: a MAJOR danger from RECTIFICATION_ORDERED on, a
 *       GENERAL one once rectified, unless corrected on the day it was found (安全生产法 art 65(二),
 *       (三), art 102 "责令立即消除或者限期消除"); the deadline is not before the finding;</li>
 *   <li>the deadline moves only by a recorded extension (reason, approver, day), approved before it
 *       lapsed; the history is kept, so the deadline in force on any day can be read;</li>
 *   <li>every step records its day on site and who took it: rectificationCompletedAt; for a
 *       GENERAL danger verifiedAt and verifiedBy; for a MAJOR one the assessment, the application
 *       to resume and the authority's review and agreement with its document (art 65(三)
 *       "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用"); dates follow one another and
 *       none lies in the future;</li>
 *   <li>a failed re-inspection sends the danger back, recorded as a FAILED re-inspection;</li>
 *   <li>挂牌督办 (art 41: the 督办 system for MAJOR dangers): MAJOR only; the events are
 *       append-only; de-listed only once rectified, not before the listing; not closed out while
 *       listed; the levels an inspector may record are {@link HazardPolicy#inspectorListingLevels}.</li>
 * </ul>
 */
public final class HazardRules {

    private static final Set<HazardStatus> MAJOR_NEEDS_DEADLINE =
            EnumSet.of(RECTIFICATION_ORDERED, IN_TREATMENT, ASSESSED, RESUMPTION_REQUESTED, CLOSED_OUT);
    private static final Set<HazardStatus> MAJOR_NEEDS_ASSESSMENT = EnumSet.of(ASSESSED, RESUMPTION_REQUESTED, CLOSED_OUT);
    private static final Set<HazardStatus> MAJOR_NEEDS_RESUMPTION = EnumSet.of(RESUMPTION_REQUESTED, CLOSED_OUT);

    private HazardRules() {
    }

    /**
     * A danger as it is first stored. It may have been walked on through its lifecycle on the
     * device before it first synced, but only with the record of every step it passed; a MAJOR
     * danger is never created closed out (销号 is the authority's act on a danger it has known).
     *
     * @param anyLevel whether the writer may record a listing at any level (an administrator)
     */
    public static Optional<LifecycleRefusal> checkNew(HazardRecord h, LocalDate today, HazardPolicy policy, boolean anyLevel) {
        if (h.grade() == HazardGrade.MAJOR && h.status() == CLOSED_OUT) {
            return refuse(ILLEGAL_TRANSITION, "status", "重大事故隐患不能直接以已销号（CLOSED_OUT）登记：销号须在隐患登记后，经审查同意（安全生产法第六十五条第三项）");
        }
        Optional<LifecycleRefusal> state = checkState(h, today);
        if (state.isPresent()) {
            return state;
        }
        return checkNewEvents(HazardRecordNone.of(h), h, policy, anyLevel);
    }

    /** A change of a stored danger. */
    public static Optional<LifecycleRefusal> checkChange(HazardRecord before, HazardRecord after, LocalDate today,
                                                         HazardPolicy policy, boolean anyLevel) {
        Optional<LifecycleRefusal> kept = keepsHistory(before, after);
        if (kept.isPresent()) {
            return kept;
        }
        Optional<LifecycleRefusal> edge = HazardLifecycle.checkChange(before.grade(), before.status(), after.grade(), after.status(), after.plan());
        if (edge.isPresent()) {
            return edge;
        }
        if (HazardLifecycle.isSendBack(after.grade(), before.status(), after.status())) {
            List<HazardRecord.Reinspection> added = after.reinspections().subList(before.reinspections().size(), after.reinspections().size());
            HazardRecord.Reinspection failed = added.stream().filter(r -> !r.passed()).reduce((a, b) -> b).orElse(null);
            if (failed == null) {
                return refuse(STEP_NOT_RECORDED, "reinspections", "退回整改须记录复查不合格：从 " + before.status().shown()
                        + " 退回时，请在复查记录中追加一条不合格（FAILED）的复查（日期、复查人）");
            }
            if (before.rectifiedOn() != null && failed.on().isBefore(before.rectifiedOn())) {
                return refuse(DATE_OUT_OF_ORDER, "reinspections", "复查日期 " + failed.on() + " 早于整改完成日期 " + before.rectifiedOn());
            }
        }
        if (before.deadline() != null && !Objects.equals(before.deadline(), after.deadline())) {
            boolean extended = after.extensions().size() == before.extensions().size() + 1
                    && last(after.extensions()).previousDeadline().equals(before.deadline())
                    && last(after.extensions()).newDeadline().equals(after.deadline());
            if (!extended) {
                return refuse(EXTENSION_REQUIRED, "deadline", "整改期限只能通过延期变更：请在延期记录中追加一条（原期限 "
                        + before.deadline() + "、新期限、理由、批准人、批准日期）；整改期限不能删除或直接修改");
            }
        }
        Optional<LifecycleRefusal> state = newViolation(before, after, today);
        if (state.isPresent()) {
            return state;
        }
        return checkNewEvents(before, after, policy, anyLevel);
    }

    /**
     * The state of a danger on its own: what each status needs recorded, and dates in order.
     *
     * @param today today in the jurisdiction's zone (no day recorded on site lies after it)
     */
    public static Optional<LifecycleRefusal> checkState(HazardRecord h, LocalDate today) {
        List<LifecycleRefusal> all = violations(h, today);
        return all.isEmpty() ? Optional.<LifecycleRefusal>empty() : Optional.of(all.get(0));
    }

    /**
     * Every rule of {@link #checkState} the danger breaks, one refusal per rule (the first of each
     * group of rules that build on one another), in the order {@link #checkState} says them.
     */
    static List<LifecycleRefusal> violations(final HazardRecord h, final LocalDate today) {
        List<LifecycleRefusal> found = new ArrayList<>();
        add(found, HazardLifecycle.checkState(h.grade(), h.status(), h.plan()));
        add(found, deadlineKept(h));
        add(found, checkExtensions(h, today));
        add(found, rectification(h, today));
        add(found, h.grade() == HazardGrade.MAJOR ? checkMajorSteps(h, today) : verification(h, today));
        LocalDate last = h.foundOn();
        for (int i = 0; i < h.reinspections().size(); i++) {
            Optional<LifecycleRefusal> order = inOrder("reinspections/" + i + "/date", h.reinspections().get(i).on(), last, "此前的记录", today);
            if (order.isPresent()) {
                found.add(order.get());
                break;
            }
            last = h.reinspections().get(i).on();
        }
        add(found, rectifiedAfterFailedReinspection(h));
        add(found, checkListing(h, today));
        return found;
    }

    private static void add(List<LifecycleRefusal> found, Optional<LifecycleRefusal> refusal) {
        if (refusal.isPresent()) {
            found.add(refusal.get());
        }
    }

    /**
     * The first rule this change breaks that the danger did not break before it. A danger stored
     * with a fault — kept from before a rule existed, or written by an earlier conflict resolution —
     * whose fault lies in an append-only history could otherwise take no step at all; a change is
     * refused for what it breaks, as a text stored before a rule is not refused again.
     */
    private static Optional<LifecycleRefusal> newViolation(HazardRecord before, HazardRecord after, LocalDate today) {
        List<LifecycleRefusal> held = violations(before, today);
        for (LifecycleRefusal v : violations(after, today)) {
            if (!held.contains(v)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The deadline: not before the finding, and given wherever rectification is ordered (arts 65, 102). */
    private static Optional<LifecycleRefusal> deadlineKept(HazardRecord h) {
        LocalDate found = h.foundOn();
        if (h.deadline() != null && h.deadline().isBefore(found)) {
            return refuse(DATE_OUT_OF_ORDER, "deadline", "整改期限 " + h.deadline() + " 早于发现日期 " + found);
        }
        boolean major = h.grade() == HazardGrade.MAJOR;
        boolean onTheSpot = h.rectifiedOn() != null && h.rectifiedOn().equals(found);
        if (h.deadline() == null && (major ? MAJOR_NEEDS_DEADLINE.contains(h.status())
                : (h.status() == RECTIFIED || h.status() == VERIFIED) && !onTheSpot)) {
            return refuse(DEADLINE_REQUIRED, "deadline", "责令限期整改须有整改期限（安全生产法第六十五条、第一百零二条）：状态为 " + h.status().shown()
                    + " 的" + (major ? "重大" : "一般") + "事故隐患须写明整改期限" + (major ? "" : "（发现当日即整改完成的除外）"));
        }
        return Optional.empty();
    }

    /** The day rectification was completed: given exactly when the status says so, after the finding. */
    private static Optional<LifecycleRefusal> rectification(HazardRecord h, LocalDate today) {
        boolean rectified = HazardLifecycle.isRectified(h.status());
        if (rectified && h.rectifiedOn() == null) {
            return refuse(STEP_NOT_RECORDED, "rectificationCompletedAt", "状态为 " + h.status().shown()
                    + " 的隐患须写明整改完成日期（rectificationCompletedAt）");
        }
        if (!rectified && h.rectifiedOn() != null) {
            return refuse(STEP_NOT_RECORDED, "rectificationCompletedAt", "状态为 " + h.status().shown()
                    + " 的隐患尚未整改完成：请去掉整改完成日期（未通过的整改保留在复查记录和历史中）");
        }
        return inOrder("rectificationCompletedAt", h.rectifiedOn(), h.foundOn(), "发现日期", today);
    }

    /** A GENERAL danger's verification (复查验收): its day and who, exactly when VERIFIED, after the rectification. */
    private static Optional<LifecycleRefusal> verification(HazardRecord h, LocalDate today) {
        if (h.status() == VERIFIED && (h.verifiedOn() == null || h.verifiedBy() == null)) {
            return refuse(STEP_NOT_RECORDED, "verifiedAt", "已复查验收（VERIFIED）的隐患须写明验收日期和验收人（verifiedAt、verifiedBy）");
        }
        if (h.status() != VERIFIED && h.verifiedOn() != null) {
            return refuse(STEP_NOT_RECORDED, "verifiedAt", "只有已复查验收（VERIFIED）的隐患才有验收日期；此隐患的状态是 " + h.status().shown());
        }
        return inOrder("verifiedAt", h.verifiedOn(), h.rectifiedOn(), "整改完成日期", today);
    }

    /**
     * A re-inspection that found the rectification failed (复查不合格) sends the danger back: the
     * rectification that follows is completed on or after that day. An earlier date would make the
     * failed fix the one that counts, and erase the 逾期未整改 the danger carried since its deadline
     * (安全生产法 art 65: 隐患排除前 … the danger stays open until re-inspected as removed).
     */
    private static Optional<LifecycleRefusal> rectifiedAfterFailedReinspection(HazardRecord h) {
        if (h.rectifiedOn() == null) {
            return Optional.empty();
        }
        for (int i = h.reinspections().size() - 1; i >= 0; i--) {
            HazardRecord.Reinspection r = h.reinspections().get(i);
            if (!r.passed()) {
                return h.rectifiedOn().isBefore(r.on())
                        ? refuse(DATE_OUT_OF_ORDER, "rectificationCompletedAt", name("rectificationCompletedAt") + " " + h.rectifiedOn()
                                + " 早于复查不合格的日期 " + r.on() + "（" + name("reinspections/" + i) + "）：复查不合格后重新整改，完成日期须在该次复查之后")
                        : Optional.<LifecycleRefusal>empty();
            }
        }
        return Optional.empty();
    }

    /** The checklist item a danger was found under: a FAIL of a forcesMajor item yields a MAJOR danger only. */
    public static Optional<LifecycleRefusal> checkChecklistItem(HazardGrade grade, String itemCode, String result, boolean forcesMajor) {
        if (!"FAIL".equals(result)) {
            return refuse(LifecycleRefusal.Reason.STEP_NOT_RECORDED, "checklistItemCode", "检查项 " + itemCode
                    + " 的结果是 " + result + "，不是不合格（FAIL）：事故隐患只能从不合格的检查项登记");
        }
        if (forcesMajor && grade != HazardGrade.MAJOR) {
            return refuse(GRADE_MUST_BE_MAJOR, "grade", "检查项 " + itemCode + " 是重大事故隐患判定项（forcesMajor）：它不合格时隐患只能是重大事故隐患（MAJOR）");
        }
        return Optional.empty();
    }

    private static Optional<LifecycleRefusal> checkMajorSteps(HazardRecord h, LocalDate today) {
        if (MAJOR_NEEDS_ASSESSMENT.contains(h.status()) && h.assessment() == null) {
            return refuse(STEP_NOT_RECORDED, "assessment", "治理结束须评估：状态为 " + h.status().shown()
                    + " 的重大事故隐患须写明评估人和评估日期（assessment）");
        }
        if (MAJOR_NEEDS_RESUMPTION.contains(h.status()) && h.resumption() == null) {
            return refuse(STEP_NOT_RECORDED, "resumptionRequest", "状态为 " + h.status().shown()
                    + " 的重大事故隐患须写明恢复生产申请（resumptionRequest）：谁在哪天申请恢复生产经营和使用");
        }
        if (h.status() == CLOSED_OUT && h.review() == null) {
            return refuse(STEP_NOT_RECORDED, "closeOutReview", "重大事故隐患销号须经审查同意（安全生产法第六十五条第三项）：请写明审查同意的机关、日期和文号（closeOutReview）");
        }
        if (h.status() != CLOSED_OUT && h.review() != null) {
            return refuse(STEP_NOT_RECORDED, "closeOutReview", "只有已销号（CLOSED_OUT）的隐患才有销号审查；此隐患的状态是 " + h.status().shown());
        }
        if (MAJOR_NEEDS_ASSESSMENT.contains(h.status())) {
            Optional<LifecycleRefusal> order = inOrder("assessment/assessedAt", h.assessment().on(), h.rectifiedOn(), "整改完成日期", today);
            if (order.isPresent()) {
                return order;
            }
        }
        if (MAJOR_NEEDS_RESUMPTION.contains(h.status())) {
            Optional<LifecycleRefusal> order = inOrder("resumptionRequest/requestedAt", h.resumption().on(), h.assessment().on(), "评估日期", today);
            if (order.isPresent()) {
                return order;
            }
        }
        if (h.status() == CLOSED_OUT) {
            return inOrder("closeOutReview/agreedAt", h.review().agreedOn(), h.resumption().on(), "恢复生产申请日期", today);
        }
        return Optional.empty();
    }

    private static Optional<LifecycleRefusal> checkExtensions(HazardRecord h, LocalDate today) {
        List<HazardRecord.Extension> extensions = h.extensions();
        for (int i = 0; i < extensions.size(); i++) {
            HazardRecord.Extension e = extensions.get(i);
            String at = "extensions/" + i;
            if (!e.newDeadline().isAfter(e.previousDeadline())) {
                return refuse(DATE_OUT_OF_ORDER, at + "/newDeadline", "延期后的期限 " + e.newDeadline() + " 须晚于原期限 " + e.previousDeadline());
            }
            if (i > 0 && !e.previousDeadline().equals(extensions.get(i - 1).newDeadline())) {
                return refuse(DATE_OUT_OF_ORDER, at + "/previousDeadline", "原期限 " + e.previousDeadline()
                        + " 不是上一次延期确定的期限（" + extensions.get(i - 1).newDeadline() + "）");
            }
            if (e.previousDeadline().isBefore(h.foundOn())) {
                return refuse(DATE_OUT_OF_ORDER, at + "/previousDeadline", "原期限 " + e.previousDeadline() + " 早于发现日期 " + h.foundOn());
            }
            Optional<LifecycleRefusal> order = inOrder(at + "/approvedAt", e.approvedOn(), h.foundOn(), "发现日期", today);
            if (order.isPresent()) {
                return order;
            }
            if (e.approvedOn().isAfter(e.previousDeadline())) {
                return refuse(DATE_OUT_OF_ORDER, at + "/approvedAt", "延期须在原期限届满前批准：批准日期 " + e.approvedOn()
                        + " 已在原期限 " + e.previousDeadline() + " 之后（隐患当时已逾期）");
            }
            if (i > 0 && e.approvedOn().isBefore(extensions.get(i - 1).approvedOn())) {
                return refuse(DATE_OUT_OF_ORDER, at + "/approvedAt", "延期记录须按批准的先后顺序排列");
            }
        }
        if (!extensions.isEmpty() && !last(extensions).newDeadline().equals(h.deadline())) {
            return refuse(EXTENSION_REQUIRED, "deadline", "整改期限 " + h.deadline() + " 不是最近一次延期确定的期限（"
                    + last(extensions).newDeadline() + "）");
        }
        return Optional.empty();
    }

    private static Optional<LifecycleRefusal> checkListing(HazardRecord h, LocalDate today) {
        List<HazardRecord.ListingEvent> events = h.listing();
        if (events.isEmpty()) {
            return Optional.empty();
        }
        if (h.grade() != HazardGrade.MAJOR) {
            return refuse(LISTING_REFUSED, "supervisionListing", "挂牌督办只适用于重大事故隐患（安全生产法第四十一条）：一般事故隐患不能挂牌");
        }
        ListingLevel level = null;
        LocalDate listedOn = null;
        LocalDate last = h.foundOn();
        for (int i = 0; i < events.size(); i++) {
            HazardRecord.ListingEvent e = events.get(i);
            String at = "supervisionListing/" + i;
            Optional<LifecycleRefusal> order = inOrder(at + "/date", e.on(), last, e.listed() ? "发现日期或此前的督办记录" : "挂牌日期", today);
            if (order.isPresent()) {
                return order;
            }
            last = e.on();
            if (e.listed()) {
                if (level != null && e.level().ordinal() <= level.ordinal()) {
                    return refuse(LISTING_REFUSED, at + "/level", "已在" + Labels.named("listingLevels", level) + "挂牌督办；挂牌期间再次挂牌须是升级到更高一级督办");
                }
                if (level == null) {
                    listedOn = e.on();
                }
                level = e.level();
            } else {
                if (level == null) {
                    return refuse(LISTING_REFUSED, at, "摘牌须先挂牌：此隐患未挂牌");
                }
                if (e.level() != level) {
                    return refuse(LISTING_REFUSED, at + "/level", "摘牌级别 " + Labels.named("listingLevels", String.valueOf(e.level()))
                            + " 与挂牌级别 " + Labels.named("listingLevels", String.valueOf(level)) + " 不同：由挂牌的机关摘牌");
                }
                if (e.on().isBefore(listedOn)) {
                    return refuse(DATE_OUT_OF_ORDER, at + "/date", "摘牌日期 " + e.on() + " 早于挂牌日期 " + listedOn);
                }
                level = null;
            }
        }
        if (level != null && h.status() == CLOSED_OUT) {
            return refuse(LISTING_REFUSED, "supervisionListing", "挂牌督办的隐患销号须同时摘牌：请在同一次修改中或之前追加摘牌记录（级别 "
                    + Labels.named("listingLevels", level) + "、日期、文号、机关）");
        }
        return Optional.empty();
    }

    /** Events new in this write: de-listing needs a rectified danger; listing needs a permitted level. */
    private static Optional<LifecycleRefusal> checkNewEvents(HazardRecord before, HazardRecord after, HazardPolicy policy, boolean anyLevel) {
        List<HazardRecord.ListingEvent> events = after.listing();
        for (int i = before.listing().size(); i < events.size(); i++) {
            HazardRecord.ListingEvent e = events.get(i);
            String at = "supervisionListing/" + i;
            if (e.listed() && !anyLevel && !policy.inspectorListingLevels().contains(e.level())) {
                return refuse(LISTING_NOT_PERMITTED, at + "/level", "检查人员不能登记" + Labels.named("listingLevels", e.level()) + "挂牌督办（可登记："
                        + Labels.named("listingLevels", policy.inspectorListingLevels()) + "）；由管理员登记该级机关的挂牌文件");
            }
            if (!e.listed()) {
                if (!HazardLifecycle.isRectified(after.status())) {
                    return refuse(LISTING_REFUSED, at, "隐患未完成整改，不能摘牌：当前状态是 " + after.status().shown()
                            + "；摘牌须在整改完成并经评估之后");
                }
                if (after.rectifiedOn() != null && e.on().isBefore(after.rectifiedOn())) {
                    return refuse(DATE_OUT_OF_ORDER, at + "/date", "摘牌日期 " + e.on() + " 早于整改完成日期 " + after.rectifiedOn());
                }
            }
        }
        return Optional.empty();
    }

    /** The append-only histories keep every entry they had, in order. */
    private static Optional<LifecycleRefusal> keepsHistory(HazardRecord before, HazardRecord after) {
        if (!isPrefix(before.listing(), after.listing())) {
            return refuse(APPEND_ONLY, "supervisionListing", "挂牌督办记录只能追加，不能删改：请保留现有的每一条，再加上新的一条");
        }
        if (!isPrefix(before.extensions(), after.extensions())) {
            return refuse(APPEND_ONLY, "extensions", "延期记录只能追加，不能删改");
        }
        if (!isPrefix(before.reinspections(), after.reinspections())) {
            return refuse(APPEND_ONLY, "reinspections", "复查记录只能追加，不能删改");
        }
        return Optional.empty();
    }

    private static <T> boolean isPrefix(List<T> before, List<T> after) {
        return after.size() >= before.size() && after.subList(0, before.size()).equals(before);
    }

    /** A day that must not precede another (when both are known) nor lie after today. */
    private static Optional<LifecycleRefusal> inOrder(String field, LocalDate day, LocalDate notBefore, String what, LocalDate today) {
        if (day == null) {
            return Optional.empty();
        }
        if (notBefore != null && day.isBefore(notBefore)) {
            return refuse(DATE_OUT_OF_ORDER, field, name(field) + " " + day + " 早于" + what + " " + notBefore);
        }
        if (day.isAfter(today)) {
            return refuse(DATE_OUT_OF_ORDER, field, name(field) + " " + day + " 在今天（" + today + "）之后：现场记录的日期不能晚于今天");
        }
        return Optional.empty();
    }

    /** A field as a person reads it in a refusal: "挂牌督办 第 3 项 · 日期", not supervisionListing/2/date. */
    private static String name(String field) {
        return PlainWords.fieldName(RecordType.HAZARD, "/" + field);
    }

    private static Optional<LifecycleRefusal> refuse(LifecycleRefusal.Reason reason, String field, String message) {
        return Optional.of(LifecycleRefusal.of(reason, field, message));
    }

    /** The empty "before" of a new danger: nothing listed, extended or re-inspected yet. */
    private static final class HazardRecordNone {
        static HazardRecord of(HazardRecord h) {
            return new HazardRecord(h.grade(), h.status(), h.foundOn(), null, java.util.Collections.emptyList(), null, null, null, null, null, null,
                    java.util.Collections.emptyList(), java.util.Collections.emptyList(), h.plan());
        }
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
