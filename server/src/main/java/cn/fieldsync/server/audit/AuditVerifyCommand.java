package cn.fieldsync.server.audit;

import cn.fieldsync.server.persistence.DatabaseSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Verifies the audit chain straight from the database, with no server running (ops/audit-verify.sh).
 * Settings as for the server: -Dfieldsync.data-dir=DIR (SQLite) or -Dfieldsync.db.url=... with
 * -Dfieldsync.db.user and -Dfieldsync.db.password. Exit 0 when intact, 1 when broken, 2 on error.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        String url = System.getProperty("fieldsync.db.url", "");
        if (url.isBlank()) {
            url = DatabaseSettings.sqliteIn(Path.of(System.getProperty("fieldsync.data-dir", "./data"))).url();
        }
        try (Connection c = DriverManager.getConnection(url, System.getProperty("fieldsync.db.user", ""),
                System.getProperty("fieldsync.db.password", ""))) {
            String schema = System.getProperty("fieldsync.db.schema", "");
            if (!schema.isBlank()) {
                c.setSchema(schema);
            }
            AuditVerifier.Result result = AuditVerifier.verify(c);
            if (result.intact()) {
                System.out.println("audit log intact: " + result.entries() + " entries verified");
                System.exit(0);
            }
            System.out.println("audit log BROKEN at entry " + result.brokenSeq() + ": " + result.reason()
                    + " (" + result.entries() + " entries before it verified)");
            System.exit(1);
        } catch (SQLException e) {
            System.err.println("cannot read the audit log at " + url + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
