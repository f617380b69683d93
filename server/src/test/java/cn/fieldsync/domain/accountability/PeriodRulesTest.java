package cn.fieldsync.domain.accountability;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** 民法典 arts 201–203: how a period is counted, with both local choices configurable. */
class PeriodRulesTest {

    private static final PeriodRules NO_MOVE = new PeriodRules(false, false, Set.of(), Set.of());
    private static final PeriodRules FIRST_DAY_COUNTED = new PeriodRules(true, false, Set.of(), Set.of());

    @Test
    void art201_theFirstDayIsNotCounted_oneMonthFrom1DecemberEnds1January() {
        assertThat(NO_MOVE.lastDayAfterMonths(LocalDate.of(2026, 12, 1), 1)).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(NO_MOVE.lastDayAfterDays(LocalDate.of(2026, 12, 1), 30)).isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void art201_countingTheFirstDayIsAConfiguredChoice() {
        assertThat(FIRST_DAY_COUNTED.lastDayAfterMonths(LocalDate.of(2026, 12, 1), 1)).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(FIRST_DAY_COUNTED.lastDayAfterDays(LocalDate.of(2026, 12, 1), 30)).isEqualTo(LocalDate.of(2026, 12, 30));
    }

    @Test
    void art202_aMonthWithoutTheCorrespondingDayEndsOnItsLastDay() {
        assertThat(NO_MOVE.lastDayAfterMonths(LocalDate.of(2027, 1, 31), 1)).isEqualTo(LocalDate.of(2027, 2, 28));
        assertThat(NO_MOVE.lastDayAfterMonths(LocalDate.of(2028, 1, 31), 1)).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void art203_aLastDayOnAHolidayMovesToTheNextWorkingDay() {
        // 2027-01-01 is 元旦 (a Friday); 2 and 3 January are a weekend: the period runs to Monday 4 January
        assertThat(PeriodRules.DEFAULT.lastDayAfterMonths(LocalDate.of(2026, 12, 1), 1)).isEqualTo(LocalDate.of(2027, 1, 4));
        // 2027-02-28 is a Sunday
        assertThat(PeriodRules.DEFAULT.lastDayAfterMonths(LocalDate.of(2027, 1, 31), 1)).isEqualTo(LocalDate.of(2027, 3, 1));
        // 国庆 1–3 October 2027 (Friday to Sunday)
        assertThat(PeriodRules.DEFAULT.lastDayAfterDays(LocalDate.of(2027, 9, 1), 30)).isEqualTo(LocalDate.of(2027, 10, 4));
        // a working day stays
        assertThat(PeriodRules.DEFAULT.lastDayAfterDays(LocalDate.of(2026, 12, 1), 30)).isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void art203_configuredHolidaysAndMakeUpWorkingDaysAreHonoured() {
        LocalDate saturday = LocalDate.of(2026, 12, 5);
        assertThat(PeriodRules.DEFAULT.lastDayAfterDays(LocalDate.of(2026, 11, 5), 30)).isEqualTo(LocalDate.of(2026, 12, 7));
        PeriodRules makeUp = new PeriodRules(false, true, Set.of(), Set.of(saturday));
        assertThat(makeUp.lastDayAfterDays(LocalDate.of(2026, 11, 5), 30)).isEqualTo(saturday);
        // 春节 2027 (lunar, so configured): 6–9 February 2027 off
        PeriodRules springFestival = new PeriodRules(false, true, Set.of(LocalDate.of(2027, 2, 8), LocalDate.of(2027, 2, 9)), Set.of());
        assertThat(springFestival.lastDayAfterDays(LocalDate.of(2027, 1, 9), 30)).isEqualTo(LocalDate.of(2027, 2, 10));
    }

    @Test
    void durationsNeverMove() {
        assertThat(PeriodRules.DEFAULT.forDurations().lastDayAfterMonths(LocalDate.of(2026, 12, 1), 1)).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    /**
     * 2026's 国庆 holiday is 1–7 October by the State Council's notice; built in are 1–3 October only (全国年节及纪念日放假办法),
     * so a server that was not given the year's schedule says its last days of that year may be early.
     */
    @Test
    void aYearWithoutItsHolidayScheduleIsSaidToBeUnknownUntilADayOfItIsConfigured() {
        LocalDate lastDay = LocalDate.of(2026, 10, 5);
        assertThat(PeriodRules.DEFAULT.scheduleUnknown(lastDay)).isTrue();
        PeriodRules configured = new PeriodRules(false, true, Set.of(LocalDate.of(2026, 10, 4), LocalDate.of(2026, 10, 5),
                LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7)), Set.of(LocalDate.of(2026, 10, 10)));
        assertThat(configured.scheduleUnknown(lastDay)).isFalse();
        assertThat(configured.lastDayAfterMonths(LocalDate.of(2026, 9, 1), 1)).isEqualTo(LocalDate.of(2026, 10, 8));
        assertThat(configured.scheduleUnknown(LocalDate.of(2027, 1, 4))).as("another year").isTrue();
        assertThat(NO_MOVE.scheduleUnknown(lastDay)).as("last days that never move need no schedule").isFalse();
    }
}
