package cn.fieldsync.domain.casefile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 四不放过: a case closes only when all four are done — and each is backed by what it means,
 * not by a ticked box alone:
 *
 * <ul>
 *   <li>原因未查清不放过 (CAUSE_ESTABLISHED): for an accident, the investigation report is submitted
 *       and the government has replied (批复; 493号令 arts 29, 32); otherwise a finding is made;</li>
 *   <li>责任人员未处理不放过 (RESPONSIBLE_DEALT_WITH): no action is still PROPOSED or NOTIFIED — each is
 *       decided or exempted — and a 责任事故 has at least one action (安全生产法 art 87);</li>
 *   <li>整改措施未落实不放过 (RECTIFICATION_IMPLEMENTED): none of the unit's hidden dangers is past its
 *       deadline without being rectified or under a treatment plan; for an accident, the one-year
 *       evaluation of the rectification is scheduled within a year of the 批复 (安全生产法 art
 *       86(3));</li>
 *   <li>有关人员未受到教育不放过 (PEOPLE_EDUCATED): an education record (day, what, who) is kept.</li>
 * </ul>
 */
public final class CloseOutChecklist {

    public enum Item {
        /** 事故原因未查清不放过. */
        CAUSE_ESTABLISHED,
        /** 责任人员未处理不放过. */
        RESPONSIBLE_DEALT_WITH,
        /** 整改措施未落实不放过. */
        RECTIFICATION_IMPLEMENTED,
        /** 有关人员未受到教育不放过. */
        PEOPLE_EDUCATED
    }

    /**
     * The facts behind the items.
     *
     * @param accident          the case is about an accident
     * @param reportSubmitted   the investigation report is in
     * @param replyOn           the day of the 批复, or null
     * @param findings          findings on either track
     * @param undecidedActions  actions still PROPOSED or NOTIFIED
     * @param actions           all actions
     * @param liabilityAccident 事故性质 is 责任事故
     * @param overdueHazards    the unit's dangers past their deadline, neither rectified nor under a plan
     * @param evaluationDue     the day the one-year evaluation is scheduled for, or null
     * @param educationRecords  education records kept
     */
    public record Facts(boolean accident, boolean reportSubmitted, LocalDate replyOn, int findings, int undecidedActions, int actions,
                        boolean liabilityAccident, int overdueHazards, LocalDate evaluationDue, int educationRecords) {
    }

    private CloseOutChecklist() {
    }

    /** What each item still lacks in fact; an item with an empty list is backed. */
    public static Map<Item, List<String>> unmet(Facts f) {
        Map<Item, List<String>> unmet = new EnumMap<>(Item.class);
        for (Item item : Item.values()) {
            unmet.put(item, new ArrayList<>());
        }
        if (f.accident()) {
            if (!f.reportSubmitted()) {
                unmet.get(Item.CAUSE_ESTABLISHED).add("事故调查报告未提交（生产安全事故报告和调查处理条例第29条）");
            }
            if (f.replyOn() == null) {
                unmet.get(Item.CAUSE_ESTABLISHED).add("调查报告未获批复（第32条）");
            }
        } else if (f.findings() == 0) {
            unmet.get(Item.CAUSE_ESTABLISHED).add("尚无认定事实");
        }
        if (f.undecidedActions() > 0) {
            unmet.get(Item.RESPONSIBLE_DEALT_WITH).add(f.undecidedActions() + "项问责尚未决定或免责");
        }
        if (f.liabilityAccident() && f.actions() == 0) {
            unmet.get(Item.RESPONSIBLE_DEALT_WITH).add("责任事故尚无任何问责（安全生产法第87条）");
        }
        if (f.overdueHazards() > 0) {
            unmet.get(Item.RECTIFICATION_IMPLEMENTED).add("事发单位有" + f.overdueHazards() + "项隐患逾期未整改且无治理方案");
        }
        if (f.accident()) {
            if (f.evaluationDue() == null) {
                unmet.get(Item.RECTIFICATION_IMPLEMENTED).add("未安排批复后一年内的整改评估（安全生产法第86条第3款）");
            } else if (f.replyOn() != null && f.evaluationDue().isAfter(evaluationLatest(f.replyOn()))) {
                unmet.get(Item.RECTIFICATION_IMPLEMENTED).add("整改评估须在批复后一年内（" + evaluationLatest(f.replyOn()) + "前）");
            }
        }
        if (f.educationRecords() == 0) {
            unmet.get(Item.PEOPLE_EDUCATED).add("尚无警示教育记录");
        }
        return unmet;
    }

    /** 安全生产法 art 86(3): the evaluation comes within one year of the 批复. */
    public static LocalDate evaluationLatest(LocalDate replyOn) {
        return replyOn.plusYears(1);
    }

    /** The items still open: not ticked, or not backed by the facts. */
    public static Set<Item> open(Set<Item> done, Facts facts) {
        Set<Item> open = EnumSet.allOf(Item.class);
        open.removeAll(done);
        unmet(facts).forEach((item, lacks) -> {
            if (!lacks.isEmpty()) {
                open.add(item);
            }
        });
        return open;
    }

    /** The items not ticked (the facts aside). */
    public static Set<Item> open(Set<Item> done) {
        Set<Item> open = EnumSet.allOf(Item.class);
        open.removeAll(done);
        return open;
    }

    public static boolean canClose(Set<Item> done, Facts facts) {
        return open(done, facts).isEmpty();
    }

    public static boolean canClose(Set<Item> done) {
        return open(done).isEmpty();
    }
}
