package cn.fieldsync.domain.casefile;

import cn.fieldsync.domain.accident.AccidentGrade;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;

import static cn.fieldsync.domain.casefile.CloseOutChecklist.Item.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseRulesTest {

    @Test
    void aCaseWithAnOpenItemOfTheFourCannotClose() {
        EnumSet<CloseOutChecklist.Item> three = EnumSet.of(CAUSE_ESTABLISHED, RESPONSIBLE_DEALT_WITH, RECTIFICATION_IMPLEMENTED);
        assertThat(CloseOutChecklist.canClose(three)).isFalse();
        assertThat(CloseOutChecklist.open(three)).containsExactly(PEOPLE_EDUCATED);
        three.add(PEOPLE_EDUCATED);
        assertThat(CloseOutChecklist.canClose(three)).isTrue();
    }

    @Test
    void theReportIsDueSixtyDaysAfterTheAccidentAndMayBeExtendedOnceBySixty() {
        LocalDate accident = LocalDate.of(2027, 12, 31);
        assertThat(AccidentDeadlines.reportDue(accident, 0)).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(AccidentDeadlines.reportDue(accident, 60)).isEqualTo(LocalDate.of(2028, 4, 29));
        assertThatThrownBy(() -> AccidentDeadlines.reportDue(accident, 61)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReplyIsDueInFifteenDaysOrThirtyForAnExtraordinaryAccident() {
        LocalDate report = LocalDate.of(2026, 2, 20);
        assertThat(AccidentDeadlines.replyDue(report, AccidentGrade.MAJOR, 0)).isEqualTo(LocalDate.of(2026, 3, 7));
        assertThat(AccidentDeadlines.replyDue(report, AccidentGrade.EXTRAORDINARY, 30)).isEqualTo(LocalDate.of(2026, 4, 21));
        assertThatThrownBy(() -> AccidentDeadlines.replyDue(report, AccidentGrade.SERIOUS, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overdueIsTheDayAfterTheDueDayWhileNotDone() {
        LocalDate due = LocalDate.of(2026, 3, 1);
        assertThat(AccidentDeadlines.overdue(due, false, due)).isFalse();
        assertThat(AccidentDeadlines.overdue(due, false, due.plusDays(1))).isTrue();
        assertThat(AccidentDeadlines.overdue(due, true, due.plusDays(1))).isFalse();
    }
}
