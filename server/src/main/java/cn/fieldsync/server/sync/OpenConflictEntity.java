package cn.fieldsync.server.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Which conflict is still open for one device on one record. Looked up by key with
 * {@code em.find}, so a later operation of the same pushed batch finds the conflict an earlier one
 * opened before anything is flushed; the primary key makes two pushes racing to open a second
 * conflict collide instead.
 */
@Entity
@Table(name = "sync_conflict_open")
public class OpenConflictEntity {
    @Id
    @Column(name = "open_key")
    String key;
    @Column(name = "conflict_id", nullable = false)
    String conflictId;

    protected OpenConflictEntity() {
    }

    OpenConflictEntity(String recordId, String deviceId, String conflictId) {
        this.key = key(recordId, deviceId);
        this.conflictId = conflictId;
    }

    static String key(String recordId, String deviceId) {
        return recordId + "/" + deviceId;
    }
}
