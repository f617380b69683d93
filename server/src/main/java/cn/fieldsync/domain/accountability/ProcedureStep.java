package cn.fieldsync.domain.accountability;

/** Where an accountability action (问责) stands. */
public enum ProcedureStep {
    /** Proposed by the reviewers of a track. */
    PROPOSED,
    /** The person was told and may submit a statement (申辩) by a deadline. */
    NOTIFIED,
    DECIDED,
    /** The first level of the remedy route lodged (复审, 复核 or 申诉; {@link RemedyRoute}). */
    REVIEW_REQUESTED,
    /** The second level lodged (复核 after 复审, or 申诉). */
    APPEALED,
    /**
     * No remedy can be lodged any more, or the last one was decided: the decision stands. Not
     * "takes effect": a 政务处分 takes effect when it is made (政务处分法 art 56: remedies do not
     * suspend it).
     */
    FINAL,
    /** 尽职免责: the action was not imposed, on evidence of duty done. Not a decided sanction. */
    EXEMPTED
}
