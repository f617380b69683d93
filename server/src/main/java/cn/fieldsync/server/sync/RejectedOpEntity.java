package cn.fieldsync.server.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An operation the server refused, kept whole for review. */
@Entity
@Table(name = "rejected_op")
public class RejectedOpEntity {
    @Id
    @Column(name = "id")
    String id;
    @Column(name = "device_id", nullable = false)
    String deviceId;
    @Column(name = "user_name")
    String userName;
    @Column(name = "op_id")
    String opId;
    @Column(name = "record_id")
    String recordId;
    @Column(name = "record_type")
    String recordType;
    @Column(name = "code", nullable = false)
    String code;
    @Column(name = "message", nullable = false)
    String message;
    @Column(name = "operation", nullable = false)
    String operation;
    @Column(name = "created_at", nullable = false)
    long createdAt;

    protected RejectedOpEntity() {
    }
}
