package cn.fieldsync.server.identity;

import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.identity.dto.UserDtos;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The front door of identity, as the API and start-up use it; each part is its own class:
 * <ul>
 *     <li>{@link UserAccounts} — users as an administrator keeps them, the first administrator,
 *     display names;</li>
 *     <li>{@link UserScopes} — what a user is given to see (rows of their own) and the cases they
 *     are named an investigator of;</li>
 *     <li>{@link Passwords} — hashing; {@link LoginThrottle} — guessing, counted across nodes;</li>
 *     <li>{@link Sessions} — login, the caller behind a bearer token, logout;</li>
 *     <li>{@link TokenRotation} — refreshing, with reuse detection; {@link TokenPairs} — handing
 *     out and ending tokens; {@link DeviceBindings} — tokens bound to an enrolled device.</li>
 * </ul>
 * Tokens are opaque random strings; the server keeps only their SHA-256, with the user, the device
 * they are bound to, the login they belong to and when they expire. An access token lives
 * {@code tokenTtl}; a login lasts {@code refreshTtl}, and its refresh token is used once. Logging
 * out ends the login; disabling a user or changing a password ends all of theirs. Thread-safe.
 */
public final class IdentityService {

    public static final String ADMIN = UserAccounts.ADMIN;

    private final UserAccounts accounts;
    private final Sessions sessions;
    private final TokenRotation rotation;

    public IdentityService(Database database, Clock clock, Duration tokenTtl, Duration refreshTtl) {
        this(database, clock, tokenTtl, refreshTtl, ThrottleLimits.DEFAULT);
    }

    public IdentityService(Database database, Clock clock, Duration tokenTtl, Duration refreshTtl, ThrottleLimits limits) {
        AuditLog audit = new AuditLog(clock);
        TokenPairs pairs = new TokenPairs(clock, tokenTtl);
        this.accounts = new UserAccounts(database, clock, audit);
        this.sessions = new Sessions(database, clock, refreshTtl, audit, new LoginThrottle(database, clock, audit, limits), pairs);
        this.rotation = new TokenRotation(database, clock, audit, pairs);
    }

    /** @see UserAccounts#bootstrapAdmin */
    public Optional<String> bootstrapAdmin(Optional<String> password) {
        return accounts.bootstrapAdmin(password);
    }

    public boolean exists(String username) {
        return accounts.exists(username);
    }

    /**
     * {@code {"username","password","role","displayName"?,"jurisdictions":[..],"units":[..],"cases":[..]}}; audited USER_CREATED.
     *
     * @throws FieldsyncException {@code invalid_user} (422), {@code user_exists} (409)
     */
    public UserDtos.User createUser(Caller by, JsonObject request) {
        return accounts.create(by, request);
    }

    /**
     * Changes role, scope, display name, password or disabled; a changed password or a disabled
     * user ends their sessions. Audited USER_CHANGED.
     *
     * @throws FieldsyncException {@code not_found} (404), {@code invalid_user} (422)
     */
    public UserDtos.User updateUser(Caller by, String username, JsonObject request) {
        return accounts.update(by, username, request);
    }

    public List<UserDtos.User> users() {
        return accounts.list();
    }

    public UserDtos.User user(String username) {
        return accounts.get(username);
    }

    /** @see UserAccounts#displayNames */
    public JsonObject displayNames(Caller caller, Collection<String> usernames) {
        return accounts.displayNames(caller, usernames);
    }

    /** @see Sessions#login */
    public UserDtos.Tokens login(String username, String password, String deviceId, String address) {
        return sessions.login(username, password, deviceId, address);
    }

    /** @see TokenRotation#refresh */
    public UserDtos.Tokens refresh(String refreshToken) {
        return rotation.refresh(refreshToken);
    }

    /** @see Sessions#logout */
    public void logout(String accessToken) {
        sessions.logout(accessToken);
    }

    /** @see Sessions#authenticate */
    public Caller authenticate(String bearer) {
        return sessions.authenticate(bearer);
    }
}
