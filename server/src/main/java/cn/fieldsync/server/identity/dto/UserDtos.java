package cn.fieldsync.server.identity.dto;

import java.util.List;

/**
 * The shapes of the account answers: a user as the administrator's pages show it, the list, the
 * pair of tokens a login or a refresh hands out, and the caller's own account ({@code /api/auth/me}).
 * A {@code null} component is left out (a user with no display name, a login with no device).
 * Never a password's hash. Written by {@link cn.fieldsync.server.dto.DtoJson}; described in
 * {@code openapi.yml} (OpenApiShapesTest). The device SDK reads {@code token}, {@code expiresAt},
 * {@code refreshToken}, {@code refreshExpiresAt} and {@code user.username} of a pair: keep the names.
 */
public final class UserDtos {

    private UserDtos() {
    }

    /**
     * A user: role {@code INSPECTOR}, {@code REVIEWER} or {@code ADMIN}; the scope lists in the
     * administrator's order; {@code createdAt} an ISO-8601 instant.
     */
    public record User(String username, String role, String displayName, List<String> jurisdictions, List<String> units,
                       List<String> cases, boolean disabled, String createdAt) {
    }

    /** {@code GET /api/admin/users}: every user, by user name. */
    public record UserList(List<User> items) {
    }

    /**
     * {@code POST /api/auth/login} and {@code /refresh}: the access token (until {@code expiresAt}),
     * the refresh token (until {@code refreshExpiresAt}, the login's end), the user, and the device
     * the tokens are bound to (absent when none).
     */
    public record Tokens(String token, String expiresAt, String refreshToken, String refreshExpiresAt, User user, String deviceId) {
    }

    /**
     * {@code GET /api/auth/me}: the caller's account as {@link User} shows it, with the device the
     * token is bound to (absent when none), the key of the caller's scope (it changes when what they
     * may see changes) and the zone the server counts days in ({@code fieldsync.zone}).
     */
    public record Me(String username, String role, String displayName, List<String> jurisdictions, List<String> units,
                     List<String> cases, boolean disabled, String createdAt, String deviceId, String scopeKey, String zone) {

        public static Me of(User user, String deviceId, String scopeKey, String zone) {
            return new Me(user.username(), user.role(), user.displayName(), user.jurisdictions(), user.units(), user.cases(),
                    user.disabled(), user.createdAt(), deviceId, scopeKey, zone);
        }
    }
}
