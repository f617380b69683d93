import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Online backup of the server's SQLite database while it runs: {@code VACUUM INTO} reads one
 * consistent snapshot (the database file and its write-ahead log together) in a read transaction,
 * so writers go on, and writes a compact copy. Copying fieldsync.db alone would miss everything
 * still in fieldsync.db-wal. Run by ops/backup.sh with the server's own sqlite-jdbc on the class path:
 *   java -cp 'server/target/libs/*' ops/backup/SqliteBackup.java SOURCE.db TARGET.db
 */
public class SqliteBackup {
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no SQLite database at " + source);
        }
        if (Files.exists(target)) {
            throw new IllegalArgumentException("the target exists already: " + target);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source + "?busy_timeout=30000");
             Statement s = c.createStatement()) {
            s.executeUpdate("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
            try (var rs = s.executeQuery("SELECT COUNT(*) FROM record")) {
                rs.next();
                System.out.println("sqlite: " + rs.getLong(1) + " records in " + target);
            }
        }
    }
}
