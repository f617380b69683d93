package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Users, logins and tokens. Tokens are opaque random strings; the server keeps only their
 * SHA-256, with the user, the device they are bound to, the login they belong to and when they
 * expire. An access token lives {@code tokenTtl}; a login lasts {@code refreshTtl}, and its
 * refresh token is used once (refreshing hands out a new pair; see {@link #refresh}). Logging
 * out ends the login; disabling a user or changing a password ends all of theirs.
 */
public final class IdentityService {

    public static final String ADMIN = "admin";
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private static final Pattern JURISDICTION = Pattern.compile("[0-9]{2,6}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(IdentityService.class.getName());

    private final Database database;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Duration refreshTtl;
    private final AuditLog audit;
    private final LoginThrottle throttle;

    public IdentityService(Database database, Clock clock, Duration tokenTtl, Duration refreshTtl) {
        this(database, clock, tokenTtl, refreshTtl, ThrottleLimits.DEFAULT);
    }

    public IdentityService(Database database, Clock clock, Duration tokenTtl, Duration refreshTtl, ThrottleLimits limits) {
        this.database = database;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
        this.refreshTtl = refreshTtl;
        this.audit = new AuditLog(clock);
        this.throttle = new LoginThrottle(database, clock, audit, limits);
    }

    // ---- users -------------------------------------------------------------------------------

    /**
     * Creates the administrator on a server that has none yet.
     *
     * @param password the configured password, or empty to generate one
     * @return the generated password (to be shown once), or empty when none was generated or an
     * administrator existed already
     */
    public Optional<String> bootstrapAdmin(Optional<String> password) {
        boolean exists = database.read(em -> em.find(UserEntity.class, ADMIN) != null);
        if (exists) {
            return Optional.empty();
        }
        String chosen = password.filter(p -> !p.isBlank()).orElse(null);
        String actual = chosen == null ? Passwords.generate() : chosen;
        JsonObject request = new JsonObject();
        request.addProperty("username", ADMIN);
        request.addProperty("password", actual);
        request.addProperty("role", Role.ADMIN.name());
        createUser(Caller.SYSTEM, request);
        return chosen == null ? Optional.of(actual) : Optional.empty();
    }

    public boolean exists(String username) {
        return database.read(em -> em.find(UserEntity.class, username) != null);
    }

    /** {@code {"username","password","role","displayName"?,"jurisdictions":[..],"units":[..],"cases":[..]}}. */
    public JsonObject createUser(Caller by, JsonObject request) {
        String username = text(request, "username");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/username",
                    "a user name is 2 to 64 characters: lower-case letters first, then letters, digits, '.', '_' or '-'");
        }
        String password = checkedPassword(text(request, "password"));
        Role role = role(request);
        if (role == null) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/role", "role must be INSPECTOR, REVIEWER or ADMIN");
        }
        long now = clock.millis();
        UserEntity user = new UserEntity(username, Passwords.hash(password), role, now);
        applyScope(user, request);
        applyDisplayName(user, request);
        return database.inTransaction(em -> {
            if (em.find(UserEntity.class, username) != null) {
                throw new FieldsyncException(ErrorCode.USER_EXISTS, "/username", "the user " + username + " exists already");
            }
            em.persist(user);
            audit.append(em, by.username(), "USER_CREATED", null, userJson(user));
            return userJson(user);
        });
    }

    /** Changes role, scope, password or disabled; a changed password or a disabled user ends their sessions. */
    public JsonObject updateUser(Caller by, String username, JsonObject request) {
        String password = request.has("password") ? checkedPassword(text(request, "password")) : null;
        String hash = password == null ? null : Passwords.hash(password);
        return database.inTransaction(em -> {
            UserEntity user = em.find(UserEntity.class, username);
            if (user == null) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no user " + username);
            }
            if (request.has("role")) {
                Role role = role(request);
                if (role == null) {
                    throw new FieldsyncException(ErrorCode.INVALID_USER, "/role", "role must be INSPECTOR, REVIEWER or ADMIN");
                }
                user.role = role.name();
            }
            applyScope(user, request);
            applyDisplayName(user, request);
            boolean endSessions = hash != null;
            if (hash != null) {
                user.passwordHash = hash;
            }
            if (request.has("disabled")) {
                JsonElement disabled = request.get("disabled");
                if (!disabled.isJsonPrimitive() || !disabled.getAsJsonPrimitive().isBoolean()) {
                    throw new FieldsyncException(ErrorCode.INVALID_USER, "/disabled", "disabled is true or false");
                }
                user.disabled = disabled.getAsBoolean();
                endSessions |= user.disabled;
            }
            if (user.username.equals(ADMIN) && (user.disabled || !Role.ADMIN.name().equals(user.role))) {
                throw new FieldsyncException(ErrorCode.INVALID_USER, "/role",
                        "the user admin stays an enabled administrator, so that the server is never left without one");
            }
            user.updatedAt = clock.millis();
            if (endSessions) {
                em.createQuery("UPDATE TokenEntity t SET t.revoked = true WHERE t.username = :u")
                        .setParameter("u", username).executeUpdate();
            }
            JsonObject detail = userJson(user);
            detail.addProperty("passwordChanged", hash != null);
            audit.append(em, by.username(), "USER_CHANGED", null, detail);
            return userJson(user);
        });
    }

    public JsonArray users() {
        JsonArray list = new JsonArray();
        database.read(em -> em.createQuery("SELECT u FROM UserEntity u ORDER BY u.username", UserEntity.class).getResultList())
                .forEach(u -> list.add(userJson(u)));
        return list;
    }

    public JsonObject user(String username) {
        UserEntity user = database.read(em -> em.find(UserEntity.class, username));
        if (user == null) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no user " + username);
        }
        return userJson(user);
    }

    // ---- logins and tokens ------------------------------------------------------------------

    /**
     * Checks a password and hands out a token pair, the start of a new login. With a device id,
     * the tokens are bound to that device: it must be enrolled by this user and not revoked.
     * Guessing is throttled across every node sharing the database ({@link LoginThrottle}).
     *
     * @throws FieldsyncException {@code invalid_credentials} (401); {@code too_many_attempts}
     *                            (429, a {@link cn.fieldsync.server.error.RetryLaterException})
     */
    public JsonObject login(String username, String password, String deviceId, String address) {
        if (username == null || password == null || username.length() > 64 || password.length() > MAX_PASSWORD) {
            throw new FieldsyncException(ErrorCode.INVALID_CREDENTIALS, null, "give a username and a password");
        }
        LoginThrottle.Attempt attempt = throttle.begin(username, address);
        boolean counted = false;
        try {
            UserEntity user = database.read(em -> em.find(UserEntity.class, username));
            // a missing user costs as much time as a wrong password, so names cannot be probed by timing
            boolean ok = Passwords.matches(password, user == null ? DUMMY_HASH : user.passwordHash) && user != null;
            if (!ok || user.disabled) {
                counted = true;
                throttle.failed(attempt);
                throw new FieldsyncException(ErrorCode.INVALID_CREDENTIALS, null,
                        ok ? "the user " + username + " is disabled" : "the user name or the password is wrong");
            }
            JsonObject answer = database.inTransaction(em -> {
                if (deviceId != null) {
                    checkDevice(em, deviceId, username);
                }
                throttle.succeeded(em, attempt);
                JsonObject detail = addressDetail(address);
                if (deviceId != null) {
                    detail.addProperty("deviceId", deviceId);
                }
                String login = Uuids.v7();
                detail.addProperty("login", login);
                audit.append(em, username, "LOGIN", null, detail);
                // the user's ended logins are of no use to anyone: each login clears them away. An expired
                // access token stays while its login may live, since whether it was used decides a refresh's grace
                long now = clock.millis();
                em.createQuery("DELETE FROM TokenEntity t WHERE t.username = :u AND ((t.kind = :refresh AND t.expiresAt < :now)"
                                + " OR (t.kind = :access AND t.expiresAt < :now AND t.createdAt < :loginsBegun))")
                        .setParameter("u", username).setParameter("refresh", TokenEntity.REFRESH).setParameter("access", TokenEntity.ACCESS)
                        .setParameter("now", now).setParameter("loginsBegun", now - refreshTtl.toMillis()).executeUpdate();
                return issue(em, user, deviceId, login, clock.millis() + refreshTtl.toMillis());
            });
            counted = true;
            return answer;
        } finally {
            if (!counted) {
                // the password was right but the login failed (a device of someone else's): no guess was made
                throttle.release(attempt);
            }
        }
    }

    private static final String DUMMY_HASH = Passwords.hash(Passwords.generate());

    /**
     * Exchanges a refresh token for a new pair: a new access token and a new refresh token, which
     * expires when the login does (the session's length is set at login, not stretched by refreshing).
     * The refresh token given is used up (rotation, RFC 9700 §4.14.2 / OAuth 2.0 Security BCP).
     *
     * <p>Presenting a refresh token that was exchanged already is reuse: someone holds a copy of
     * it, so the whole login ends, every token of it on every device (audited SESSION_REUSED).
     * One exception, the grace the BCP allows for lost answers: when nobody has used the pair it
     * was exchanged for (neither its access token nor its refresh token), the answer evidently
     * never arrived, and the old token is exchanged again; the unused pair is ended. Whoever
     * holds the other pair is refused, and refreshing with it then ends the login. So a device
     * killed between the server's answer and storing it keeps its session, and a copied refresh
     * token still ends the login as soon as both copies are used.
     *
     * @throws FieldsyncException {@code unauthenticated} (401) for an unknown, ended or reused
     *                            token; {@code token_expired} (401) after the login's end
     */
    public JsonObject refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.length() > 200) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken", "give the refreshToken from the login");
        }
        String hash = sha256(refreshToken);
        Exchange exchange = database.inTransaction(em -> exchange(em, hash));
        if (exchange.refusal != null) {
            throw exchange.refusal; // after the commit: a reuse ends the login even though the request fails
        }
        return exchange.answer;
    }

    private record Exchange(JsonObject answer, FieldsyncException refusal) {
    }

    private Exchange exchange(EntityManager em, String hash) {
        long now = clock.millis();
        TokenEntity token = em.find(TokenEntity.class, hash);
        if (token == null || !TokenEntity.REFRESH.equals(token.kind)) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken", "this refresh token is not valid; log in again");
        }
        if (token.expiresAt <= now) {
            throw new FieldsyncException(ErrorCode.TOKEN_EXPIRED, "/refreshToken", "the session has expired; log in again");
        }
        if (token.replacedBy == null && token.revoked) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken",
                    "this session has ended (logged out, or ended by an administrator); log in again");
        }
        UserEntity user = em.find(UserEntity.class, token.username);
        if (user == null || user.disabled) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, null, "the user " + token.username + " may no longer log in");
        }
        if (token.deviceId != null) {
            checkDevice(em, token.deviceId, user.username);
        }
        String access = randomToken();
        String refresh = randomToken();
        String newHash = sha256(refresh);
        // compare-and-set: of two nodes exchanging the same token at once, one wins
        boolean exchanged = token.replacedBy == null && em.createNativeQuery("UPDATE auth_token SET replaced_by = ?1, used_at = ?2,"
                        + " revoked = ?3 WHERE token_hash = ?4 AND replaced_by IS NULL AND revoked = ?5")
                .setParameter(1, newHash).setParameter(2, now).setParameter(3, true).setParameter(4, hash).setParameter(5, false)
                .executeUpdate() == 1;
        if (!exchanged) {
            String successor = token.replacedBy != null ? token.replacedBy : currentReplacement(em, hash);
            if (successor == null || !endUnused(em, successor, newHash)
                    || em.createNativeQuery("UPDATE auth_token SET replaced_by = ?1, used_at = ?2 WHERE token_hash = ?3 AND replaced_by = ?4")
                    .setParameter(1, newHash).setParameter(2, now).setParameter(3, hash).setParameter(4, successor)
                    .executeUpdate() != 1) {
                return new Exchange(null, reused(em, token));
            }
            LOG.info(() -> "fieldsync: a refresh token of " + token.username + " was presented again before its successor was used;"
                    + " exchanged again (the first answer was lost)");
        }
        return new Exchange(issue(em, user, token.deviceId, token.loginId, token.expiresAt, access, refresh), null);
    }

    private static String currentReplacement(EntityManager em, String hash) {
        List<?> rows = em.createNativeQuery("SELECT replaced_by FROM auth_token WHERE token_hash = ?1").setParameter(1, hash).getResultList();
        return rows.isEmpty() ? null : (String) rows.getFirst();
    }

    /**
     * Ends the pair a refresh token was exchanged for, if nobody has used it: its refresh token
     * never exchanged, its access token never presented. Compare-and-set on both rows, against
     * {@link #authenticate}'s marking of first use, so a pair is either used or ended, not both.
     */
    private static boolean endUnused(EntityManager em, String successor, String replacement) {
        // the ended refresh token points at the replacement too: presenting it later is judged like its predecessor
        int refreshEnded = em.createNativeQuery("UPDATE auth_token SET revoked = ?1, replaced_by = ?2 WHERE token_hash = ?3"
                        + " AND replaced_by IS NULL AND revoked = ?4")
                .setParameter(1, true).setParameter(2, replacement).setParameter(3, successor).setParameter(4, false).executeUpdate();
        if (refreshEnded != 1) {
            return false;
        }
        em.createNativeQuery("UPDATE auth_token SET revoked = ?1 WHERE refresh_hash = ?2 AND used_at IS NULL")
                .setParameter(1, true).setParameter(2, successor).executeUpdate();
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM auth_token WHERE refresh_hash = ?1 AND used_at IS NOT NULL")
                .setParameter(1, successor).getSingleResult()).longValue() == 0;
    }

    /** A refresh token presented after it was exchanged: the login ends, everywhere. */
    private FieldsyncException reused(EntityManager em, TokenEntity token) {
        int ended = endLogin(em, token);
        if (ended > 0) {
            // audited once: later presentations of the same token find nothing left to end
            JsonObject detail = new JsonObject();
            detail.addProperty("login", token.loginId);
            if (token.deviceId != null) {
                detail.addProperty("deviceId", token.deviceId);
            }
            detail.addProperty("tokensEnded", ended);
            audit.append(em, token.username, "SESSION_REUSED", null, detail);
        }
        return new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken",
                "this refresh token was used already, so a copy of it may be in other hands: the session has been ended"
                        + " on every device that shared it; log in again");
    }

    private static int endLogin(EntityManager em, TokenEntity token) {
        if (token.loginId == null) {
            return em.createNativeQuery("UPDATE auth_token SET revoked = ?1 WHERE token_hash = ?2 AND revoked = ?3")
                    .setParameter(1, true).setParameter(2, token.tokenHash).setParameter(3, false).executeUpdate();
        }
        return em.createNativeQuery("UPDATE auth_token SET revoked = ?1 WHERE login_id = ?2 AND revoked = ?3")
                .setParameter(1, true).setParameter(2, token.loginId).setParameter(3, false).executeUpdate();
    }

    /**
     * Ends the login the access token belongs to: every access and refresh token handed out by
     * its password check and the refreshes since. Other logins of the same user (other devices)
     * go on. Audited LOGOUT.
     */
    public void logout(String accessToken) {
        database.inTransaction(em -> {
            TokenEntity token = em.find(TokenEntity.class, sha256(accessToken));
            if (token == null) {
                return null;
            }
            int ended = endLogin(em, token);
            JsonObject detail = new JsonObject();
            detail.addProperty("login", token.loginId);
            if (token.deviceId != null) {
                detail.addProperty("deviceId", token.deviceId);
            }
            detail.addProperty("tokensEnded", ended);
            audit.append(em, token.username, "LOGOUT", null, detail);
            return null;
        });
    }

    /**
     * The caller a bearer token stands for. The user is read afresh on every request, so a
     * changed scope or a disabled account takes effect at once.
     */
    public Caller authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty() || bearer.length() > 200) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization",
                    "send Authorization: Bearer <token>; get a token from POST /api/auth/login");
        }
        Authenticated found = database.read(em -> {
            TokenEntity token = em.find(TokenEntity.class, sha256(bearer));
            if (token == null || !TokenEntity.ACCESS.equals(token.kind) || token.revoked) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization", "the token is not valid; log in again");
            }
            if (token.expiresAt <= clock.millis()) {
                throw new FieldsyncException(ErrorCode.TOKEN_EXPIRED, "Authorization",
                        "the token has expired; refresh it (POST /api/auth/refresh) or log in again");
            }
            UserEntity user = em.find(UserEntity.class, token.username);
            if (user == null || user.disabled) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization",
                        "the user " + token.username + " may no longer log in");
            }
            boolean revoked = token.deviceId != null && deviceRevokedAt(em, token.deviceId) != null;
            return new Authenticated(new Caller(user.username, Role.valueOf(user.role), withNamedCases(em, user, scope(user)),
                    token.deviceId, revoked), token.usedAt == null);
        });
        if (found.firstUse) {
            // marks the pair as used, once: from now on its refresh token's predecessor is no longer
            // exchanged again (see refresh); compare-and-set against that ending the pair
            String hash = sha256(bearer);
            int marked = database.inTransaction(em -> em.createNativeQuery("UPDATE auth_token SET used_at = ?1"
                            + " WHERE token_hash = ?2 AND used_at IS NULL AND revoked = ?3")
                    .setParameter(1, clock.millis()).setParameter(2, hash).setParameter(3, false).executeUpdate());
            if (marked == 0 && database.read(em -> {
                TokenEntity now = em.find(TokenEntity.class, hash);
                return now == null || now.revoked;
            })) {
                throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization", "the token is not valid; log in again");
            }
        }
        return found.caller;
    }

    private record Authenticated(Caller caller, boolean firstUse) {
    }

    private JsonObject issue(EntityManager em, UserEntity user, String deviceId, String login, long refreshEnds) {
        return issue(em, user, deviceId, login, refreshEnds, randomToken(), randomToken());
    }

    /** A pair of the login: the access token lives tokenTtl (never past the login's end), the refresh token to the login's end. */
    private JsonObject issue(EntityManager em, UserEntity user, String deviceId, String login, long refreshEnds,
                             String access, String refresh) {
        long now = clock.millis();
        long accessEnds = Math.min(now + tokenTtl.toMillis(), refreshEnds);
        String refreshHash = sha256(refresh);
        em.persist(new TokenEntity(sha256(access), TokenEntity.ACCESS, user.username, deviceId, accessEnds, now, login, refreshHash));
        em.persist(new TokenEntity(refreshHash, TokenEntity.REFRESH, user.username, deviceId, refreshEnds, now, login, null));
        JsonObject answer = new JsonObject();
        answer.addProperty("token", access);
        answer.addProperty("expiresAt", Instant.ofEpochMilli(accessEnds).toString());
        answer.addProperty("refreshToken", refresh);
        answer.addProperty("refreshExpiresAt", Instant.ofEpochMilli(refreshEnds).toString());
        answer.add("user", userJson(user));
        if (deviceId != null) {
            answer.addProperty("deviceId", deviceId);
        }
        return answer;
    }

    /**
     * A revoked device still gets tokens: they allow nothing but pushing into quarantine, so
     * that what it holds reaches an administrator instead of being stranded on it.
     */
    private void checkDevice(EntityManager em, String deviceId, String username) {
        List<?> rows = Uuids.isCanonical(deviceId)
                ? em.createNativeQuery("SELECT user_name, id FROM device WHERE id = ?1").setParameter(1, deviceId).getResultList()
                : List.of();
        if (rows.isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_DEVICE, "/deviceId", "the device " + deviceId + " is not enrolled");
        }
        Object[] row = (Object[]) rows.getFirst();
        if (!username.equals(row[0])) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, "/deviceId",
                    "the device " + deviceId + " was enrolled by another user; enrol this device for " + username);
        }
    }

    private static Object deviceRevokedAt(EntityManager em, String deviceId) {
        List<?> rows = em.createNativeQuery("SELECT revoked_at FROM device WHERE id = ?1").setParameter(1, deviceId).getResultList();
        return rows.isEmpty() ? "unknown" : rows.getFirst();
    }

    /**
     * The scope with the cases the user is named an investigator of: naming (CaseReach) changes
     * no user's own scope — the case lists its investigators, and they read it and the evidence
     * confirmed for it within its reach for as long as they are listed.
     */
    static Scope withNamedCases(EntityManager em, UserEntity user, Scope scope) {
        if (scope.everything()) {
            return scope;
        }
        // user names are [a-z][a-z0-9._-]*: '_' is LIKE's one-character wildcard, escaped here; the split below decides
        String pattern = "%" + user.username.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
        List<String> cases = new ArrayList<>(scope.cases());
        for (Object row : em.createNativeQuery("SELECT id, investigators FROM case_file WHERE investigators LIKE ?1 ESCAPE '\\'")
                .setParameter(1, pattern).getResultList()) {
            Object[] r = (Object[]) row;
            if (Arrays.asList(((String) r[1]).split(",")).contains(user.username) && !cases.contains((String) r[0])) {
                cases.add((String) r[0]);
            }
        }
        if (cases.isEmpty()) {
            return scope;
        }
        // the reach of the cases, in the scope's key: a case that loses a division code restarts the feeds
        // of those it is assigned to, and their devices drop the evidence it no longer reaches
        StringBuilder reach = new StringBuilder();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            in.append(i == 0 ? "?" : ",?").append(i + 1);
        }
        var query = em.createNativeQuery("SELECT case_id, jurisdiction FROM case_reach WHERE case_id IN (" + in + ") ORDER BY case_id, jurisdiction");
        for (int i = 0; i < cases.size(); i++) {
            query.setParameter(i + 1, cases.get(i));
        }
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            reach.append(r[0]).append(':').append(r[1]).append(';');
        }
        return new Scope(false, scope.jurisdictions(), scope.units(), cases, reach.toString());
    }

    static Scope scope(UserEntity user) {
        if (Role.ADMIN.name().equals(user.role)) {
            return Scope.ALL;
        }
        return new Scope(false, split(user.jurisdictions), split(user.units), split(user.cases));
    }

    /** {@code "displayName"}: 1 to 100 characters, or null to show the user name again. */
    private static void applyDisplayName(UserEntity user, JsonObject request) {
        if (!request.has("displayName")) {
            return;
        }
        JsonElement value = request.get("displayName");
        if (value.isJsonNull()) {
            user.displayName = null;
            return;
        }
        String name = text(request, "displayName");
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/displayName", "a display name is 1 to 100 characters, or null");
        }
        user.displayName = name.strip();
    }

    /**
     * The names people are known by, for the user names given that exist: user name → display name
     * (the user name itself when none is set). Names only: no role, no scope.
     */
    public JsonObject displayNames(Caller caller, java.util.Collection<String> usernames) {
        JsonObject names = new JsonObject();
        database.read(em -> {
            for (String username : usernames) {
                UserEntity user = username == null || username.length() > 64 ? null : em.find(UserEntity.class, username);
                // only colleagues whose jurisdictions meet the caller's: another county's staff stay unnamed
                // (and an unknown name looks the same as one the caller may not see)
                if (user != null && sharesJurisdiction(caller, user)) {
                    names.addProperty(username, user.displayName == null ? username : user.displayName);
                }
            }
            return null;
        });
        return names;
    }

    /** Whether one of the user's jurisdictions lies within the caller's, or contains one of them (the caller's city or province). */
    private static boolean sharesJurisdiction(Caller caller, UserEntity user) {
        if (caller.scope().everything() || caller.username().equals(user.username)) {
            return true;
        }
        if (Role.ADMIN.name().equals(user.role) && user.jurisdictions.isEmpty()) {
            return true; // the system's administrators, whose names appear on every county's conflict resolutions
        }
        for (String theirs : user.jurisdictions.split(",")) {
            for (String mine : caller.scope().jurisdictions()) {
                if (!theirs.isEmpty() && (theirs.startsWith(mine) || mine.startsWith(theirs))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void applyScope(UserEntity user, JsonObject request) {
        if (request.has("jurisdictions")) {
            user.jurisdictions = String.join(",", list(request, "jurisdictions", JURISDICTION,
                    "a jurisdiction is a division code or its leading digits: 2 to 6 digits (\"37\", \"3706\", \"370686\")"));
        }
        if (request.has("units")) {
            user.units = String.join(",", list(request, "units", null, "a unit is given by its id (a UUID)"));
        }
        if (request.has("cases")) {
            user.cases = String.join(",", list(request, "cases", null, "a case is given by its id (a UUID)"));
        }
    }

    private static List<String> list(JsonObject request, String field, Pattern pattern, String rule) {
        JsonElement value = request.get(field);
        if (!value.isJsonArray() || value.getAsJsonArray().size() > 500) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/" + field, field + " is an array of at most 500 entries");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.getAsJsonArray().size(); i++) {
            JsonElement item = value.getAsJsonArray().get(i);
            String text = item.isJsonPrimitive() && item.getAsJsonPrimitive().isString() ? item.getAsString() : null;
            boolean ok = text != null && (pattern == null ? Uuids.isCanonical(text) : pattern.matcher(text).matches());
            if (!ok) {
                throw new FieldsyncException(ErrorCode.INVALID_USER, "/" + field + "/" + i, rule);
            }
            if (!items.contains(text)) {
                items.add(text);
            }
        }
        return items;
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String checkedPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/password",
                    "a password is " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    private static Role role(JsonObject request) {
        String name = text(request, "role");
        return name == null ? null : Role.parse(name);
    }

    static JsonObject userJson(UserEntity user) {
        JsonObject json = new JsonObject();
        json.addProperty("username", user.username);
        json.addProperty("role", user.role);
        if (user.displayName != null) {
            json.addProperty("displayName", user.displayName);
        }
        json.add("jurisdictions", array(split(user.jurisdictions)));
        json.add("units", array(split(user.units)));
        json.add("cases", array(split(user.cases)));
        json.addProperty("disabled", user.disabled);
        json.addProperty("createdAt", Instant.ofEpochMilli(user.createdAt).toString());
        return json;
    }

    private static JsonArray array(List<String> items) {
        JsonArray array = new JsonArray();
        items.forEach(array::add);
        return array;
    }

    private static JsonObject addressDetail(String address) {
        JsonObject detail = new JsonObject();
        detail.addProperty("address", address);
        return detail;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
