package cn.fieldsync.domain.accountability;

/** Where an accountability action (问责) stands. */
public enum ProcedureStep {
    /** Proposed by the reviewers of a track. */
    PROPOSED,
    /** The person was told and may submit a statement (申辩) by a deadline. */
    NOTIFIED,
    DECIDED,
    /** 复核 requested. */
    REVIEW_REQUESTED,
    /** 申诉 lodged. */
    APPEALED,
    FINAL
}
