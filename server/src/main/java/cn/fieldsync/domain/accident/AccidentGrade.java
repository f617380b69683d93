package cn.fieldsync.domain.accident;

import cn.fieldsync.schemas.Labels;
import java.math.BigDecimal;

/**
 * Accident grade per 生产安全事故报告和调查处理条例 (State Council decree 493) art 3.
 *
 * <p>Each criterion (deaths, serious injuries, direct economic loss) gives a grade on its own;
 * the accident takes the most severe. The thresholds are half-open: "以上" includes the bound,
 * "以下" excludes it, so 10 deaths is MAJOR and 9 is SERIOUS; a loss of exactly 100 million
 * CNY is EXTRAORDINARY.
 */
public enum AccidentGrade {
    /** 一般事故. */
    ORDINARY(0, 0, 0),
    /** 较大事故. */
    SERIOUS(3, 10, 10_000_000L),
    /** 重大事故. */
    MAJOR(10, 50, 50_000_000L),
    /** 特别重大事故. */
    EXTRAORDINARY(30, 100, 100_000_000L);

    private final int minDeaths;
    private final int minSeriousInjuries;
    private final BigDecimal minDirectLossCny;

    AccidentGrade(int minDeaths, int minSeriousInjuries, long minDirectLossCny) {
        this.minDeaths = minDeaths;
        this.minSeriousInjuries = minSeriousInjuries;
        this.minDirectLossCny = BigDecimal.valueOf(minDirectLossCny);
    }

    /**
     * @param deaths             people killed (including missing presumed dead), never negative
     * @param seriousInjuries    people seriously injured (including acute industrial poisoning)
     * @param directLossCny      direct economic loss in yuan, never negative
     */
    public static AccidentGrade of(int deaths, int seriousInjuries, BigDecimal directLossCny) {
        if (deaths < 0 || seriousInjuries < 0 || directLossCny == null || directLossCny.signum() < 0) {
            throw new IllegalArgumentException(Labels.say("accidentFiguresNegative"));
        }
        AccidentGrade grade = ORDINARY;
        for (AccidentGrade candidate : values()) {
            if (deaths >= candidate.minDeaths
                    || seriousInjuries >= candidate.minSeriousInjuries
                    || directLossCny.compareTo(candidate.minDirectLossCny) >= 0) {
                grade = candidate;
            }
        }
        return grade;
    }
}
