package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An accountability action (问责) and where its procedure stands. */
@Entity
@Table(name = "accountability_action")
public class ActionEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Column(name = "track", nullable = false)
    String track;
    @Column(name = "person_id")
    String personId;
    @Column(name = "target_unit_id")
    String targetUnitId;
    @Column(name = "category", nullable = false)
    String category;
    @Column(name = "kind", nullable = false)
    String kind;
    @Column(name = "sub_kind")
    String subKind;
    @Column(name = "state", nullable = false)
    String state;
    @Column(name = "statement_deadline")
    String statementDeadline;
    @Column(name = "statement_received", nullable = false)
    boolean statementReceived;
    @Column(name = "decided_on")
    String decidedOn;
    @Column(name = "decision_known_on")
    String decisionKnownOn;
    @Column(name = "review_decision_on")
    String reviewDecisionOn;
    @Column(name = "influence_months")
    Integer influenceMonths;
    @Column(name = "influence_ends")
    String influenceEnds;
    @Column(name = "exemption")
    String exemption;
    @Column(name = "deciding_body")
    String decidingBody;
    @Column(name = "review_requested_on")
    String reviewRequestedOn;
    @Column(name = "steps", nullable = false)
    String steps;
    @Column(name = "proposed_by", nullable = false)
    String proposedBy;
    @Column(name = "proposed_at", nullable = false)
    long proposedAt;

    protected ActionEntity() {
    }
}
