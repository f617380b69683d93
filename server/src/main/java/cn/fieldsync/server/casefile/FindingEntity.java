package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A finding (认定) on one track of a case. */
@Entity
@Table(name = "case_finding")
public class FindingEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Column(name = "track", nullable = false)
    String track;
    @Column(name = "text", nullable = false)
    String text;
    /** JSON array of the ids of the persons the finding names, or null. */
    @Column(name = "person_ids")
    String personIds;
    @Column(name = "added_by", nullable = false)
    String addedBy;
    @Column(name = "added_at", nullable = false)
    long addedAt;

    protected FindingEntity() {
    }
}
