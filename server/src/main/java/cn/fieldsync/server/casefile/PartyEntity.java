package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person answering on one track of a case, with the post held on the event day. */
@Entity
@Table(name = "case_party")
public class PartyEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Column(name = "track", nullable = false)
    String track;
    @Column(name = "person_id", nullable = false)
    String personId;
    @Column(name = "name", nullable = false)
    String name;
    @Column(name = "unit_id")
    String unitId;
    @Column(name = "post")
    String post;
    @Column(name = "responsibility", nullable = false)
    String responsibility;
    @Column(name = "added_by", nullable = false)
    String addedBy;
    @Column(name = "added_at", nullable = false)
    long addedAt;

    protected PartyEntity() {
    }
}
