package cn.fieldsync.server.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One pushed operation and the answer it got (the idempotency record). */
@Entity
@Table(name = "device_op")
@IdClass(DeviceOpEntity.Key.class)
public class DeviceOpEntity {
    @Id
    @Column(name = "device_id")
    String deviceId;
    @Id
    @Column(name = "op_id")
    String opId;
    @Column(name = "request_hash", nullable = false)
    String requestHash;
    @Column(name = "record_id")
    String recordId;
    /**
     * The record as the device saw it after this operation: the base it was made on with its
     * fields on top (not the merged result, which may hold server changes the device never saw).
     * A later operation chained to this one is merged against it. Null when refused.
     */
    @Column(name = "device_view")
    String deviceView;
    @Column(name = "answer", nullable = false)
    String answer;
    @Column(name = "result_version")
    Integer resultVersion;
    @Column(name = "created_at", nullable = false)
    long createdAt;

    protected DeviceOpEntity() {
    }

    DeviceOpEntity(String deviceId, String opId, String requestHash, String recordId, String deviceView, String answer,
                   Integer resultVersion, long createdAt) {
        this.deviceId = deviceId;
        this.opId = opId;
        this.requestHash = requestHash;
        this.recordId = recordId;
        this.deviceView = deviceView;
        this.answer = answer;
        this.resultVersion = resultVersion;
        this.createdAt = createdAt;
    }

    /** Composite key; a class because EclipseLink sets its fields reflectively. */
    public static class Key implements Serializable {
        String deviceId;
        String opId;

        public Key() {
        }

        Key(String deviceId, String opId) {
            this.deviceId = deviceId;
            this.opId = opId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(deviceId, k.deviceId) && Objects.equals(opId, k.opId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(deviceId, opId);
        }
    }
}
