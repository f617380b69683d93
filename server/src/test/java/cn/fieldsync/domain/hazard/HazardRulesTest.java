package cn.fieldsync.domain.hazard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static cn.fieldsync.domain.hazard.HazardGrade.GENERAL;
import static cn.fieldsync.domain.hazard.HazardGrade.MAJOR;
import static cn.fieldsync.domain.hazard.HazardStatus.ASSESSED;
import static cn.fieldsync.domain.hazard.HazardStatus.CLOSED_OUT;
import static cn.fieldsync.domain.hazard.HazardStatus.IN_TREATMENT;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFICATION_ORDERED;
import static cn.fieldsync.domain.hazard.HazardStatus.RECTIFIED;
import static cn.fieldsync.domain.hazard.HazardStatus.REGISTERED;
import static cn.fieldsync.domain.hazard.HazardStatus.RESUMPTION_REQUESTED;
import static cn.fieldsync.domain.hazard.HazardStatus.VERIFIED;
import static cn.fieldsync.domain.hazard.LifecycleRefusal.Reason;
import static org.assertj.core.api.Assertions.assertThat;

/** The hazard rules of docs/hazards.md at their boundaries, each test naming its article. */
class HazardRulesTest {

    private static final LocalDate FOUND = LocalDate.of(2026, 11, 1);
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final TreatmentPlan FULL = new TreatmentPlan("目标", "方法", "资金", "责任人", "期限", "应急");
    private static final HazardPolicy POLICY = HazardPolicy.DEFAULT;

    /** A danger as a builder: each call gives a changed copy. */
    private record H(HazardGrade grade, HazardStatus status, LocalDate deadline, List<HazardRecord.Extension> extensions,
                     LocalDate rectified, LocalDate verified, String verifiedBy, HazardRecord.Step assessment,
                     HazardRecord.Step resumption, HazardRecord.Review review, List<HazardRecord.Reinspection> reinspections,
                     List<HazardRecord.ListingEvent> listing) {
        static H of(HazardGrade grade, HazardStatus status) {
            return new H(grade, status, null, List.of(), null, null, null, null, null, null, List.of(), List.of());
        }

        H status(HazardStatus s) {
            return new H(grade, s, deadline, extensions, rectified, verified, verifiedBy, assessment, resumption, review, reinspections, listing);
        }

        H deadline(String d) {
            return new H(grade, status, d == null ? null : LocalDate.parse(d), extensions, rectified, verified, verifiedBy, assessment,
                    resumption, review, reinspections, listing);
        }

        H rectified(String d) {
            return new H(grade, status, deadline, extensions, d == null ? null : LocalDate.parse(d), verified, verifiedBy, assessment,
                    resumption, review, reinspections, listing);
        }

        H verified(String d, String by) {
            return new H(grade, status, deadline, extensions, rectified, LocalDate.parse(d), by, assessment, resumption, review,
                    reinspections, listing);
        }

        H assessed(String d) {
            return new H(grade, status, deadline, extensions, rectified, verified, verifiedBy, new HazardRecord.Step("评价中心", LocalDate.parse(d)),
                    resumption, review, reinspections, listing);
        }

        H resumption(String d) {
            return new H(grade, status, deadline, extensions, rectified, verified, verifiedBy, assessment,
                    new HazardRecord.Step("李某", LocalDate.parse(d)), review, reinspections, listing);
        }

        H review(String d) {
            return new H(grade, status, deadline, extensions, rectified, verified, verifiedBy, assessment, resumption,
                    new HazardRecord.Review("栖霞市应急管理局", LocalDate.parse(d), "栖应急复〔2026〕3号"), reinspections, listing);
        }

        H extend(String from, String to, String approved) {
            List<HazardRecord.Extension> more = new ArrayList<>(extensions);
            more.add(new HazardRecord.Extension(LocalDate.parse(from), LocalDate.parse(to), "供货延迟", "王卫东", LocalDate.parse(approved)));
            return new H(grade, status, LocalDate.parse(to), more, rectified, verified, verifiedBy, assessment, resumption, review,
                    reinspections, listing);
        }

        H reinspected(String d, boolean passed) {
            List<HazardRecord.Reinspection> more = new ArrayList<>(reinspections);
            more.add(new HazardRecord.Reinspection(LocalDate.parse(d), passed, "张明"));
            return new H(grade, status, deadline, extensions, rectified, verified, verifiedBy, assessment, resumption, review, more, listing);
        }

        H event(boolean listed, ListingLevel level, String d) {
            List<HazardRecord.ListingEvent> more = new ArrayList<>(listing);
            more.add(new HazardRecord.ListingEvent(listed, level, LocalDate.parse(d), "文号", "安委办"));
            return new H(grade, status, deadline, extensions, rectified, verified, verifiedBy, assessment, resumption, review,
                    reinspections, more);
        }

        HazardRecord record() {
            return new HazardRecord(grade, status, FOUND, deadline, extensions, rectified, verified, verifiedBy, assessment, resumption,
                    review, reinspections, listing, FULL);
        }
    }

    private static Optional<LifecycleRefusal> create(H h) {
        return HazardRules.checkNew(h.record(), TODAY, POLICY, false);
    }

    private static Optional<LifecycleRefusal> change(H before, H after) {
        return HazardRules.checkChange(before.record(), after.record(), TODAY, POLICY, false);
    }

    private static void refused(Optional<LifecycleRefusal> refusal, Reason reason) {
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r.reason()).as(r.message()).isEqualTo(reason));
    }

    // --- 期限: 安全生产法 arts 65, 102 ---

    @Test
    void art65_102_rectificationOrderedWithoutADeadlineIsRefused() {
        H reported = H.of(MAJOR, HazardStatus.REPORTED);
        refused(change(reported, reported.status(RECTIFICATION_ORDERED)), Reason.DEADLINE_REQUIRED);
        assertThat(change(reported, reported.status(RECTIFICATION_ORDERED).deadline("2026-11-30"))).isEmpty();
    }

    @Test
    void art65_102_aGeneralDangerVerifiedWithoutADeadlineIsRefusedUnlessCorrectedOnTheDayFound() {
        H onTheSpot = H.of(GENERAL, VERIFIED).rectified("2026-11-01").verified("2026-11-01", "张明");
        assertThat(create(onTheSpot)).isEmpty();
        refused(create(onTheSpot.rectified("2026-11-02").verified("2026-11-02", "张明")), Reason.DEADLINE_REQUIRED);
    }

    @Test
    void aDeadlineBeforeTheDayFoundIsRefusedAndTheSameDayIsAccepted() {
        refused(create(H.of(GENERAL, REGISTERED).deadline("2026-10-31")), Reason.DATE_OUT_OF_ORDER);
        assertThat(create(H.of(GENERAL, REGISTERED).deadline("2026-11-01"))).isEmpty();
    }

    // --- creation does not skip the lifecycle ---

    @Test
    void art65_3_aMajorDangerCannotBeCreatedClosedOutEvenWithEveryStepRecorded() {
        H full = H.of(MAJOR, CLOSED_OUT).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .resumption("2026-11-12").review("2026-11-13");
        refused(create(full), Reason.ILLEGAL_TRANSITION);
    }

    @Test
    void aDangerCreatedAtALaterStatusNeedsTheRecordOfEveryStepItPassed() {
        refused(create(H.of(GENERAL, RECTIFIED).deadline("2026-11-20")), Reason.STEP_NOT_RECORDED);
        refused(create(H.of(GENERAL, VERIFIED).deadline("2026-11-20").rectified("2026-11-10")), Reason.STEP_NOT_RECORDED);
        refused(create(H.of(MAJOR, ASSESSED).deadline("2026-11-20").rectified("2026-11-10")), Reason.STEP_NOT_RECORDED);
        refused(create(H.of(MAJOR, RESUMPTION_REQUESTED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")),
                Reason.STEP_NOT_RECORDED);
        assertThat(create(H.of(MAJOR, RESUMPTION_REQUESTED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .resumption("2026-11-12"))).isEmpty();
    }

    // --- 销号: art 65(三) 经审查同意 ---

    @Test
    void art65_3_closingOutAMajorDangerNeedsTheAuthoritysReviewAndItsDay() {
        H requested = H.of(MAJOR, RESUMPTION_REQUESTED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .resumption("2026-11-12");
        refused(change(requested, requested.status(CLOSED_OUT)), Reason.STEP_NOT_RECORDED);
        refused(change(requested, requested.status(CLOSED_OUT).review("2026-11-11")), Reason.DATE_OUT_OF_ORDER);
        refused(change(requested, requested.status(CLOSED_OUT).review("2026-12-02")), Reason.DATE_OUT_OF_ORDER);
        assertThat(change(requested, requested.status(CLOSED_OUT).review("2026-11-12"))).isEmpty();
    }

    @Test
    void theStepsOfAMajorCloseOutFollowOneAnother() {
        H treated = H.of(MAJOR, IN_TREATMENT).deadline("2026-11-20");
        refused(change(treated, treated.status(ASSESSED).rectified("2026-11-10").assessed("2026-11-09")), Reason.DATE_OUT_OF_ORDER);
        refused(change(treated, treated.status(ASSESSED).rectified("2026-10-31").assessed("2026-11-09")), Reason.DATE_OUT_OF_ORDER);
        assertThat(change(treated, treated.status(ASSESSED).rectified("2026-11-10").assessed("2026-11-10"))).isEmpty();
    }

    @Test
    void aGeneralDangerIsVerifiedBySomeoneOnADayNotBeforeItsRectification() {
        H rectified = H.of(GENERAL, RECTIFIED).deadline("2026-11-20").rectified("2026-11-08");
        refused(change(rectified, rectified.status(VERIFIED)), Reason.STEP_NOT_RECORDED);
        refused(change(rectified, rectified.status(VERIFIED).verified("2026-11-07", "张明")), Reason.DATE_OUT_OF_ORDER);
        assertThat(change(rectified, rectified.status(VERIFIED).verified("2026-11-08", "张明"))).isEmpty();
    }

    // --- failed re-inspection ---

    @Test
    void aFailedReinspectionOfAGeneralDangerSendsItBackAndIsRecorded() {
        H rectified = H.of(GENERAL, RECTIFIED).deadline("2026-11-20").rectified("2026-11-08");
        H back = rectified.status(REGISTERED).rectified(null);
        refused(change(rectified, back), Reason.STEP_NOT_RECORDED);
        refused(change(rectified, back.reinspected("2026-11-07", false)), Reason.DATE_OUT_OF_ORDER);
        refused(change(rectified, rectified.status(REGISTERED).reinspected("2026-11-09", false)), Reason.STEP_NOT_RECORDED);
        assertThat(change(rectified, back.reinspected("2026-11-09", false))).isEmpty();
    }

    @Test
    void aFailedReinspectionOfAMajorDangerSendsItBackToTheOrder() {
        H requested = H.of(MAJOR, RESUMPTION_REQUESTED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .resumption("2026-11-12");
        assertThat(change(requested, requested.status(RECTIFICATION_ORDERED).rectified(null).reinspected("2026-11-13", false))).isEmpty();
    }

    // --- extensions ---

    @Test
    void theDeadlineMovesOnlyByARecordedExtensionApprovedBeforeItLapsed() {
        H ordered = H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-20");
        refused(change(ordered, ordered.deadline("2026-12-20")), Reason.EXTENSION_REQUIRED);
        refused(change(ordered, ordered.deadline(null)), Reason.EXTENSION_REQUIRED);
        assertThat(change(ordered, ordered.extend("2026-11-20", "2026-12-20", "2026-11-20"))).isEmpty();
        refused(change(ordered, ordered.extend("2026-11-20", "2026-12-20", "2026-11-21")), Reason.DATE_OUT_OF_ORDER);
        refused(change(ordered, ordered.extend("2026-11-20", "2026-11-19", "2026-11-15")), Reason.DATE_OUT_OF_ORDER);
    }

    @Test
    void theDeadlineInForceOnADayIgnoresExtensionsApprovedLater() {
        HazardRecord h = H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-10").extend("2026-11-10", "2026-11-30", "2026-11-09").record();
        assertThat(h.deadlineOn(LocalDate.parse("2026-11-08"))).isEqualTo("2026-11-10");
        assertThat(h.deadlineOn(LocalDate.parse("2026-11-09"))).isEqualTo("2026-11-30");
        assertThat(h.overdueOn(LocalDate.parse("2026-11-08"))).isFalse();
        assertThat(h.overdueOn(LocalDate.parse("2026-11-25"))).isFalse();
        assertThat(h.overdueOn(LocalDate.parse("2026-12-01"))).isTrue();
    }

    @Test
    void aDangerFixedOnTimeAndNotYetVerifiedIsNotOverdueOnAnyLaterDay() {
        HazardRecord fixed = H.of(GENERAL, RECTIFIED).deadline("2026-11-10").rectified("2026-11-08").record();
        assertThat(fixed.overdueOn(LocalDate.parse("2026-11-25"))).isFalse();
        HazardRecord late = H.of(GENERAL, RECTIFIED).deadline("2026-11-10").rectified("2026-11-12").record();
        assertThat(late.overdueOn(LocalDate.parse("2026-11-11"))).isTrue();
        assertThat(late.overdueOn(LocalDate.parse("2026-11-12"))).isFalse();
    }

    @Test
    void theHistoriesAreAppendOnly() {
        H ordered = H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-10").extend("2026-11-10", "2026-11-30", "2026-11-09");
        H rewritten = H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-30");
        refused(change(ordered, rewritten), Reason.APPEND_ONLY);
        H listed = H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-30").event(true, ListingLevel.COUNTY, "2026-11-05");
        refused(change(listed, H.of(MAJOR, RECTIFICATION_ORDERED).deadline("2026-11-30")), Reason.APPEND_ONLY);
        H failed = H.of(GENERAL, REGISTERED).deadline("2026-11-30").reinspected("2026-11-09", false);
        refused(change(failed, H.of(GENERAL, REGISTERED).deadline("2026-11-30")), Reason.APPEND_ONLY);
    }

    // --- 挂牌督办 (安全生产法 art 41) ---

    @Test
    void art41_aGeneralDangerCannotBeListed() {
        refused(create(H.of(GENERAL, REGISTERED).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-11-02")), Reason.LISTING_REFUSED);
        assertThat(create(H.of(MAJOR, REGISTERED).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-11-02"))).isEmpty();
    }

    @Test
    void escalationStopsAtTheStateCouncil() {
        assertThat(ListingLevel.COUNTY.escalatedBy(1)).isEqualTo(ListingLevel.CITY);
        assertThat(ListingLevel.PROVINCE.escalatedBy(1)).isEqualTo(ListingLevel.STATE_COUNCIL);
        assertThat(ListingLevel.CITY.escalatedBy(3)).isEqualTo(ListingLevel.STATE_COUNCIL);
        assertThat(ListingLevel.STATE_COUNCIL.escalatedBy(1)).isNull();
    }

    @Test
    void art41_deListingIsRefusedWhileTheDangerIsOpenAndBeforeTheListing() {
        H listed = H.of(MAJOR, IN_TREATMENT).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-11-05");
        refused(change(listed, listed.event(false, ListingLevel.COUNTY, "2026-11-25")), Reason.LISTING_REFUSED);
        H assessed = listed.status(ASSESSED).rectified("2026-11-10").assessed("2026-11-11");
        refused(change(assessed, assessed.event(false, ListingLevel.COUNTY, "2026-11-04")), Reason.DATE_OUT_OF_ORDER);
        refused(change(assessed, assessed.event(false, ListingLevel.COUNTY, "2026-11-09")), Reason.DATE_OUT_OF_ORDER);
        refused(change(assessed, assessed.event(false, ListingLevel.CITY, "2026-11-12")), Reason.LISTING_REFUSED);
        assertThat(change(assessed, assessed.event(false, ListingLevel.COUNTY, "2026-11-12"))).isEmpty();
    }

    @Test
    void art41_theBoundaryDaysOfAListing() {
        refused(create(H.of(MAJOR, REGISTERED).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-10-31")), Reason.DATE_OUT_OF_ORDER);
        assertThat(create(H.of(MAJOR, REGISTERED).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-11-01"))).isEmpty();
        refused(create(H.of(MAJOR, REGISTERED).deadline("2026-11-20").event(true, ListingLevel.COUNTY, "2026-12-02")), Reason.DATE_OUT_OF_ORDER);
        H assessed = H.of(MAJOR, ASSESSED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .event(true, ListingLevel.COUNTY, "2026-11-05");
        // de-listed on the very day the rectification was completed
        assertThat(change(assessed, assessed.event(false, ListingLevel.COUNTY, "2026-11-10"))).isEmpty();
        refused(change(assessed, assessed.event(false, ListingLevel.COUNTY, "2026-12-02")), Reason.DATE_OUT_OF_ORDER);
    }

    @Test
    void art65_3_aListedDangerIsNotClosedOutUntilDeListed() {
        H requested = H.of(MAJOR, RESUMPTION_REQUESTED).deadline("2026-11-20").rectified("2026-11-10").assessed("2026-11-11")
                .resumption("2026-11-12").event(true, ListingLevel.CITY, "2026-11-05");
        refused(change(requested, requested.status(CLOSED_OUT).review("2026-11-13")), Reason.LISTING_REFUSED);
        assertThat(change(requested, requested.status(CLOSED_OUT).review("2026-11-13").event(false, ListingLevel.CITY, "2026-11-13"))).isEmpty();
    }

    @Test
    void aRefusalNamesTheFieldAndTheListingLevelInChineseNotByTheirCodes() {
        H registered = H.of(MAJOR, REGISTERED).deadline("2026-11-20");
        assertThat(message(create(registered.event(true, ListingLevel.COUNTY, "2026-12-02"))))
                .isEqualTo("挂牌督办 第 1 项 · 日期 2026-12-02 在今天（2026-12-01）之后：现场记录的日期不能晚于今天");
        assertThat(message(create(registered.event(true, ListingLevel.COUNTY, "2026-10-31"))))
                .startsWith("挂牌督办 第 1 项 · 日期 2026-10-31 早于发现日期");
        assertThat(message(create(registered.event(true, ListingLevel.COUNTY, "2026-11-02").event(true, ListingLevel.COUNTY, "2026-11-03"))))
                .startsWith("已在县级（COUNTY）挂牌督办；");
        assertThat(message(HazardRules.checkNew(registered.event(true, ListingLevel.PROVINCE, "2026-11-02").record(), TODAY, POLICY, false)))
                .startsWith("检查人员不能登记省级（PROVINCE）挂牌督办（可登记：县级（COUNTY）、市级（CITY））");
        H rectified = H.of(GENERAL, RECTIFIED).deadline("2026-11-20").rectified("2026-11-10");
        assertThat(message(change(rectified, rectified.status(VERIFIED).verified("2026-12-05", "张明"))))
                .isEqualTo("复查验收日期 2026-12-05 在今天（2026-12-01）之后：现场记录的日期不能晚于今天");
    }

    @Test
    void afterAFailedReinspectionTheRectificationIsCompletedOnOrAfterIt_art65() {
        // found by a tester: rectified 11-27, re-inspected FAILED 12-02 and sent back; then "rectified 11-27" and
        // "verified 11-28" again were accepted, and the danger was no longer overdue
        H back = H.of(GENERAL, REGISTERED).deadline("2026-11-28").reinspected("2026-11-30", false);
        assertThat(message(change(back, back.status(RECTIFIED).rectified("2026-11-27"))))
                .isEqualTo("整改完成日期 2026-11-27 早于复查不合格的日期 2026-11-30（复查 第 1 项）：复查不合格后重新整改，完成日期须在该次复查之后");
        assertThat(change(back, back.status(RECTIFIED).rectified("2026-11-30"))).as("the day of the failed re-inspection").isEmpty();
        H again = back.status(RECTIFIED).rectified("2026-12-01");
        assertThat(change(back, again)).isEmpty();
        // a passed re-inspection after it does not move the bar
        assertThat(change(again, again.status(VERIFIED).reinspected("2026-12-01", true).verified("2026-12-01", "张明"))).isEmpty();
    }

    /**
     * A danger stored with a fault — here a rectification dated before the failed re-inspection that
     * sent it back, written by a conflict resolution before that rule existed — is not frozen: its
     * re-inspection history is append-only, so the fault cannot be taken out, and a change is refused
     * for what it breaks, not for what was broken before it. A change that keeps the fault takes its
     * step; a change that makes the fault another one, or adds one, is refused.
     */
    @Test
    void aDangerStoredWithAFaultTakesItsNextStepsAndIsRefusedOnlyForNewFaults() {
        H faulty = H.of(GENERAL, RECTIFIED).deadline("2026-11-28").reinspected("2026-11-30", false).rectified("2026-11-27");
        assertThat(HazardRules.checkState(faulty.record(), TODAY)).as("stored before the rule").isPresent();
        assertThat(change(faulty, faulty.status(VERIFIED).reinspected("2026-12-01", true).verified("2026-12-01", "张明")))
                .as("verified: the fault is the one it had").isEmpty();
        assertThat(message(change(faulty, faulty.rectified("2026-11-26"))))
                .as("moved to another wrong day: a fault of this change").startsWith("整改完成日期 2026-11-26 早于复查不合格的日期 2026-11-30");
        assertThat(change(faulty, faulty.rectified("2026-12-01"))).as("corrected").isEmpty();
        refused(change(faulty, faulty.status(VERIFIED).reinspected("2026-12-01", true).verified("2026-12-05", "张明")),
                Reason.DATE_OUT_OF_ORDER);
    }

    private static String message(Optional<LifecycleRefusal> refusal) {
        assertThat(refusal).isPresent();
        return refusal.get().message();
    }

    @Test
    void anInspectorRecordsCountyAndCityListingsOnlyByDefaultAndTheChoiceIsConfigurable() {
        H registered = H.of(MAJOR, REGISTERED).deadline("2026-11-20");
        refused(HazardRules.checkNew(registered.event(true, ListingLevel.PROVINCE, "2026-11-02").record(), TODAY, POLICY, false),
                Reason.LISTING_NOT_PERMITTED);
        assertThat(HazardRules.checkNew(registered.event(true, ListingLevel.PROVINCE, "2026-11-02").record(), TODAY, POLICY, true)).isEmpty();
        HazardPolicy provincial = new HazardPolicy(EnumSet.of(ListingLevel.COUNTY, ListingLevel.CITY, ListingLevel.PROVINCE), 1);
        assertThat(HazardRules.checkNew(registered.event(true, ListingLevel.PROVINCE, "2026-11-02").record(), TODAY, provincial, false)).isEmpty();
        refused(HazardRules.checkNew(registered.event(true, ListingLevel.STATE_COUNCIL, "2026-11-02").record(), TODAY, provincial, false),
                Reason.LISTING_NOT_PERMITTED);
    }

    @Test
    void aListingWhileListedIsAnEscalationUpwardsOnly() {
        H listed = H.of(MAJOR, IN_TREATMENT).deadline("2026-11-20").event(true, ListingLevel.CITY, "2026-11-05");
        refused(change(listed, listed.event(true, ListingLevel.COUNTY, "2026-11-06")), Reason.LISTING_REFUSED);
        refused(change(listed, listed.event(true, ListingLevel.CITY, "2026-11-06")), Reason.LISTING_REFUSED);
        refused(change(listed, listed.event(true, ListingLevel.PROVINCE, "2026-11-06")), Reason.LISTING_NOT_PERMITTED);
        assertThat(HazardRules.checkChange(listed.record(), listed.event(true, ListingLevel.PROVINCE, "2026-11-06").record(), TODAY, POLICY, true))
                .isEmpty();
    }

    // --- forcesMajor ---

    @Test
    void aFailedForcesMajorItemYieldsAMajorDangerOnly() {
        refused(HazardRules.checkChecklistItem(GENERAL, "HC-07", "FAIL", true), Reason.GRADE_MUST_BE_MAJOR);
        assertThat(HazardRules.checkChecklistItem(MAJOR, "HC-07", "FAIL", true)).isEmpty();
        assertThat(HazardRules.checkChecklistItem(GENERAL, "HC-02", "FAIL", false)).isEmpty();
        refused(HazardRules.checkChecklistItem(GENERAL, "HC-01", "PASS", false), Reason.STEP_NOT_RECORDED);
    }
}
