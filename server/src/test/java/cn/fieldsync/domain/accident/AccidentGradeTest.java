package cn.fieldsync.domain.accident;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccidentGradeTest {

    @ParameterizedTest(name = "{0} deaths → {1}")
    @CsvSource({"0,ORDINARY", "2,ORDINARY", "3,SERIOUS", "9,SERIOUS", "10,MAJOR", "29,MAJOR", "30,EXTRAORDINARY", "500,EXTRAORDINARY"})
    void deathsAloneDecideAtEveryBoundary(int deaths, AccidentGrade expected) {
        assertThat(AccidentGrade.of(deaths, 0, BigDecimal.ZERO)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} serious injuries → {1}")
    @CsvSource({"9,ORDINARY", "10,SERIOUS", "49,SERIOUS", "50,MAJOR", "99,MAJOR", "100,EXTRAORDINARY"})
    void seriousInjuriesAloneDecideAtEveryBoundary(int injuries, AccidentGrade expected) {
        assertThat(AccidentGrade.of(0, injuries, BigDecimal.ZERO)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} CNY → {1}")
    @CsvSource({"9999999.99,ORDINARY", "10000000,SERIOUS", "49999999.99,SERIOUS", "50000000,MAJOR",
            "99999999.99,MAJOR", "100000000,EXTRAORDINARY"})
    void directLossAloneDecidesAtEveryBoundary(String loss, AccidentGrade expected) {
        assertThat(AccidentGrade.of(0, 0, new BigDecimal(loss))).isEqualTo(expected);
    }

    @Test
    void theMostSevereCriterionWins() {
        assertThat(AccidentGrade.of(1, 60, new BigDecimal("20000000"))).isEqualTo(AccidentGrade.MAJOR);
        assertThat(AccidentGrade.of(30, 0, BigDecimal.ZERO)).isEqualTo(AccidentGrade.EXTRAORDINARY);
        assertThat(AccidentGrade.of(2, 9, new BigDecimal("100000000"))).isEqualTo(AccidentGrade.EXTRAORDINARY);
    }

    @Test
    void negativeFiguresAreRefused() {
        assertThatThrownBy(() -> AccidentGrade.of(-1, 0, BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccidentGrade.of(0, -1, BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccidentGrade.of(0, 0, new BigDecimal("-0.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccidentGrade.of(0, 0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
