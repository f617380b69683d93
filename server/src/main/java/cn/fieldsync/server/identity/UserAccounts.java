package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.dto.DtoJson;
import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.identity.dto.UserDtos;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * User accounts as an administrator keeps them: creating and changing a user (role, scope,
 * password, display name, disabled), listing them, the first administrator, and the names people
 * are known by. Every change is audited (USER_CREATED, USER_CHANGED). The account is the
 * {@link UserEntity}; its scope lists are rows of their own ({@link UserScopes}). Thread-safe.
 */
final class UserAccounts {

    static final String ADMIN = "admin";
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private static final int MIN_PASSWORD = 8;

    private final Database database;
    private final Clock clock;
    private final AuditLog audit;

    UserAccounts(Database database, Clock clock, AuditLog audit) {
        this.database = database;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Creates the administrator on a server that has none yet.
     *
     * @param password the configured password, or empty to generate one
     * @return the generated password (to be shown once), or empty when none was generated or an
     * administrator existed already
     */
    Optional<String> bootstrapAdmin(Optional<String> password) {
        if (exists(ADMIN)) {
            return Optional.empty();
        }
        String chosen = password.filter(p -> !p.isBlank()).orElse(null);
        String actual = chosen == null ? Passwords.generate() : chosen;
        JsonObject request = new JsonObject();
        request.addProperty("username", ADMIN);
        request.addProperty("password", actual);
        request.addProperty("role", Role.ADMIN.name());
        create(Caller.SYSTEM, request);
        return chosen == null ? Optional.of(actual) : Optional.empty();
    }

    boolean exists(String username) {
        return database.read(em -> em.find(UserEntity.class, username) != null);
    }

    /** {@code {"username","password","role","displayName"?,"jurisdictions":[..],"units":[..],"cases":[..]}}. */
    UserDtos.User create(Caller by, JsonObject request) {
        String username = text(request, "username");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/username",
                    Labels.say("usernameRule"));
        }
        String password = checkedPassword(text(request, "password"));
        Role role = role(request);
        if (role == null) {
            throw invalidRole(request);
        }
        UserEntity user = new UserEntity(username, Passwords.hash(password), role, clock.millis());
        Map<UserScopes.ScopeList, List<String>> scope = UserScopes.requested(request);
        applyDisplayName(user, request);
        return database.inTransaction(em -> {
            if (em.find(UserEntity.class, username) != null) {
                throw new FieldsyncException(ErrorCode.USER_EXISTS, "/username", Labels.say("userExists", username));
            }
            refuseNamesake(em, user);
            em.persist(user);
            em.flush(); // the scope rows refer to the user's row
            Connection c = Sql.connection(em);
            UserScopes.replace(c, username, scope);
            UserDtos.User answer = view(user, UserScopes.assigned(c, username));
            audit.append(em, by.username(), "USER_CREATED", null, DtoJson.tree(answer).getAsJsonObject());
            return answer;
        });
    }

    /** Changes role, scope, password or disabled; a changed password or a disabled user ends their sessions. */
    UserDtos.User update(Caller by, String username, JsonObject request) {
        String password = request.has("password") ? checkedPassword(text(request, "password")) : null;
        String hash = password == null ? null : Passwords.hash(password);
        return database.inTransaction(em -> {
            UserEntity user = em.find(UserEntity.class, username);
            if (user == null) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("userNotFound", username));
            }
            if (request.has("role")) {
                Role role = role(request);
                if (role == null) {
                    throw invalidRole(request);
                }
                user.role = role.name();
            }
            Map<UserScopes.ScopeList, List<String>> scope = UserScopes.requested(request);
            applyDisplayName(user, request);
            if (request.has("displayName")) {
                refuseNamesake(em, user);
            }
            boolean endSessions = hash != null;
            if (hash != null) {
                user.passwordHash = hash;
            }
            if (request.has("disabled")) {
                JsonElement disabled = request.get("disabled");
                if (!disabled.isJsonPrimitive() || !disabled.getAsJsonPrimitive().isBoolean()) {
                    throw new FieldsyncException(ErrorCode.INVALID_USER, "/disabled", Labels.say("disabledFlag", Named.field("disabled"), "true", "false"));
                }
                user.disabled = disabled.getAsBoolean();
                endSessions |= user.disabled;
            }
            if (user.username.equals(by.username()) && (user.disabled || !Role.ADMIN.name().equals(user.role))) {
                // an administrator who disables or demotes themselves ends their own session mid-task; another administrator does it
                throw new FieldsyncException(ErrorCode.INVALID_USER, user.disabled ? "/disabled" : "/role", Labels.say("notYourself"));
            }
            if (user.username.equals(ADMIN) && (user.disabled || !Role.ADMIN.name().equals(user.role))) {
                throw new FieldsyncException(ErrorCode.INVALID_USER, user.disabled ? "/disabled" : "/role",
                        Labels.say("adminStaysAdmin", ADMIN));
            }
            user.updatedAt = clock.millis();
            if (endSessions) {
                em.createQuery("UPDATE TokenEntity t SET t.revoked = true WHERE t.username = :u")
                        .setParameter("u", username).executeUpdate();
            }
            Connection c = Sql.connection(em);
            UserScopes.replace(c, username, scope);
            UserDtos.User answer = view(user, UserScopes.assigned(c, username));
            JsonObject detail = DtoJson.tree(answer).getAsJsonObject();
            detail.addProperty("passwordChanged", hash != null);
            audit.append(em, by.username(), "USER_CHANGED", null, detail);
            return answer;
        });
    }

    /** Every user, by user name. */
    List<UserDtos.User> list() {
        List<UserEntity> users = database.read(em -> em.createQuery("SELECT u FROM UserEntity u ORDER BY u.username", UserEntity.class)
                .getResultList());
        Map<String, Scope> scopes = database.withConnection(c -> UserScopes.assigned(c, users.stream().map(u -> u.username).toList()));
        return users.stream().map(u -> view(u, scopes.getOrDefault(u.username, Scope.NOTHING))).toList();
    }

    /** @throws FieldsyncException {@code not_found} */
    UserDtos.User get(String username) {
        UserEntity user = database.read(em -> em.find(UserEntity.class, username));
        if (user == null) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("userNotFound", username));
        }
        return view(user, database.withConnection(c -> UserScopes.assigned(c, username)));
    }

    /**
     * The names people are known by, for the user names given that exist: user name → display name
     * (the user name itself when none is set). Names only: no role, no scope.
     */
    JsonObject displayNames(Caller caller, Collection<String> usernames) {
        JsonObject names = new JsonObject();
        database.read(em -> database.withConnection(c -> {
            for (String username : usernames) {
                UserEntity user = username == null || username.length() > 64 ? null : em.find(UserEntity.class, username);
                // only colleagues whose jurisdictions meet the caller's: another county's staff stay unnamed
                // (and an unknown name looks the same as one the caller may not see)
                if (user != null && UserScopes.sharesJurisdiction(c, caller, user)) {
                    names.addProperty(username, user.displayName == null ? username : user.displayName);
                }
            }
            return null;
        }));
        return names;
    }

    /** {@code "displayName"}: 1 to 100 characters, or null to show the user name again. */
    /**
     * Two users of one name: the console names people by it (who resolved a conflict, whose device
     * held an edit, who did what in the audit trail), and an administrator could not tell the two
     * 张明 apart where a change may decide a sanction. Refused, naming the user who has it.
     */
    private static void refuseNamesake(EntityManager em, UserEntity user) {
        if (user.displayName == null) {
            return;
        }
        // another's display name, or another's user name (the console shows a user name where no display name is set)
        List<String> holders = em.createQuery("SELECT u.username FROM UserEntity u WHERE (u.displayName = :d OR u.username = :d)"
                        + " AND u.username <> :u", String.class)
                .setParameter("d", user.displayName).setParameter("u", user.username).setMaxResults(1).getResultList();
        if (!holders.isEmpty()) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/displayName", Labels.say("displayNameTaken", user.displayName,
                    holders.getFirst()));
        }
    }

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
        String stripped = name == null ? "" : stripSpaces(name);
        if (stripped.isEmpty() || stripped.length() > 100) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/displayName", Labels.say("displayNameRule", "null"));
        }
        user.displayName = stripped;
    }

    /**
     * A name without the spaces around it, every Unicode space counted: String.strip() leaves the
     * no-break spaces (U+00A0, U+2007, U+202F), so "张明\u00A0" stood beside 张明 as another user who
     * looks the same (a tester's finding).
     */
    static String stripSpaces(String name) {
        int from = 0;
        int to = name.length();
        while (from < to && isSpace(name.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(name.charAt(to - 1))) {
            to--;
        }
        return name.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String checkedPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > Sessions.MAX_PASSWORD) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/password",
                    Labels.say("passwordRule", MIN_PASSWORD, Sessions.MAX_PASSWORD));
        }
        // spaces inside a password are fine (a pass phrase); one of blanks only — ASCII, full-width, no-break or
        // zero-width (U+200B) — is a slip of the keyboard
        if (password.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT)) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/password", Labels.say("passwordBlank"));
        }
        return password;
    }

    private static FieldsyncException invalidRole(JsonObject request) {
        return new FieldsyncException(ErrorCode.INVALID_USER, "/role",
                Named.oneOf("role", text(request, "role"), "roles", List.of("INSPECTOR", "REVIEWER", "ADMIN")));
    }

    private static Role role(JsonObject request) {
        String name = text(request, "role");
        return name == null ? null : Role.parse(name);
    }

    /**
     * A user as the API shows it: {@code {"username","role","displayName"?,"jurisdictions":[..],
     * "units":[..],"cases":[..],"disabled","createdAt"}} — never the password's hash.
     */
    static UserDtos.User view(UserEntity user, Scope assigned) {
        return new UserDtos.User(user.username, user.role, user.displayName, assigned.jurisdictions(), assigned.units(),
                assigned.cases(), user.disabled, Instant.ofEpochMilli(user.createdAt).toString());
    }
}
