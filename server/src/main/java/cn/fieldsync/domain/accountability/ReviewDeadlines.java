package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.time.LocalDate;

/**
 * The deadlines of a civil servant's remedies against a sanction (公务员法 arts 95–96) [law]:
 * 复核 requested within 30 days of learning of the decision, decided within 30 days; 申诉 within
 * 15 days of the 复核 decision, or within 30 days of the decision directly, decided within 60
 * days (one extension of at most 30). The sanction is executed meanwhile.
 */
public final class ReviewDeadlines {

    public static final int REVIEW_REQUEST_DAYS = 30;
    public static final int REVIEW_DECISION_DAYS = 30;
    public static final int APPEAL_AFTER_REVIEW_DAYS = 15;
    public static final int DIRECT_APPEAL_DAYS = 30;
    public static final int APPEAL_DECISION_DAYS = 60;
    public static final int APPEAL_EXTENSION_MAX_DAYS = 30;

    private ReviewDeadlines() {
    }

    public static LocalDate lastDayToRequestReview(LocalDate learnedOfDecision) {
        return Periods.lastDayAfterDays(learnedOfDecision, REVIEW_REQUEST_DAYS);
    }

    public static LocalDate lastDayToDecideReview(LocalDate reviewRequested) {
        return Periods.lastDayAfterDays(reviewRequested, REVIEW_DECISION_DAYS);
    }

    public static LocalDate lastDayToAppealAfterReview(LocalDate receivedReviewDecision) {
        return Periods.lastDayAfterDays(receivedReviewDecision, APPEAL_AFTER_REVIEW_DAYS);
    }

    public static LocalDate lastDayToAppealDirectly(LocalDate learnedOfDecision) {
        return Periods.lastDayAfterDays(learnedOfDecision, DIRECT_APPEAL_DAYS);
    }

    /** @param extensionDays 0 when not extended; at most 30 */
    public static LocalDate lastDayToDecideAppeal(LocalDate appealAccepted, int extensionDays) {
        if (extensionDays < 0 || extensionDays > APPEAL_EXTENSION_MAX_DAYS) {
            throw new IllegalArgumentException(Labels.say("appealExtension", extensionDays));
        }
        return Periods.lastDayAfterDays(appealAccepted, APPEAL_DECISION_DAYS + extensionDays);
    }
}
