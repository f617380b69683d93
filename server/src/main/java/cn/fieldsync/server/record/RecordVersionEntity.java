package cn.fieldsync.server.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One version of a record, kept for ever: history, evidence, and the base of sync merges. */
@Entity
@Table(name = "record_version")
@IdClass(RecordVersionEntity.Key.class)
public class RecordVersionEntity {

    @Id
    @Column(name = "record_id", length = 36)
    private String recordId;

    @Id
    @Column(name = "version")
    private int version;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    @Column(name = "body", nullable = false)
    private String body;

    @Column(name = "changed_at", nullable = false)
    private long changedAt;

    protected RecordVersionEntity() {
    }

    RecordVersionEntity(String recordId, int version, boolean deleted, String body, long changedAt) {
        this.recordId = recordId;
        this.version = version;
        this.deleted = deleted;
        this.body = body;
        this.changedAt = changedAt;
    }

    int version() {
        return version;
    }

    boolean deleted() {
        return deleted;
    }

    String body() {
        return body;
    }

    /** Composite key; a class, not a record, because EclipseLink sets its fields reflectively. */
    public static class Key implements Serializable {
        private String recordId;
        private int version;

        public Key() {
        }

        Key(String recordId, int version) {
            this.recordId = recordId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(recordId, key.recordId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recordId, version);
        }
    }
}
