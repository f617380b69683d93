package cn.fieldsync.domain.accountability;

import cn.fieldsync.domain.accountability.AccountabilityForm.Category;
import cn.fieldsync.domain.accountability.AccountabilityForm.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who each form may be aimed at: 政务处分法 arts 2–3, 监察法 art 15, 问责条例 art 8. */
class AccountabilityTargetTest {

    private static final Target OFFICIAL = new Target(true, true, false, null);
    private static final Target MEMBER = new Target(true, false, true, null);
    private static final Target PRIVATE_PERSON = new Target(true, false, false, null);
    private static final Target ENTERPRISE = new Target(false, false, false, "ENTERPRISE");
    private static final Target PARTY_ORG = new Target(false, false, false, "PARTY_ORG");

    private static AccountabilityForm form(Category category, String kind, String sub) {
        return new AccountabilityForm(category, kind, sub);
    }

    @Test
    void 政务处分法第2条_aGovernmentSanctionOnlyAgainstAPublicOfficial() {
        AccountabilityForm major = form(Category.GOVERNMENT_SANCTION, "MAJOR_DEMERIT", null);
        assertThat(major.refuseTarget(OFFICIAL)).isEmpty();
        assertThat(major.refuseTarget(ENTERPRISE)).isPresent();
        assertThat(major.refuseTarget(PRIVATE_PERSON)).hasValueSatisfying(why -> assertThat(why).contains("公职人员"));
    }

    @Test
    void partyDisciplineOnlyAgainstAPartyMember() {
        AccountabilityForm probation = form(Category.PARTY_DISCIPLINE, "PROBATION", null);
        assertThat(probation.refuseTarget(MEMBER)).isEmpty();
        assertThat(probation.refuseTarget(PARTY_ORG)).isPresent();
        assertThat(probation.refuseTarget(OFFICIAL)).isPresent();
    }

    @Test
    void 问责条例第8条_改组AgainstAPartyOrganisation_诫勉AgainstAPerson() {
        AccountabilityForm reorganise = form(Category.PARTY_ACCOUNTABILITY, "REORGANISATION", null);
        assertThat(reorganise.refuseTarget(PARTY_ORG)).isEmpty();
        assertThat(reorganise.refuseTarget(MEMBER)).isPresent();
        assertThat(reorganise.refuseTarget(ENTERPRISE)).isPresent();
        AccountabilityForm admonish = form(Category.PARTY_ACCOUNTABILITY, "ADMONISHMENT", null);
        assertThat(admonish.refuseTarget(MEMBER)).isEmpty();
        assertThat(admonish.refuseTarget(PARTY_ORG)).isPresent();
        assertThat(form(Category.PARTY_ACCOUNTABILITY, "ORGANISATIONAL_HANDLING", "REMOVAL").refuseTarget(PARTY_ORG)).isPresent();
    }

    @Test
    void warningsMayBeAimedAtAUnitOrAPerson() {
        assertThat(form(Category.WARNING, "TALK", null).refuseTarget(ENTERPRISE)).isEmpty();
        assertThat(form(Category.WARNING, "CIRCULAR", null).refuseTarget(PRIVATE_PERSON)).isEmpty();
    }
}
