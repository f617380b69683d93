package cn.fieldsync.server.testing;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.SyncTransport;

import java.nio.file.Path;

/** Passes every call to the real transport; a scenario overrides what it wants to watch or break. */
public abstract class DelegatingTransport implements SyncTransport {
    protected final SyncTransport real;

    protected DelegatingTransport(SyncTransport real) {
        this.real = real;
    }

    @Override
    public String login(String username, String password, String deviceId) {
        return real.login(username, password, deviceId);
    }

    @Override
    public String refresh(String refreshToken) {
        return real.refresh(refreshToken);
    }

    @Override
    public String enrol(String token, String deviceName, String publicKey) {
        return real.enrol(token, deviceName, publicKey);
    }

    @Override
    public String push(String token, String requestJson) {
        return real.push(token, requestJson);
    }

    @Override
    public String changes(String token, long since, String scope, int limit) {
        return real.changes(token, since, scope, limit);
    }

    @Override
    public String limits(String token) {
        return real.limits(token);
    }

    @Override
    public String conflict(String token, String id) {
        return real.conflict(token, id);
    }

    @Override
    public AttachmentState attachment(String token, String sha256) {
        return real.attachment(token, sha256);
    }

    @Override
    public AttachmentState upload(String token, String sha256, Path file, long offset) {
        return real.upload(token, sha256, file, offset);
    }
}
