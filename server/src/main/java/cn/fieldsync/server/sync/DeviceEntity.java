package cn.fieldsync.server.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An enrolled device. */
@Entity
@Table(name = "device")
public class DeviceEntity {
    @Id
    @Column(name = "id")
    String id;
    @Column(name = "name", nullable = false)
    String name;
    @Column(name = "user_name")
    String userName;
    @Column(name = "enrolled_at", nullable = false)
    long enrolledAt;
    @Column(name = "last_sync_at")
    Long lastSyncAt;
    @Column(name = "public_key")
    String publicKey;
    @Column(name = "revoked_at")
    Long revokedAt;
    @Column(name = "revoked_by")
    String revokedBy;
    @Column(name = "revoke_reason")
    String revokeReason;

    protected DeviceEntity() {
    }

    DeviceEntity(String id, String name, String userName, String publicKey, long enrolledAt) {
        this.id = id;
        this.publicKey = publicKey;
        this.name = name;
        this.userName = userName;
        this.enrolledAt = enrolledAt;
    }
}
