package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * 政务处分 (公职人员政务处分法 arts 7–8, 15) [law], lightest first, with their influence periods:
 * 警告 6 months, 记过 12, 记大过 18, 降级 and 撤职 24; 开除 has none. The period runs from the day
 * the decision takes effect.
 */
public enum GovernmentSanction {
    WARNING(6),
    DEMERIT(12),
    MAJOR_DEMERIT(18),
    DEMOTION(24),
    DISMISSAL_FROM_POST(24),
    EXPULSION(0);

    /** Art 15: several sanctions of one kind (撤职 or lighter) run at most this long together. */
    public static final int MAX_COMBINED_MONTHS = 48;

    private final int months;

    GovernmentSanction(int months) {
        this.months = months;
    }

    /** The influence period in months; empty for 开除, which has none. */
    public Optional<Integer> influenceMonths() {
        return this == EXPULSION ? Optional.empty() : Optional.of(months);
    }

    /** The last day of the influence period of one sanction decided to take effect on that day. */
    public Optional<LocalDate> influenceEnds(LocalDate effective) {
        return influenceMonths().map(m -> Periods.lastDayAfterMonths(effective, m));
    }

    /** Art 15: of sanctions of different kinds for several violations, the heaviest is executed. */
    public static GovernmentSanction heaviest(Collection<GovernmentSanction> sanctions) {
        return sanctions.stream().max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalArgumentException(Labels.say("sanctionNone")));
    }

    /**
     * Art 15: for {@code count} sanctions of this kind (撤职 or lighter) the period is set between
     * one period and the sum of the periods, and never above 48 months.
     *
     * @return {min, max} months
     */
    public int[] combinedMonthsBounds(int count) {
        if (this == EXPULSION) {
            throw new IllegalArgumentException(Labels.say("sanctionExpulsionNoPeriod"));
        }
        if (count < 1) {
            throw new IllegalArgumentException(Labels.say("sanctionNone"));
        }
        return new int[] {months, Math.min(months * count, MAX_COMBINED_MONTHS)};
    }

    /** The last day of a combined period, refused when the months chosen are out of art 15's bounds. */
    public LocalDate combinedInfluenceEnds(LocalDate effective, int count, int chosenMonths) {
        int[] bounds = combinedMonthsBounds(count);
        if (chosenMonths < bounds[0] || chosenMonths > bounds[1]) {
            throw new IllegalArgumentException(Labels.say("sanctionMonths", count, Labels.name("governmentSanctionKinds", name()),
                    bounds[0], bounds[1], chosenMonths));
        }
        return Periods.lastDayAfterMonths(effective, chosenMonths);
    }
}
