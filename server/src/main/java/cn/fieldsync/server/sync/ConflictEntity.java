package cn.fieldsync.server.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A field-level conflict held for an administrator, with base, server and device values. */
@Entity
@Table(name = "sync_conflict")
public class ConflictEntity {
    @Id
    @Column(name = "id")
    String id;
    @Column(name = "record_id", nullable = false)
    String recordId;
    @Column(name = "record_type", nullable = false)
    String recordType;
    @Column(name = "device_id", nullable = false)
    String deviceId;
    @Column(name = "user_name")
    String userName;
    /** The first operation, the one that opened the conflict. */
    @Column(name = "op_id", nullable = false)
    String opId;
    /** JSON array of every operation the conflict holds, oldest first; null on conflicts stored before V8 (then [opId]). */
    @Column(name = "op_ids")
    String opIds;
    @Column(name = "base_version", nullable = false)
    int baseVersion;
    @Column(name = "server_version", nullable = false)
    int serverVersion;
    /**
     * {"field": {"base": .., "server": .., "device": .., "earlierDeviceValues": [..]}, ...}: base is
     * the value the device started from, server the server's value when the field entered the
     * conflict, device the device's latest value, earlierDeviceValues (only when there are some) the
     * values its own later edits replaced, oldest first.
     */
    @Column(name = "fields", nullable = false)
    String fields;
    @Column(name = "status", nullable = false)
    String status;
    @Column(name = "resolution")
    String resolution;
    @Column(name = "resolved_values")
    String resolvedValues;
    @Column(name = "resolved_by")
    String resolvedBy;
    @Column(name = "resolved_at")
    Long resolvedAt;
    @Column(name = "resolved_version")
    Integer resolvedVersion;
    @Column(name = "created_at", nullable = false)
    long createdAt;

    protected ConflictEntity() {
    }
}
