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
    /** The login this token belongs to: every token handed out by one password check and the refreshes after it. */
    @Column(name = "login_id")
    String loginId;
    /** A refresh token: the SHA-256 of the one it was exchanged for (null while it is the login's current one). */
    @Column(name = "replaced_by")
    String replacedBy;
    /** An access token: first used (epoch ms); a refresh token: exchanged. */
    @Column(name = "used_at")
    Long usedAt;
    /** An access token: the SHA-256 of the refresh token handed out with it. */
    @Column(name = "refresh_hash")
    String refreshHash;

    protected TokenEntity() {
    }

    TokenEntity(String tokenHash, String kind, String username, String deviceId, long expiresAt, long createdAt,
                String loginId, String refreshHash) {
        this.tokenHash = tokenHash;
        this.loginId = loginId;
        this.refreshHash = refreshHash;
        this.kind = kind;
        this.username = username;
        this.deviceId = deviceId;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }
}
