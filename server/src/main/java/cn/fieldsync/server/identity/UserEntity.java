package cn.fieldsync.server.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user account. The scope it is given lives in rows of its own ({@link UserScopes}, V21), not
 * here: the account is edited through this entity, its scope lists are replaced whole.
 */
@Entity
@Table(name = "app_user")
public class UserEntity {
    @Id
    @Column(name = "username")
    String username;
    @Column(name = "password_hash", nullable = false)
    String passwordHash;
    @Column(name = "role", nullable = false)
    String role;
    /** The name the person is known by (V19); null shows the user name. */
    @Column(name = "display_name")
    String displayName;
    @Column(name = "disabled", nullable = false)
    boolean disabled;
    @Column(name = "created_at", nullable = false)
    long createdAt;
    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    protected UserEntity() {
    }

    UserEntity(String username, String passwordHash, Role role, long now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role.name();
        this.createdAt = now;
        this.updatedAt = now;
    }
}
