package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One division code a case may touch; see V14__case_reach.sql and {@link CaseReach}. */
@Entity
@Table(name = "case_reach")
public class CaseReachEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Column(name = "jurisdiction", nullable = false)
    String jurisdiction;
    @Column(name = "origin", nullable = false)
    String origin;
    @Column(name = "granted_by", nullable = false)
    String grantedBy;
    @Column(name = "granted_at", nullable = false)
    long grantedAt;

    protected CaseReachEntity() {
    }
}
