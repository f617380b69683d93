package cn.fieldsync.client.internal;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.CancellationToken;
import cn.fieldsync.client.SyncTransport;

import java.nio.file.Path;

/**
 * A transport that stops before each request once its token is cancelled (or the thread
 * interrupted): every stop falls between two requests, where the sync engine has committed what
 * the last answer brought, so a cancelled sync loses nothing and the next one resumes.
 */
public final class CancellableTransport implements SyncTransport {

    private final SyncTransport real;
    private final CancellationToken token;

    public CancellableTransport(SyncTransport real, CancellationToken token) {
        this.real = real;
        this.token = token;
    }

    @Override
    public String login(String username, String password, String deviceId) {
        token.throwIfCancelled();
        return real.login(username, password, deviceId);
    }

    @Override
    public String refresh(String refreshToken) {
        token.throwIfCancelled();
        return real.refresh(refreshToken);
    }

    @Override
    public String enrol(String bearer, String deviceName, String publicKey) {
        token.throwIfCancelled();
        return real.enrol(bearer, deviceName, publicKey);
    }

    @Override
    public String push(String bearer, String requestJson) {
        token.throwIfCancelled();
        return real.push(bearer, requestJson);
    }

    @Override
    public String changes(String bearer, long since, String scope, int limit) {
        token.throwIfCancelled();
        return real.changes(bearer, since, scope, limit);
    }

    @Override
    public String limits(String bearer) {
        token.throwIfCancelled();
        return real.limits(bearer);
    }

    @Override
    public String conflict(String bearer, String id) {
        token.throwIfCancelled();
        return real.conflict(bearer, id);
    }

    @Override
    public AttachmentState attachment(String bearer, String sha256) {
        token.throwIfCancelled();
        return real.attachment(bearer, sha256);
    }

    @Override
    public AttachmentState upload(String bearer, String sha256, Path file, long offset) {
        token.throwIfCancelled();
        return real.upload(bearer, sha256, file, offset);
    }
}
