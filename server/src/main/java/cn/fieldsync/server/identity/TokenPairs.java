package cn.fieldsync.server.identity;

import cn.fieldsync.server.identity.dto.UserDtos;
import cn.fieldsync.server.persistence.Sql;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The tokens of a login: handing out a pair (an access token and a refresh token), and ending a
 * login's tokens. A token is an opaque random text (32 bytes, base64url); the server keeps only
 * its SHA-256 ({@link TokenEntity}), so a copy of the table lets nobody in. Thread-safe.
 */
final class TokenPairs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration tokenTtl;

    TokenPairs(Clock clock, Duration tokenTtl) {
        this.clock = clock;
        this.tokenTtl = tokenTtl;
    }

    UserDtos.Tokens issue(EntityManager em, UserEntity user, String deviceId, String login, long refreshEnds) {
        return issue(em, user, deviceId, login, refreshEnds, random(), random());
    }

    /**
     * A pair of the login, inside its transaction: the access token lives tokenTtl (never past the
     * login's end), the refresh token to the login's end. Answers
     * {@code {"token","expiresAt","refreshToken","refreshExpiresAt","user":{..},"deviceId"?}}.
     */
    UserDtos.Tokens issue(EntityManager em, UserEntity user, String deviceId, String login, long refreshEnds,
                          String access, String refresh) {
        long now = clock.millis();
        long accessEnds = Math.min(now + tokenTtl.toMillis(), refreshEnds);
        String refreshHash = sha256(refresh);
        em.persist(new TokenEntity(sha256(access), TokenEntity.ACCESS, user.username, deviceId, accessEnds, now, login, refreshHash));
        em.persist(new TokenEntity(refreshHash, TokenEntity.REFRESH, user.username, deviceId, refreshEnds, now, login, null));
        return new UserDtos.Tokens(access, Instant.ofEpochMilli(accessEnds).toString(), refresh,
                Instant.ofEpochMilli(refreshEnds).toString(), UserAccounts.view(user, UserScopes.assigned(Sql.connection(em), user.username)),
                deviceId);
    }

    /** Ends every token of the login the token belongs to (only the token itself for one from before logins had ids); answers how many. */
    static int endLogin(EntityManager em, TokenEntity token) {
        if (token.loginId == null) {
            return em.createQuery("UPDATE TokenEntity t SET t.revoked = :ended WHERE t.tokenHash = :hash AND t.revoked = :live")
                    .setParameter("ended", true).setParameter("hash", token.tokenHash).setParameter("live", false).executeUpdate();
        }
        return em.createQuery("UPDATE TokenEntity t SET t.revoked = :ended WHERE t.loginId = :login AND t.revoked = :live")
                .setParameter("ended", true).setParameter("login", token.loginId).setParameter("live", false).executeUpdate();
    }

    /** {@code {"login","deviceId"?,"tokensEnded"}}: the detail of an audit entry that ended a login. */
    static JsonObject endedDetail(TokenEntity token, int ended) {
        JsonObject detail = new JsonObject();
        detail.addProperty("login", token.loginId);
        if (token.deviceId != null) {
            detail.addProperty("deviceId", token.deviceId);
        }
        detail.addProperty("tokensEnded", ended);
        return detail;
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token: the hex SHA-256 of its text. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
