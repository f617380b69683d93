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
 * private key. Exit 0 when intact, 1 when broken, 2 when it cannot read the database or the key.
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
            err.println("cannot read the server's audit public key (give -Dfieldsync.audit.public-key=BASE64 from GET /api/audit/key,"
                    + " or -Dfieldsync.audit.key-file=FILE): " + e.getMessage());
            return 2;
        }
        if (!Files.exists(settings.checkpointFile())) {
            err.println("note: no checkpoint file at " + settings.checkpointFile().toAbsolutePath()
                    + ": nothing anchors the log (give -Dfieldsync.audit.checkpoint-file=FILE)");
        }
        try (Connection c = DriverManager.getConnection(url, setting.apply("fieldsync.db.user").orElse(""),
                setting.apply("fieldsync.db.password").orElse(""))) {
            String schema = setting.apply("fieldsync.db.schema").orElse("");
            if (!schema.isBlank()) {
                c.setSchema(schema);
            }
            AuditVerifier.Result result = AuditVerifier.verify(c,
                    new AuditVerifier.Anchors(key, Checkpoints.readFile(settings.checkpointFile())));
            String anchoring = result.checkpoints() + " signed checkpoints (key " + AuditKey.keyId(key) + ")"
                    + (result.lastCheckpoint() == null ? "" : ", the last anchoring " + result.lastCheckpoint().seq()
                    + " entries at " + result.lastCheckpoint().json().get("at").getAsString())
                    + "; " + result.unanchoredEntries() + " entries after it proved by the chain alone";
            if (result.intact()) {
                out.println("audit log intact: " + result.entries() + " entries and " + result.recordVersions()
                        + " record versions verified; " + anchoring);
                return 0;
            }
            out.println("audit log BROKEN" + (result.brokenSeq() == null ? "" : " at entry " + result.brokenSeq()) + ": "
                    + result.reason() + " (" + result.entries() + " entries checked; " + anchoring + ")");
            return 1;
        } catch (SQLException | RuntimeException e) {
            err.println("cannot read the audit log at " + url + ": " + e.getMessage());
            return 2;
        }
    }
}
