package cn.fieldsync.server.identity;

import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.identity.dto.UserDtos;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Refreshing a login: a refresh token is exchanged once for a new pair, and a refresh token
 * presented again ends the whole login (rotation with reuse detection, RFC 9700 §4.14.2). Every
 * step is a compare-and-set on {@code auth_token}, so two nodes exchanging the same token at once
 * agree on one winner. Thread-safe.
 */
final class TokenRotation {

    private static final Logger LOG = Logger.getLogger(TokenRotation.class.getName());

    private final Database database;
    private final Clock clock;
    private final AuditLog audit;
    private final TokenPairs pairs;

    TokenRotation(Database database, Clock clock, AuditLog audit, TokenPairs pairs) {
        this.database = database;
        this.clock = clock;
        this.audit = audit;
        this.pairs = pairs;
    }

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
    UserDtos.Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.length() > 200) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken", cn.fieldsync.schemas.Labels.say("refreshMissing"));
        }
        String hash = TokenPairs.sha256(refreshToken);
        Exchange exchange = database.inTransaction(em -> exchange(em, hash));
        if (exchange.refusal != null) {
            throw exchange.refusal; // after the commit: a reuse ends the login even though the request fails
        }
        return exchange.answer;
    }

    private record Exchange(UserDtos.Tokens answer, FieldsyncException refusal) {
    }

    private Exchange exchange(EntityManager em, String hash) {
        long now = clock.millis();
        TokenEntity token = em.find(TokenEntity.class, hash);
        if (token == null || !TokenEntity.REFRESH.equals(token.kind)) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken", cn.fieldsync.schemas.Labels.say("refreshInvalid"));
        }
        if (token.expiresAt <= now) {
            throw new FieldsyncException(ErrorCode.TOKEN_EXPIRED, "/refreshToken", cn.fieldsync.schemas.Labels.say("sessionExpired"));
        }
        if (token.replacedBy == null && token.revoked) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken",
                    cn.fieldsync.schemas.Labels.say("sessionEnded"));
        }
        UserEntity user = em.find(UserEntity.class, token.username);
        if (user == null || user.disabled) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, null, cn.fieldsync.schemas.Labels.say("userMayNotLogIn", token.username));
        }
        if (token.deviceId != null) {
            DeviceBindings.check(Sql.connection(em), token.deviceId, user.username);
        }
        String access = TokenPairs.random();
        String refresh = TokenPairs.random();
        String newHash = TokenPairs.sha256(refresh);
        // compare-and-set: of two nodes exchanging the same token at once, one wins
        boolean exchanged = token.replacedBy == null && em.createQuery("UPDATE TokenEntity t SET t.replacedBy = :successor,"
                        + " t.usedAt = :now, t.revoked = :ended WHERE t.tokenHash = :hash AND t.replacedBy IS NULL AND t.revoked = :live")
                .setParameter("successor", newHash).setParameter("now", now).setParameter("ended", true)
                .setParameter("hash", hash).setParameter("live", false).executeUpdate() == 1;
        if (!exchanged) {
            String successor = token.replacedBy != null ? token.replacedBy : currentReplacement(em, hash);
            if (successor == null || !endUnused(em, successor, newHash)
                    || em.createQuery("UPDATE TokenEntity t SET t.replacedBy = :replacement, t.usedAt = :now"
                            + " WHERE t.tokenHash = :hash AND t.replacedBy = :successor")
                    .setParameter("replacement", newHash).setParameter("now", now).setParameter("hash", hash)
                    .setParameter("successor", successor).executeUpdate() != 1) {
                return new Exchange(null, reused(em, token));
            }
            LOG.info(() -> "fieldsync: a refresh token of " + token.username + " was presented again before its successor was used;"
                    + " exchanged again (the first answer was lost)");
        }
        return new Exchange(pairs.issue(em, user, token.deviceId, token.loginId, token.expiresAt, access, refresh), null);
    }

    /** What the token was exchanged for, as committed now (another node may have exchanged it since it was read). */
    private static String currentReplacement(EntityManager em, String hash) {
        List<String> rows = em.createQuery("SELECT t.replacedBy FROM TokenEntity t WHERE t.tokenHash = :hash", String.class)
                .setParameter("hash", hash).getResultList();
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /**
     * Ends the pair a refresh token was exchanged for, if nobody has used it: its refresh token
     * never exchanged, its access token never presented. Compare-and-set on both rows, against
     * {@link Sessions#authenticate}'s marking of first use, so a pair is either used or ended, not both.
     */
    private static boolean endUnused(EntityManager em, String successor, String replacement) {
        // the ended refresh token points at the replacement too: presenting it later is judged like its predecessor
        int refreshEnded = em.createQuery("UPDATE TokenEntity t SET t.revoked = :ended, t.replacedBy = :replacement"
                        + " WHERE t.tokenHash = :successor AND t.replacedBy IS NULL AND t.revoked = :live")
                .setParameter("ended", true).setParameter("replacement", replacement).setParameter("successor", successor)
                .setParameter("live", false).executeUpdate();
        if (refreshEnded != 1) {
            return false;
        }
        em.createQuery("UPDATE TokenEntity t SET t.revoked = :ended WHERE t.refreshHash = :successor AND t.usedAt IS NULL")
                .setParameter("ended", true).setParameter("successor", successor).executeUpdate();
        return em.createQuery("SELECT COUNT(t) FROM TokenEntity t WHERE t.refreshHash = :successor AND t.usedAt IS NOT NULL", Long.class)
                .setParameter("successor", successor).getSingleResult() == 0;
    }

    /** A refresh token presented after it was exchanged: the login ends, everywhere. */
    private FieldsyncException reused(EntityManager em, TokenEntity token) {
        int ended = TokenPairs.endLogin(em, token);
        if (ended > 0) {
            // audited once: later presentations of the same token find nothing left to end
            audit.append(em, token.username, "SESSION_REUSED", null, TokenPairs.endedDetail(token, ended));
        }
        return new FieldsyncException(ErrorCode.UNAUTHENTICATED, "/refreshToken",
                cn.fieldsync.schemas.Labels.say("sessionReused"));
    }
}
