package cn.fieldsync.domain.hazard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static cn.fieldsync.domain.hazard.HazardGrade.GENERAL;
import static cn.fieldsync.domain.hazard.HazardGrade.MAJOR;
import static cn.fieldsync.domain.hazard.HazardStatus.*;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;

class HazardLifecycleTest {

    private static final TreatmentPlan FULL = new TreatmentPlan("目标", "方法", "资金", "责任人", "期限", "应急预案");

    @Test
    void generalDangerWalksItsWholeLifecycle() {
        assertThat(HazardLifecycle.checkChange(GENERAL, REGISTERED, GENERAL, RECTIFIED, TreatmentPlan.NONE)).isEmpty();
        assertThat(HazardLifecycle.checkChange(GENERAL, RECTIFIED, GENERAL, VERIFIED, TreatmentPlan.NONE)).isEmpty();
    }

    @Test
    void majorDangerWalksItsWholeLifecycleWithAPlan() {
        HazardStatus[] path = {REGISTERED, REPORTED, RECTIFICATION_ORDERED, IN_TREATMENT, ASSESSED,
                RESUMPTION_REQUESTED, RECTIFICATION_ORDERED, IN_TREATMENT, ASSESSED, RESUMPTION_REQUESTED, CLOSED_OUT};
        for (int i = 1; i < path.length; i++) {
            assertThat(HazardLifecycle.checkChange(MAJOR, path[i - 1], MAJOR, path[i], FULL))
                    .as(path[i - 1] + " → " + path[i]).isEmpty();
        }
    }

    /** RECTIFIED → REGISTERED is allowed now: a failed re-inspection (HazardRulesTest). */
    @ParameterizedTest(name = "GENERAL {0} → {1} refused")
    @CsvSource({"REGISTERED,VERIFIED", "VERIFIED,RECTIFIED", "VERIFIED,REGISTERED"})
    void generalDangerCannotSkipOrGoBack(HazardStatus from, HazardStatus to) {
        assertThat(HazardLifecycle.checkChange(GENERAL, from, GENERAL, to, TreatmentPlan.NONE))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(ILLEGAL_TRANSITION));
    }

    @ParameterizedTest(name = "MAJOR {0} → {1} refused")
    @CsvSource({"REGISTERED,IN_TREATMENT", "REPORTED,IN_TREATMENT", "CLOSED_OUT,RECTIFICATION_ORDERED",
            "CLOSED_OUT,REGISTERED", "ASSESSED,CLOSED_OUT", "IN_TREATMENT,REPORTED"})
    void majorDangerCannotSkipOrReopen(HazardStatus from, HazardStatus to) {
        assertThat(HazardLifecycle.checkChange(MAJOR, from, MAJOR, to, FULL))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(ILLEGAL_TRANSITION));
    }

    @Test
    void majorDangerCannotEnterTreatmentWithoutAllSixParts() {
        TreatmentPlan fiveParts = new TreatmentPlan("目标", "方法", "资金", "责任人", "期限", " ");
        assertThat(HazardLifecycle.checkChange(MAJOR, RECTIFICATION_ORDERED, MAJOR, IN_TREATMENT, fiveParts))
                .hasValueSatisfying(r -> {
                    assertThat(r.reason()).isEqualTo(TREATMENT_PLAN_INCOMPLETE);
                    assertThat(r.field()).isEqualTo("treatmentPlan");
                    // the part missing by its Chinese name, its member beside it (found by a tester: six English names)
                    assertThat(r.message()).contains("（safetyAndEmergencyMeasures）").doesNotContain("、safetyAndEmergencyMeasures");
                });
        assertThat(HazardLifecycle.checkChange(MAJOR, RECTIFICATION_ORDERED, MAJOR, IN_TREATMENT, TreatmentPlan.NONE))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(TREATMENT_PLAN_INCOMPLETE));
        assertThat(HazardLifecycle.checkChange(MAJOR, RECTIFICATION_ORDERED, MAJOR, IN_TREATMENT, FULL)).isEmpty();
    }

    @Test
    void generalDangerNeedsNoPlan() {
        assertThat(HazardLifecycle.checkState(GENERAL, RECTIFIED, TreatmentPlan.NONE)).isEmpty();
    }

    @Test
    void majorDangerCreatedInTreatmentNeedsItsPlan() {
        assertThat(HazardLifecycle.checkState(MAJOR, IN_TREATMENT, TreatmentPlan.NONE))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(TREATMENT_PLAN_INCOMPLETE));
        assertThat(HazardLifecycle.checkState(MAJOR, RECTIFICATION_ORDERED, TreatmentPlan.NONE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = HazardStatus.class, names = {"REPORTED", "RECTIFICATION_ORDERED", "IN_TREATMENT", "ASSESSED",
            "RESUMPTION_REQUESTED", "CLOSED_OUT"})
    void majorOnlyStatusesAreRefusedForGeneralDangers(HazardStatus status) {
        assertThat(HazardLifecycle.checkState(GENERAL, status, FULL))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(STATUS_NOT_OF_GRADE));
    }

    @Test
    void gradeChangesOnlyWhileRegistered() {
        assertThat(HazardLifecycle.checkChange(GENERAL, REGISTERED, MAJOR, REGISTERED, TreatmentPlan.NONE)).isEmpty();
        assertThat(HazardLifecycle.checkChange(MAJOR, REPORTED, GENERAL, REPORTED, TreatmentPlan.NONE))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(GRADE_CHANGE_AFTER_REGISTRATION));
        assertThat(HazardLifecycle.checkChange(GENERAL, RECTIFIED, MAJOR, RECTIFIED, FULL))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(GRADE_CHANGE_AFTER_REGISTRATION));
    }

    @Test
    void stayingInTheSameStatusIsAnEdit() {
        for (HazardStatus s : HazardLifecycle.statusesOf(MAJOR)) {
            assertThat(HazardLifecycle.checkChange(MAJOR, s, MAJOR, s, FULL)).as(s.name()).isEmpty();
        }
    }
}
