package cn.fieldsync.server.document;

import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server upgraded over V24 (each county's documents numbered in its own sequence) keeps every
 * document issued before, with its number, in the server's one sequence (issuer county ''); after it,
 * two counties may each have their 〔2026〕1号 of a kind, and one county never twice — on SQLite and
 * on PostgreSQL.
 */
class IssuedDocumentCountyMigrationTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void documentsIssuedBeforeKeepTheirNumbersAndEachCountyNumbersItsOwn(String kind) throws Exception {
        DatabaseSettings settings = TestDatabases.migratedTo(kind, "issued_document_county_" + kind, "23");
        try (Connection c = TestDatabases.connect(settings);
             PreparedStatement insert = c.prepareStatement("INSERT INTO issued_document (id, kind, year, seq, number, subject_type, subject_id,"
                     + " subject_version, source_key, sha256, size_bytes, issued_by, issued_at) VALUES (?, 'RECTIFICATION_ORDER', 2026, 1,"
                     + " '栖应急责改〔2026〕1号', 'HAZARD', ?, 1, ?, ?, 1000, 'zhangming', 1764547200000)")) {
            insert.setString(1, "0190a1b2-0000-7000-8000-0000000000e1");
            insert.setString(2, "0190a1b2-0000-7000-8000-0000000000d1");
            insert.setString(3, "hazard:0190a1b2-0000-7000-8000-0000000000d1@v1");
            insert.setString(4, "a".repeat(64));
            insert.executeUpdate();
        }
        try (Database db = Database.open(settings)) {
            db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT number, issuer_county FROM issued_document");
                     ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("栖应急责改〔2026〕1号");
                    assertThat(rs.getString(2)).as("the server's one sequence").isEmpty();
                }
                insert(c, "e2", "370612", "牟应急责改〔2026〕1号");
                return null;
            });
            assertThatThrownBy(() -> db.withConnection(c -> {
                insert(c, "e3", "370612", "牟应急责改〔2026〕1号");
                return null;
            })).as("one county's number given twice").hasStackTraceContaining("issued_document");
        }
    }

    private static void insert(Connection c, String id, String county, String number) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO issued_document (id, kind, issuer_county, year, seq, number, subject_type,"
                + " subject_id, subject_version, source_key, sha256, size_bytes, issued_by, issued_at) VALUES (?, 'RECTIFICATION_ORDER', ?, 2026, 1,"
                + " ?, 'HAZARD', ?, 1, ?, ?, 1000, 'admin', 1764547200000)")) {
            insert.setString(1, "0190a1b2-0000-7000-8000-0000000000" + id);
            insert.setString(2, county);
            insert.setString(3, number);
            insert.setString(4, "0190a1b2-0000-7000-8000-0000000000" + id);
            insert.setString(5, "hazard:" + id + "@v1");
            insert.setString(6, "b".repeat(64));
            insert.executeUpdate();
        }
    }
}
