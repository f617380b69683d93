package cn.fieldsync.server.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the audit log's anchors live, and how often checkpoints are made. Read by the server (from
 * MicroProfile Config) and by ops/audit-verify.sh (from -D system properties), with the same keys:
 *
 * <ul>
 *   <li>{@code fieldsync.audit.key-file} (default {@code <data-dir>/audit-key/audit-ed25519.key}):
 *       the server's Ed25519 audit signing key, made on the first start; its public key is beside it
 *       ({@code .pub}). Keep it where the database's writers cannot reach it.</li>
 *   <li>{@code fieldsync.audit.public-key}: the public key (Base64 X.509, as {@code GET /api/audit/key}
 *       and the start-up log give it) to verify with instead of the one beside the key file — pin it.</li>
 *   <li>{@code fieldsync.audit.checkpoint-file} (default {@code <data-dir>/audit-checkpoints.jsonl}):
 *       the append-only file of signed checkpoints.</li>
 *   <li>{@code fieldsync.audit.checkpoint-every} (default 256): a checkpoint after this many entries.</li>
 *   <li>{@code fieldsync.audit.checkpoint-interval} (default PT1M): and at least this often while entries arrive.</li>
 * </ul>
 */
public record AuditSettings(Path keyFile, Optional<String> publicKey, Path checkpointFile, long checkpointEvery,
                            Duration checkpointInterval) {

    public static AuditSettings from(Function<String, Optional<String>> setting, Path dataDir) {
        Path keyFile = setting.apply("fieldsync.audit.key-file").filter(s -> !s.isBlank()).map(Path::of)
                .orElse(dataDir.resolve("audit-key").resolve("audit-ed25519.key"));
        Path checkpointFile = setting.apply("fieldsync.audit.checkpoint-file").filter(s -> !s.isBlank()).map(Path::of)
                .orElse(dataDir.resolve("audit-checkpoints.jsonl"));
        long every;
        String everyText = setting.apply("fieldsync.audit.checkpoint-every").orElse("256");
        try {
            every = Long.parseLong(everyText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fieldsync.audit.checkpoint-every is a number of entries, got: " + everyText, e);
        }
        if (every < 1) {
            throw new IllegalArgumentException("fieldsync.audit.checkpoint-every must be positive, got: " + every);
        }
        String intervalText = setting.apply("fieldsync.audit.checkpoint-interval").orElse("PT1M");
        Duration interval;
        try {
            interval = Duration.parse(intervalText.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("fieldsync.audit.checkpoint-interval is an ISO-8601 duration such as PT1M, got: "
                    + intervalText, e);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("fieldsync.audit.checkpoint-interval must be positive, got: " + intervalText);
        }
        return new AuditSettings(keyFile, setting.apply("fieldsync.audit.public-key").filter(s -> !s.isBlank()),
                checkpointFile, every, interval);
    }
}
