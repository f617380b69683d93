package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Evidence on one track of a case: PROPOSED, CONFIRMED or REJECTED. */
@Entity
@Table(name = "evidence_link")
public class LinkEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Column(name = "track", nullable = false)
    String track;
    @Column(name = "evidence_type", nullable = false)
    String evidenceType;
    @Column(name = "evidence_id", nullable = false)
    String evidenceId;
    @Column(name = "role", nullable = false)
    String role;
    @Column(name = "reason", nullable = false)
    String reason;
    @Column(name = "aggravating", nullable = false)
    boolean aggravating;
    @Column(name = "proposed_by", nullable = false)
    String proposedBy;
    @Column(name = "proposed_at", nullable = false)
    long proposedAt;
    @Column(name = "state", nullable = false)
    String state;
    @Column(name = "decided_by")
    String decidedBy;
    @Column(name = "decided_at")
    Long decidedAt;
    @Column(name = "decision_reason")
    String decisionReason;

    protected LinkEntity() {
    }
}
