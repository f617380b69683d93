package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.server.persistence.DatabaseSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies the audit log straight from the database, with no server running (ops/audit-verify.sh):
 * the chain, its signed checkpoints (the checkpoint file, checked with the server's public key) and
 * every stored record version. Settings as for the server: -Dfieldsync.data-dir=DIR (SQLite) or
 * -Dfieldsync.db.url=... with -Dfieldsync.db.user and -Dfieldsync.db.password; the anchors with
 * -Dfieldsync.audit.checkpoint-file and either -Dfieldsync.audit.public-key=BASE64 (pinned: best)
 * or the public key beside -Dfieldsync.audit.key-file (see {@link AuditSettings}). Needs no
 * private key. Exit 0 when intact, 1 when broken, 2 when it cannot read the database or the key. It
 * speaks Chinese, from the label catalogue's {@code auditBroken} section (the settings' names,
 * paths and the reasons' numbers, ids, hashes and times are arguments).
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(key -> Optional.ofNullable(System.getProperty(key)), System.out, System.err));
    }

    /** The command with its settings looked up by key, printing to out and err; answers the exit code. */
    static int run(Function<String, Optional<String>> setting, PrintStream out, PrintStream err) {
        Path dataDir = Path.of(setting.apply("fieldsync.data-dir").orElse("./data"));
        String url = setting.apply("fieldsync.db.url").orElse("");
        if (url.isBlank()) {
            url = DatabaseSettings.sqliteIn(dataDir).url();
        }
        AuditSettings settings = AuditSettings.from(setting, dataDir);
        PublicKey key;
        try {
            key = settings.publicKey().isPresent() ? Sealing.publicKey(settings.publicKey().get().trim())
                    : AuditKey.readPublic(AuditKey.publicFile(settings.keyFile()));
        } catch (IOException | IllegalArgumentException e) {
            err.println(AuditVerifier.say("command_no_key", "-Dfieldsync.audit.public-key=BASE64", "GET /api/audit/key",
                    "-Dfieldsync.audit.key-file=FILE", e.getMessage()));
            return 2;
        }
        if (!Files.exists(settings.checkpointFile())) {
            err.println(AuditVerifier.say("command_no_checkpoint_file", settings.checkpointFile().toAbsolutePath(),
                    "-Dfieldsync.audit.checkpoint-file=FILE"));
        }
        try (Connection c = DriverManager.getConnection(url, setting.apply("fieldsync.db.user").orElse(""),
                setting.apply("fieldsync.db.password").orElse(""))) {
            String schema = setting.apply("fieldsync.db.schema").orElse("");
            if (!schema.isBlank()) {
                c.setSchema(schema);
            }
            AuditVerifier.Result result = AuditVerifier.verify(c,
                    new AuditVerifier.Anchors(key, Checkpoints.readFile(settings.checkpointFile())));
            String anchoring = result.lastCheckpoint() == null
                    ? AuditVerifier.say("command_anchoring_none", result.checkpoints(), AuditKey.keyId(key), result.unanchoredEntries())
                    : AuditVerifier.say("command_anchoring", result.checkpoints(), AuditKey.keyId(key), result.lastCheckpoint().seq(),
                    result.lastCheckpoint().json().get("at").getAsString(), result.unanchoredEntries());
            if (result.intact()) {
                out.println(AuditVerifier.say("command_intact", result.entries(), result.recordVersions(), anchoring));
                return 0;
            }
            out.println(result.brokenSeq() == null
                    ? AuditVerifier.say("command_broken", result.reason(), result.entries(), anchoring)
                    : AuditVerifier.say("command_broken_at", result.brokenSeq(), result.reason(), result.entries(), anchoring));
            return 1;
        } catch (SQLException | RuntimeException e) {
            err.println(AuditVerifier.say("command_unreadable", url, e.getMessage()));
            return 2;
        }
    }
}
