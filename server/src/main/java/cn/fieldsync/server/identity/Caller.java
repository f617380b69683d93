package cn.fieldsync.server.identity;

/**
 * Who sent a request, as established from its bearer token.
 *
 * @param deviceId      the device the token is bound to, or null for a user's own session
 * @param deviceRevoked true when that device was revoked: only its pushes are taken, into quarantine
 */
public record Caller(String username, Role role, Scope scope, String deviceId, boolean deviceRevoked) {

    /** The server itself: demo data, migrations of data, tests that work below the API. */
    public static final Caller SYSTEM = new Caller("system", Role.ADMIN, Scope.ALL, null, false);

    public boolean is(Role wanted) {
        return role == wanted;
    }
}
