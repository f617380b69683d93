package cn.fieldsync.domain.accountability;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who hears the challenge, and within what time, by who decided: 监察法 art 56, 政务处分法 arts 55–56, 公务员法 arts 95–96. */
class RemedyRouteTest {

    private static final PeriodRules NO_MOVE = new PeriodRules(false, false, Set.of(), Set.of());
    private static final AccountabilityForm DEMERIT = new AccountabilityForm(AccountabilityForm.Category.GOVERNMENT_SANCTION, "DEMERIT", null);

    @Test
    void theRouteFollowsTheDecidingBodyAndTheForm() {
        assertThat(RemedyRoute.of(DEMERIT, "SUPERVISORY_ORGAN")).isEqualTo(RemedyRoute.SUPERVISORY_ORGAN);
        assertThat(RemedyRoute.of(DEMERIT, "APPOINTING_ORGAN")).isEqualTo(RemedyRoute.APPOINTING_ORGAN);
        assertThat(RemedyRoute.of(new AccountabilityForm(AccountabilityForm.Category.WARNING, "TALK", null), null)).isEqualTo(RemedyRoute.NONE);
        assertThat(RemedyRoute.of(new AccountabilityForm(AccountabilityForm.Category.PARTY_ACCOUNTABILITY, "ADMONISHMENT", null), null))
                .isEqualTo(RemedyRoute.PARTY_ORGAN);
    }

    @Test
    void supervisoryOrgan_监察法第56条_复审WithinOneMonthOfReceivingTheDecision() {
        LocalDate known = LocalDate.of(2026, 12, 1);
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.firstRequestDue(known, NO_MOVE)).hasValue(LocalDate.of(2027, 1, 1));
        // 1 January 2027 is 元旦: by default the last day moves to Monday 4 January (民法典 art 203)
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.firstRequestDue(known, PeriodRules.DEFAULT)).hasValue(LocalDate.of(2027, 1, 4));
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.firstDecisionDue(LocalDate.of(2027, 1, 1), NO_MOVE)).hasValue(LocalDate.of(2027, 2, 1));
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.firstLevel()).hasValue("复审");
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.allowsDirectSecondLevel()).isFalse();
    }

    @Test
    void supervisoryOrgan_监察法第56条_复核WithinOneMonthOfThe复审DecisionDecidedInTwo() {
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.secondRequestDue(LocalDate.of(2027, 1, 10), PeriodRules.DEFAULT))
                .hasValue(LocalDate.of(2027, 2, 10));
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.secondDecisionDue(LocalDate.of(2027, 1, 26), 0, NO_MOVE)).hasValue(LocalDate.of(2027, 3, 26));
        assertThat(RemedyRoute.SUPERVISORY_ORGAN.secondLevel()).hasValue("复核");
        assertThatThrownBy(() -> RemedyRoute.SUPERVISORY_ORGAN.secondDecisionDue(LocalDate.of(2027, 1, 26), 10, NO_MOVE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appointingOrgan_公务员法第95至96条_复核30Days申诉15OrDirectly30_decided60Plus30() {
        LocalDate known = LocalDate.of(2026, 1, 31);
        RemedyRoute r = RemedyRoute.APPOINTING_ORGAN;
        assertThat(r.firstRequestDue(known, NO_MOVE)).hasValue(LocalDate.of(2026, 3, 2));
        assertThat(r.firstDecisionDue(LocalDate.of(2026, 3, 2), NO_MOVE)).hasValue(LocalDate.of(2026, 4, 1));
        assertThat(r.secondRequestDue(LocalDate.of(2028, 2, 14), NO_MOVE)).hasValue(LocalDate.of(2028, 2, 29));
        assertThat(r.directSecondRequestDue(known, NO_MOVE)).hasValue(LocalDate.of(2026, 3, 2));
        assertThat(r.secondDecisionDue(LocalDate.of(2028, 1, 1), 30, NO_MOVE)).hasValue(LocalDate.of(2028, 3, 31));
        assertThatThrownBy(() -> r.secondDecisionDue(known, 31, NO_MOVE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partyOrgan_问责条例_申诉WithinOneMonthAndNoSecondLevel() {
        assertThat(RemedyRoute.PARTY_ORGAN.firstRequestDue(LocalDate.of(2026, 12, 1), NO_MOVE)).hasValue(LocalDate.of(2027, 1, 1));
        assertThat(RemedyRoute.PARTY_ORGAN.secondLevel()).isEmpty();
        assertThat(RemedyRoute.PARTY_DISCIPLINE.firstRequestDue(LocalDate.of(2026, 12, 1), NO_MOVE)).isEmpty();
        assertThat(RemedyRoute.NONE.firstLevel()).isEmpty();
    }
}
