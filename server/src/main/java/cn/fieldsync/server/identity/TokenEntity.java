package cn.fieldsync.server.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An issued token, by the SHA-256 of its text. */
@Entity
@Table(name = "auth_token")
public class TokenEntity {
    static final String ACCESS = "ACCESS";
    static final String REFRESH = "REFRESH";

    @Id
    @Column(name = "token_hash")
    String tokenHash;
    @Column(name = "kind", nullable = false)
    String kind;
    @Column(name = "username", nullable = false)
    String username;
    @Column(name = "device_id")
    String deviceId;
    @Column(name = "expires_at", nullable = false)
    long expiresAt;
    @Column(name = "created_at", nullable = false)
    long createdAt;
    @Column(name = "revoked", nullable = false)
    boolean revoked;

    protected TokenEntity() {
    }

    TokenEntity(String tokenHash, String kind, String username, String deviceId, long expiresAt, long createdAt) {
        this.tokenHash = tokenHash;
        this.kind = kind;
        this.username = username;
        this.deviceId = deviceId;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }
}
