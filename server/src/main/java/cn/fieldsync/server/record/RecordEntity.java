package cn.fieldsync.server.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The current state of one record. Never leaves this package: resources speak JSON documents. */
@Entity
@Table(name = "record")
public class RecordEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "record_type", nullable = false)
    private String recordType;

    /**
     * +1 per accepted change, set by {@link RecordStore}. Two writers that both read version n
     * both try to store version n+1 in record_version, whose key refuses the second: its whole
     * transaction rolls back, so no change is lost (and none needs JPA's @Version, which would
     * count several changes in one transaction as one).
     */
    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    @Column(name = "unit_id")
    private String unitId;

    @Column(name = "jurisdiction")
    private String jurisdiction;
    @Column(name = "listed_level")
    private String listedLevel;
    @Column(name = "case_id")
    private String caseId;

    @Column(name = "status")
    private String status;

    @Column(name = "grade")
    private String grade;

    @Column(name = "event_at")
    private Long eventAt;

    @Column(name = "deadline")
    private String deadline;

    /** Position in the change sequence of the latest change; see V2__sync.sql. */
    @Column(name = "seq")
    private Long seq;

    @Column(name = "body", nullable = false)
    private String body;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected RecordEntity() {
    }

    RecordEntity(String id, String recordType, long now) {
        this.id = id;
        this.recordType = recordType;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void version(int version) {
        this.version = version;
    }

    /** The record's unit moved to another jurisdiction. */
    void moveTo(String jurisdiction) {
        this.jurisdiction = jurisdiction;
    }

    void markDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    void sequence(long seq) {
        this.seq = seq;
    }

    long seq() {
        return seq == null ? 0 : seq;
    }

    void apply(RecordIndex index, String body, long now) {
        this.unitId = index.unitId();
        this.jurisdiction = index.jurisdiction();
        this.status = index.status();
        this.grade = index.grade();
        this.eventAt = index.eventAt();
        this.deadline = index.deadline();
        this.listedLevel = index.listedLevel();
        this.caseId = index.caseId();
        this.body = body;
        this.updatedAt = now;
    }

    String id() {
        return id;
    }

    String recordType() {
        return recordType;
    }

    int version() {
        return version;
    }

    boolean deleted() {
        return deleted;
    }

    String unitId() {
        return unitId;
    }

    String jurisdiction() {
        return jurisdiction;
    }

    String listedLevel() {
        return listedLevel;
    }

    String caseId() {
        return caseId;
    }

    String status() {
        return status;
    }

    String deadline() {
        return deadline;
    }

    String body() {
        return body;
    }

    long createdAt() {
        return createdAt;
    }

    long updatedAt() {
        return updatedAt;
    }
}
