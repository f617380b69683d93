package cn.fieldsync.domain.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.domain.accident.AccidentGrade;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The reporting rules of 生产安全事故报告和调查处理条例 (493号令) a case keeps track of:
 *
 * <ul>
 *   <li>art 3: the grade counts 重伤 "包括急性工业中毒"; the casualties of a report include 下落不明的人数
 *       (art 12(四)), so the missing are counted with the dead until found — a grade must not be
 *       lowered by people not yet found;</li>
 *   <li>art 9: the unit's person in charge reports to the regulators within one hour of learning
 *       of the accident; later is 迟报;</li>
 *   <li>art 13: casualties that change within 30 days of the accident (7 days for road traffic
 *       and fire accidents) are reported again (补报) — and the grade follows the new figures;</li>
 *   <li>arts 35, 36, 39: 迟报, 漏报, 谎报, 瞒报 are each a ground of liability, so each is marked.</li>
 * </ul>
 */
public final class AccidentReporting {

    /** art 9: one hour from learning of the accident. */
    public static final Duration REPORT_WITHIN = Duration.ofHours(1);

    public enum Sector {
        /** 道路交通事故: art 13's 7 days. */
        ROAD_TRAFFIC,
        /** 火灾事故: art 13's 7 days. */
        FIRE,
        OTHER
    }

    /** The marks an accident's reporting may carry, with the articles that make each a ground of liability. */
    public enum Mark {
        LATE("迟报", "第35条第（二）项、第39条第（二）项"),
        OMITTED("漏报", "第35条第（二）项、第39条第（二）项"),
        FALSE("谎报", "第36条第（一）项、第39条第（三）项"),
        CONCEALED("瞒报", "第36条第（一）项、第39条第（三）项");

        private final String label;
        private final String articles;

        Mark(String label, String articles) {
            this.label = label;
            this.articles = articles;
        }

        public String label() {
            return label;
        }

        public String articles() {
            return articles;
        }
    }

    /** Figures of an accident: {@code missing} and {@code poisoned} are counted as art 3 and art 12 say. */
    public record Figures(int deaths, int missing, int seriousInjuries, int poisoned, BigDecimal directLossCny) {
        public Figures {
            if (deaths < 0 || missing < 0 || seriousInjuries < 0 || poisoned < 0 || directLossCny == null || directLossCny.signum() < 0) {
                throw new IllegalArgumentException(Labels.say("accidentFiguresNegative"));
            }
        }

        public AccidentGrade grade() {
            return AccidentGrade.of(deaths + missing, seriousInjuries + poisoned, directLossCny);
        }
    }

    private AccidentReporting() {
    }

    /** Art 9: the report to the regulators was later than one hour after the person in charge learned of the accident. */
    public static boolean reportedLate(Instant known, Instant reported) {
        return Duration.between(known, reported).compareTo(REPORT_WITHIN) > 0;
    }

    /** Art 13: the last day casualty changes are reported again (and re-grade the accident). */
    public static LocalDate supplementWindowEnds(LocalDate accidentDay, Sector sector) {
        return accidentDay.plusDays(sector == Sector.OTHER ? 30 : 7);
    }

    /**
     * The grade after a change of casualties reported on {@code on}; refused after art 13's
     * window (the figures then change only through the investigation report).
     */
    public static Optional<String> refuseChange(LocalDate accidentDay, Sector sector, LocalDate on) {
        LocalDate last = supplementWindowEnds(accidentDay, sector);
        if (on.isBefore(accidentDay)) {
            return Optional.of(Labels.say("accidentChangeBeforeAccident", on, accidentDay));
        }
        return on.isAfter(last) ? Optional.of(Labels.say("accidentChangeTooLate", last,
                sector == Sector.OTHER ? "事故发生之日起 30 日内" : "道路交通事故、火灾事故自发生之日起 7 日内", on)) : Optional.empty();
    }

    /** The days a thing was done after its due day; empty when on time. */
    public static Optional<Long> daysLate(LocalDate due, LocalDate done) {
        return done.isAfter(due) ? Optional.of(ChronoUnit.DAYS.between(due, done)) : Optional.empty();
    }

    /** Labels for the marks, for views. */
    public static Map<String, String> labels() {
        return Map.of("LATE", "迟报", "OMITTED", "漏报", "FALSE", "谎报", "CONCEALED", "瞒报");
    }
}
