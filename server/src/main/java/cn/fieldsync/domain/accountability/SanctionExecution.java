package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * 政务处分法 art 15 applied to every 政务处分 decided against one person in one case: "应当给予两种
 * 以上政务处分的，执行其中最重的政务处分；应当给予撤职以下多个相同政务处分的，可以在一个政务处分期以上、
 * 多个政务处分期之和以下确定政务处分期，但是最长不得超过四十八个月".
 *
 * <ul>
 *   <li>Of different kinds only the heaviest kind is executed; the lighter ones are decided but
 *       not executed and carry no period of their own.</li>
 *   <li>Several of the heaviest kind (撤职 or lighter) give one combined period, chosen between
 *       one period and the sum, at most 48 months; the sum (capped) unless the deciding body
 *       chose otherwise. It runs from the earliest of their effective days — the combined period
 *       replaces the separate ones, it does not extend past what the law allows from the first
 *       decision. (A choice the article leaves open; documented in docs/accountability.md.)</li>
 *   <li>开除 has no period.</li>
 * </ul>
 */
public final class SanctionExecution {

    private SanctionExecution() {
    }

    /** One decided sanction: {@code chosenMonths} is the period the deciding body chose, or null for the default. */
    public record Decided(String id, GovernmentSanction kind, LocalDate effective, Integer chosenMonths) {
    }

    /**
     * @param executed     the kind executed
     * @param executedIds  the sanctions of that kind, which share the period
     * @param supersededIds the lighter sanctions, decided but not executed
     * @param months       the combined period in months; empty for 开除
     * @param from         the day the period runs from
     * @param ends         its last day; empty for 开除
     */
    public record Execution(GovernmentSanction executed, List<String> executedIds, List<String> supersededIds,
                            Optional<Integer> months, LocalDate from, Optional<LocalDate> ends) {
    }

    /** @throws IllegalArgumentException when no sanction is given or a chosen period is out of art 15's bounds */
    public static Execution of(List<Decided> sanctions, PeriodRules rules) {
        if (sanctions.isEmpty()) {
            throw new IllegalArgumentException(Labels.say("sanctionNone"));
        }
        GovernmentSanction heaviest = GovernmentSanction.heaviest(sanctions.stream().map(Decided::kind).toList());
        List<Decided> executed = sanctions.stream().filter(s -> s.kind() == heaviest)
                .sorted(Comparator.comparing(Decided::effective)).toList();
        List<String> superseded = new ArrayList<>();
        sanctions.stream().filter(s -> s.kind() != heaviest).forEach(s -> superseded.add(s.id()));
        LocalDate from = executed.getFirst().effective();
        if (heaviest.influenceMonths().isEmpty()) {
            return new Execution(heaviest, executed.stream().map(Decided::id).toList(), superseded, Optional.empty(), from, Optional.empty());
        }
        int[] bounds = heaviest.combinedMonthsBounds(executed.size());
        // the latest choice made is the determination in force
        int months = bounds[1];
        for (Decided d : executed) {
            if (d.chosenMonths() != null) {
                months = d.chosenMonths();
            }
        }
        if (months < bounds[0] || months > bounds[1]) {
            throw new IllegalArgumentException(Labels.say("sanctionMonths", executed.size(), Labels.name("governmentSanctionKinds", heaviest.name()),
                    bounds[0], bounds[1], months));
        }
        LocalDate ends = rules.forDurations().lastDayAfterMonths(from, months);
        return new Execution(heaviest, executed.stream().map(Decided::id).toList(), superseded, Optional.of(months), from, Optional.of(ends));
    }
}
