package cn.fieldsync.domain.casefile;

import cn.fieldsync.domain.casefile.CloseOutChecklist.Facts;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;

import static cn.fieldsync.domain.casefile.CloseOutChecklist.Item.*;
import static org.assertj.core.api.Assertions.assertThat;

/** 四不放过 backed by facts; 安全生产法 arts 86(3), 87; 493号令 arts 29, 32. */
class CloseOutFactsTest {

    private static final LocalDate REPLY = LocalDate.of(2027, 1, 5);
    private static final Facts ALL_DONE = new Facts(true, true, REPLY, 2, 0, 3, true, 0, REPLY.plusMonths(11), 1);
    private static final EnumSet<CloseOutChecklist.Item> TICKED = EnumSet.allOf(CloseOutChecklist.Item.class);

    @Test
    void aCaseWithEveryItemBackedCloses() {
        assertThat(CloseOutChecklist.canClose(TICKED, ALL_DONE)).isTrue();
    }

    @Test
    void causeEstablished_needsTheReportAndThe批复() {
        Facts noReport = new Facts(true, false, null, 2, 0, 3, true, 0, null, 1);
        assertThat(CloseOutChecklist.unmet(noReport).get(CAUSE_ESTABLISHED)).hasSize(2);
        assertThat(CloseOutChecklist.open(TICKED, noReport)).contains(CAUSE_ESTABLISHED);
    }

    @Test
    void responsibleDealtWith_noActionStillProposed_andALiabilityAccidentHasOne_art87() {
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 4, 4, true, 0, REPLY, 1))).containsExactly(RESPONSIBLE_DEALT_WITH);
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 0, true, 0, REPLY, 1))).containsExactly(RESPONSIBLE_DEALT_WITH);
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 0, false, 0, REPLY, 1))).isEmpty();
    }

    @Test
    void rectificationImplemented_noOverdueDanger_andTheOneYearEvaluation_art86_3() {
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 3, true, 2, REPLY, 1))).containsExactly(RECTIFICATION_IMPLEMENTED);
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 3, true, 0, null, 1))).containsExactly(RECTIFICATION_IMPLEMENTED);
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 3, true, 0, REPLY.plusYears(1), 1))).isEmpty();
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 3, true, 0, REPLY.plusYears(1).plusDays(1), 1)))
                .containsExactly(RECTIFICATION_IMPLEMENTED);
    }

    @Test
    void peopleEducated_needsAnEducationRecord() {
        assertThat(CloseOutChecklist.open(TICKED, new Facts(true, true, REPLY, 2, 0, 3, true, 0, REPLY, 0))).containsExactly(PEOPLE_EDUCATED);
    }

    @Test
    void aTickedBoxAloneIsNotEnough_andFactsAloneAreNotEither() {
        assertThat(CloseOutChecklist.open(EnumSet.noneOf(CloseOutChecklist.Item.class), ALL_DONE)).hasSize(4);
    }
}
