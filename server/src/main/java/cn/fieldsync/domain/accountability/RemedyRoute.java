package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Who hears a challenge to an accountability decision, and within what time, depends on who
 * decided it and what it is. The procedure's REVIEW_REQUESTED step is the first level of the
 * route, APPEALED the second.
 *
 * <ul>
 *   <li>{@link #SUPERVISORY_ORGAN}: a 政务处分 decided by a 监察机关 — 监察法 (2024) art 56 and
 *       政务处分法 arts 55–56: 复审 by the deciding organ, applied for within one month of receiving
 *       the decision and decided within one month; then 复核 by the organ one level up, applied for
 *       within one month of receiving the 复审 decision and decided within two months. There is no
 *       direct second level. The sanction is executed meanwhile.</li>
 *   <li>{@link #APPOINTING_ORGAN}: a 处分 of a civil servant decided by the 任免机关 — 公务员法 arts
 *       95–96: 复核 within 30 days of learning of it, decided within 30 days; 申诉 within 15 days of
 *       the 复核 decision, or directly within 30 days of learning of it; decided within 60 days,
 *       extendable by at most 30.</li>
 *   <li>{@link #PARTY_ORGAN}: party accountability (问责) — 中国共产党问责条例 (2019) art 21
 *       [secondary: not in the project's law texts]: 申诉 to the deciding organ within one month of
 *       receiving the decision, decided within one month; no second level.</li>
 *   <li>{@link #PARTY_DISCIPLINE}: 党纪处分 — the member may appeal (申诉); no period for it is in the
 *       project's law texts, so none is computed and FINAL is recorded by hand.</li>
 *   <li>{@link #NONE}: 约谈, 通报, 整改通知 are not sanctions; nothing to challenge.</li>
 * </ul>
 */
public enum RemedyRoute {
    SUPERVISORY_ORGAN("复审", "复核", Unit.MONTHS, 1, 1, 1, 2, false, "监察法第56条、政务处分法第55–56条"),
    APPOINTING_ORGAN("复核", "申诉", Unit.DAYS, 30, 30, 15, 60, true, "公务员法第95–96条"),
    PARTY_ORGAN("申诉", null, Unit.MONTHS, 1, 1, 0, 0, false, "中国共产党问责条例第21条"),
    PARTY_DISCIPLINE("申诉", null, null, 0, 0, 0, 0, false, "党纪处分申诉（参考法规中无申诉期限，不计算）"),
    NONE(null, null, null, 0, 0, 0, 0, false, "约谈、通报、整改通知不是处分，无救济程序");

    private enum Unit { DAYS, MONTHS }

    /** 公务员法 art 96: the appeal decision may be extended by at most this many days. */
    public static final int APPEAL_EXTENSION_MAX_DAYS = 30;

    private final String firstLevel;
    private final String secondLevel;
    private final Unit unit;
    private final int firstRequest;
    private final int firstDecision;
    private final int secondRequest;
    private final int secondDecision;
    private final boolean directSecondLevel;
    private final String basis;

    RemedyRoute(String firstLevel, String secondLevel, Unit unit, int firstRequest, int firstDecision, int secondRequest,
                int secondDecision, boolean directSecondLevel, String basis) {
        this.firstLevel = firstLevel;
        this.secondLevel = secondLevel;
        this.unit = unit;
        this.firstRequest = firstRequest;
        this.firstDecision = firstDecision;
        this.secondRequest = secondRequest;
        this.secondDecision = secondDecision;
        this.directSecondLevel = directSecondLevel;
        this.basis = basis;
    }

    /**
     * The route for a form decided by a body.
     *
     * @param decidingBodyKind SUPERVISORY_ORGAN (监察机关), APPOINTING_ORGAN (任免机关) or PARTY_ORGAN (党组织);
     *                         only read for government sanctions
     */
    public static RemedyRoute of(AccountabilityForm form, String decidingBodyKind) {
        return switch (form.category()) {
            case WARNING -> NONE;
            case PARTY_ACCOUNTABILITY -> PARTY_ORGAN;
            case PARTY_DISCIPLINE -> PARTY_DISCIPLINE;
            case GOVERNMENT_SANCTION -> "APPOINTING_ORGAN".equals(decidingBodyKind) ? APPOINTING_ORGAN : SUPERVISORY_ORGAN;
        };
    }

    /** The first level's name (复审, 复核 or 申诉), empty when there is no remedy. */
    public Optional<String> firstLevel() {
        return Optional.ofNullable(firstLevel);
    }

    /** The second level's name (复核 or 申诉), empty when there is none. */
    public Optional<String> secondLevel() {
        return Optional.ofNullable(secondLevel);
    }

    public boolean allowsDirectSecondLevel() {
        return directSecondLevel;
    }

    /** Whether the route's periods are given by law (so windows are checked and shown). */
    public boolean timed() {
        return unit != null;
    }

    /** The articles the route follows. */
    public String basis() {
        return basis;
    }

    /** Last day to lodge the first level, counted from the day the person received (knew of) the decision. */
    public Optional<LocalDate> firstRequestDue(LocalDate known, PeriodRules rules) {
        return timed() && firstLevel != null ? Optional.of(add(known, firstRequest, rules)) : Optional.empty();
    }

    /** Last day for the first level to be decided, counted from its request. */
    public Optional<LocalDate> firstDecisionDue(LocalDate requested, PeriodRules rules) {
        return timed() && firstLevel != null ? Optional.of(add(requested, firstDecision, rules)) : Optional.empty();
    }

    /** Last day to lodge the second level, counted from receiving the first level's decision. */
    public Optional<LocalDate> secondRequestDue(LocalDate firstDecisionReceived, PeriodRules rules) {
        return timed() && secondLevel != null ? Optional.of(add(firstDecisionReceived, secondRequest, rules)) : Optional.empty();
    }

    /** 公务员法 art 95: the direct 申诉, within 30 days of learning of the decision. */
    public Optional<LocalDate> directSecondRequestDue(LocalDate known, PeriodRules rules) {
        return directSecondLevel ? Optional.of(add(known, firstRequest, rules)) : Optional.empty();
    }

    /** Last day for the second level to be decided; {@code extensionDays} only on the 公务员法 route (at most 30). */
    public Optional<LocalDate> secondDecisionDue(LocalDate accepted, int extensionDays, PeriodRules rules) {
        if (extensionDays < 0 || extensionDays > (this == APPOINTING_ORGAN ? APPEAL_EXTENSION_MAX_DAYS : 0)) {
            throw new IllegalArgumentException(this == APPOINTING_ORGAN ? Labels.say("appealExtension", extensionDays)
                    : Labels.say("remedyNoExtension", basis));
        }
        return timed() && secondLevel != null ? Optional.of(add(accepted, secondDecision + extensionDays, rules)) : Optional.empty();
    }

    private LocalDate add(LocalDate from, int amount, PeriodRules rules) {
        return unit == Unit.MONTHS ? rules.lastDayAfterMonths(from, amount) : rules.lastDayAfterDays(from, amount);
    }
}
