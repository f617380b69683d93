package cn.fieldsync.server.audit.dto;

import com.google.gson.JsonObject;

import java.util.List;

/**
 * The shapes the audit routes read ({@code GET /api/audit}, {@code /verify}, {@code /key},
 * {@code /checkpoints}). An entry and a signed checkpoint are carried exactly as they are stored:
 * their bytes are what hashes and signatures were computed on, so they are never re-shaped. A
 * {@code null} component is left out. Written by {@link cn.fieldsync.server.dto.DtoJson};
 * described in {@code openapi.yml} (OpenApiShapesTest).
 */
public final class AuditDtos {

    private AuditDtos() {
    }

    /** A page of the log in order; {@code nextCursor} when more follow. */
    public record EntryPage(List<Entry> items, String nextCursor) {
    }

    /** One entry as stored, with the hash of the entry before it and its own (hex SHA-256), so a reader can check the links. */
    public record Entry(JsonObject entry, String prevHash, String hash) {
    }

    /**
     * What a verification found: the chain, its signed checkpoints and every stored record version.
     * When not {@code intact}: the first entry that does not hold ({@code brokenSeq}), why, and the
     * record whose stored body does not hold. The {@code unanchoredEntries} after the last checkpoint
     * are proved by the chain alone until the next checkpoint.
     */
    public record Verification(boolean intact, long entries, Long brokenSeq, String reason, String recordId, long checkpoints,
                               JsonObject lastCheckpoint, long unanchoredEntries, long recordVersions) {
    }

    /** The server's audit public key: {@code Ed25519}, Base64 X.509, and its id (hex SHA-256 of it). */
    public record Key(String algorithm, String publicKey, String keyId) {
    }

    /** The latest signed checkpoints, newest first, each as signed. */
    public record Checkpoints(List<JsonObject> items) {
    }
}
