package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 9: someone with write access to the database (but not the server's audit key
 * and checkpoint file) tampers with the audit log or the records, 13 ways — the 7 the chain alone
 * always found, and the 6 it let pass (a consistent rewrite: re-hashed, cut with the head moved,
 * renumbered, emptied; an edited record body). Both verifiers, {@code GET /api/audit/verify} and
 * {@code ops/audit-verify.sh} (its Java main, given only the public key), find every one. After
 * each, the database is put back as it was and both verifiers pass again.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = AuditTamperApiTest.DATA_DIR)
@AddConfig(key = "fieldsync.db.schema", value = "audit_tamper")
// checkpoints only when the test asks, so that what is anchored is known
@AddConfig(key = "fieldsync.audit.checkpoint-every", value = "1000000")
@AddConfig(key = "fieldsync.audit.checkpoint-interval", value = "PT1H")
class AuditTamperApiTest {

    static final String DATA_DIR = "target/test-data/audit-tamper";

    @Inject
    WebTarget target;

    // made once: each test puts the database back as it found it (logins are slow on purpose)
    private static Http http;
    private static String hazard;

    @BeforeEach
    void evidenceAndACheckpoint() throws Exception {
        if (hazard != null) {
            assertBothPass();
            return;
        }
        http = TestUsers.admin(target.getUri());
        String unit = http.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        hazard = http.post("/api/hazards", hazardJson(unit, "消防通道堵塞")).field("id");
        http.patch("/api/hazards/" + hazard, "{\"responsiblePerson\":\"王强\"}", "\"1\"");
        TestUsers.Device device = TestUsers.device(http, "inspector-" + hazard.substring(30));
        device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"hazard\",\"id\":\""
                + hazard + "\",\"baseVersion\":2,\"fields\":{\"location\":{\"lat\":37.3,\"lon\":120.8,\"accuracyM\":5,\"address\":\"栖霞市化工园8号\"}}}]}");
        for (int i = 0; i < 3; i++) {
            http.post("/api/hazards", hazardJson(unit, "隐患" + i));
        }
        assertThat(http.post("/api/audit/checkpoint", "").status()).isEqualTo(200);
        assertBothPass();
    }

    private static String hazardJson(String unit, String description) {
        return """
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"%s",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit, description);
    }

    // --- the 7 the chain alone found ---------------------------------------------------------

    @Test
    void t01_oneByteOfAnEntryChanged() throws Exception {
        tampered(rows -> {
            Row r = rows.get(4);
            String text = r.entry;
            int at = text.length() / 2;
            r.entry = text.substring(0, at) + (text.charAt(at) == 'x' ? 'y' : 'x') + text.substring(at + 1);
            return rows;
        }, false);
    }

    @Test
    void t02_anEntrysFilterColumnChanged() throws Exception {
        tampered(rows -> {
            rows.get(3).actor = "someone-else";
            return rows;
        }, false);
    }

    @Test
    void t03_anEntrysStoredHashChanged() throws Exception {
        tampered(rows -> {
            Row r = rows.get(5);
            r.hash = (r.hash.charAt(0) == 'f' ? "e" : "f") + r.hash.substring(1);
            return rows;
        }, false);
    }

    @Test
    void t04_anEntryChangedWithItsOwnHashRecomputed() throws Exception {
        tampered(rows -> {
            Row r = rows.get(4);
            r.setActor("someone-else");
            r.hash = AuditChain.chain(r.prevHash, r.entry, 2);
            return rows;
        }, false);
    }

    @Test
    void t05_aMiddleEntryDeleted() throws Exception {
        tampered(rows -> {
            rows.remove(4);
            return rows;
        }, false);
    }

    @Test
    void t06_theLastEntryDeletedAndTheHeadLeft() throws Exception {
        try (Connection c = database()) {
            List<Row> original = Row.all(c);
            long last = original.getLast().seq;
            execute(c, "DELETE FROM audit_entry WHERE seq = ?", last);
            assertBothFind("末尾的条目被删除");
            Row.restore(c, original);
        }
        assertBothPass();
    }

    @Test
    void t07_twoEntriesSwapped() throws Exception {
        tampered(rows -> {
            Row a = rows.get(3);
            Row b = rows.get(4);
            String entry = a.entry;
            a.entry = b.entry;
            b.entry = entry;
            return rows;
        }, false);
    }

    // --- the 6 that passed: consistent rewrites and edited records ----------------------------

    @Test
    void t08_anEntryChangedAndEveryLaterOneRehashed() throws Exception {
        tampered(rows -> {
            rows.get(3).setActor("someone-else");
            return rows;
        }, true);
    }

    @Test
    void t09_theLastEntriesDeletedAndTheHeadMoved() throws Exception {
        tampered(rows -> new ArrayList<>(rows.subList(0, rows.size() - 3)), true);
    }

    @Test
    void t10_aMiddleEntryDeletedAndTheRestRenumbered() throws Exception {
        tampered(rows -> {
            rows.remove(4);
            return rows;
        }, true);
    }

    @Test
    void t11_theLogEmptied() throws Exception {
        tampered(rows -> new ArrayList<>(), true);
    }

    @Test
    void t12_aHazardsCurrentBodyEdited() throws Exception {
        try (Connection c = database()) {
            String body = text(c, "SELECT body FROM record WHERE id = ?", hazard);
            execute(c, "UPDATE record SET body = ? WHERE id = ?", edited(body), hazard);
            assertBothFind(hazard);
            execute(c, "UPDATE record SET body = ? WHERE id = ?", body, hazard);
        }
        assertBothPass();
    }

    @Test
    void t13_aHazardsBodyAndItsStoredVersionEditedAlike() throws Exception {
        try (Connection c = database()) {
            String body = text(c, "SELECT body FROM record WHERE id = ?", hazard);
            String version = text(c, "SELECT body FROM record_version WHERE record_id = ? AND version = 3", hazard);
            assertThat(version).isEqualTo(body);
            execute(c, "UPDATE record SET body = ? WHERE id = ?", edited(body), hazard);
            execute(c, "UPDATE record_version SET body = ? WHERE record_id = ? AND version = 3", edited(body), hazard);
            assertBothFind(hazard);
            execute(c, "UPDATE record SET body = ? WHERE id = ?", body, hazard);
            execute(c, "UPDATE record_version SET body = ? WHERE record_id = ? AND version = 3", body, hazard);
        }
        assertBothPass();
    }

    // --- beyond the 13: history, deleted evidence, the checkpoints themselves ------------------

    @Test
    void anOlderVersionRewrittenOrAVersionDeletedIsFound() throws Exception {
        try (Connection c = database()) {
            String first = text(c, "SELECT body FROM record_version WHERE record_id = ? AND version = 1", hazard);
            execute(c, "UPDATE record_version SET body = ? WHERE record_id = ? AND version = 1", edited(first), hazard);
            assertBothFind(hazard);
            execute(c, "UPDATE record_version SET body = ? WHERE record_id = ? AND version = 1", first, hazard);
            execute(c, "UPDATE record_version SET deleted = ? WHERE record_id = ? AND version = 2", true, hazard);
            assertBothFind(hazard);
            execute(c, "UPDATE record_version SET deleted = ? WHERE record_id = ? AND version = 2", false, hazard);
        }
        assertBothPass();
    }

    @Test
    void aCutOrForgedCheckpointFileIsFound() throws Exception {
        Path file = Path.of(DATA_DIR, "audit-checkpoints.jsonl");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        try {
            // the file cut back while the database keeps its copy of the checkpoint
            Files.write(file, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
            assertBothFind("检查点文件被截短或被替换");
            // a checkpoint of a rewritten chain, signed with a key that is not the server's
            var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            JsonObject forged = StrictJson.parseObject(lines.getLast());
            forged.addProperty("headHash", "0".repeat(64));
            forged.remove("signature");
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initSign(other.getPrivate());
            s.update(CanonicalJson.of(forged).getBytes(StandardCharsets.UTF_8));
            forged.addProperty("signature", java.util.Base64.getEncoder().encodeToString(s.sign()));
            List<String> withForged = new ArrayList<>(lines.subList(0, lines.size() - 1));
            withForged.add(CanonicalJson.of(forged));
            Files.write(file, withForged, StandardCharsets.UTF_8);
            assertBothFind("签名不成立");
        } finally {
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        assertBothPass();
    }

    /**
     * The honest limit: entries written after the last checkpoint are proved by the chain alone.
     * The verifier says how many; until the next checkpoint they can be cut with the head moved.
     */
    @Test
    void entriesAfterTheLastCheckpointAreCountedAsUnanchored() throws Exception {
        String unit = http.post("/api/units", "{\"name\":\"后来的单位\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}").field("id");
        JsonObject result = http.get("/api/audit/verify").json();
        assertThat(result.get("intact").getAsBoolean()).isTrue();
        assertThat(result.get("unanchoredEntries").getAsLong()).isEqualTo(1);
        assertThat(http.post("/api/audit/checkpoint", "").status()).isEqualTo(200);
        assertThat(http.get("/api/audit/verify").json().get("unanchoredEntries").getAsLong()).isZero();
        assertThat(unit).isNotBlank();
    }

    // --- tampering as someone with write access to the database would ------------------------

    private interface Change {
        List<Row> apply(List<Row> rows) throws Exception;
    }

    /**
     * Changes the log as the attacker would, checks that both verifiers find it, then puts the
     * original back. With {@code consistent}, every entry from the first change on is renumbered
     * and re-hashed and the head moved, so that the chain itself holds.
     */
    private void tampered(Change change, boolean consistent) throws Exception {
        try (Connection c = database()) {
            List<Row> original = Row.all(c);
            List<Row> rows = change.apply(Row.all(c));
            if (consistent) {
                String prev = AuditChain.GENESIS;
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    r.setSeq(i + 1);
                    r.prevHash = prev;
                    r.hash = AuditChain.chain(prev, r.entry, AuditChain.format(StrictJson.parseObject(r.entry)));
                    prev = r.hash;
                }
                if (consistent) {
                    // the chain itself holds again: only the anchors can tell
                    Row.write(c, rows);
                    assertThat(AuditVerifierChainOnly.holds(c)).isTrue();
                    // and the server will not sign a checkpoint over the rewritten chain
                    Http.Answer refused = http.post("/api/audit/checkpoint", "");
                    assertThat(refused.status()).isEqualTo(409);
                    assertThat(refused.field("code")).isEqualTo("audit_log_altered");
                }
            } else {
                Row.write(c, rows, original.getLast());
            }
            assertBothFind("");
            Row.restore(c, original);
        }
        assertBothPass();
    }

    private void assertBothFind(String inReason) throws Exception {
        JsonObject result = http.get("/api/audit/verify").json();
        assertThat(result.get("intact").getAsBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("reason").getAsString()).contains(inReason);
        assertThat(englishIn(result.get("reason").getAsString())).as(result.toString()).isEmpty();
        System.out.println("tamper found: " + result);
        Command command = command();
        assertThat(command.exit).as(command.out).isEqualTo(1);
        System.out.println("tamper found by the command: " + command.out);
        assertThat(command.out).contains("审计日志核验未通过").contains(inReason);
        assertThat(englishIn(command.out)).as(command.out).isEmpty();
    }

    /**
     * The words of a reason an administrator reads that are not Chinese, once what is rightly an
     * argument is taken out: record ids, hashes and key ids (hex), times (ISO-8601), and a code or
     * member name in full-width brackets after its Chinese name.
     */
    private static List<String> englishIn(String text) {
        String bare = text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "")
                .replaceAll("[0-9a-f]{16,}", "")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "")
                .replaceAll("（[A-Za-z_][A-Za-z0-9_./-]*）", "");
        List<String> words = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z]{2,}").matcher(bare);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private void assertBothPass() throws Exception {
        JsonObject result = http.get("/api/audit/verify").json();
        assertThat(result.get("intact").getAsBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("checkpoints").getAsLong()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("recordVersions").getAsLong()).isGreaterThanOrEqualTo(3);
        Command command = command();
        assertThat(command.exit).as(command.out).isZero();
        assertThat(command.out).contains("审计日志完好");
    }

    private record Command(int exit, String out) {
    }

    /** ops/audit-verify.sh's main, given the database, the checkpoint file and only the pinned public key. */
    private Command command() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("fieldsync.data-dir", DATA_DIR);
        settings.put("fieldsync.audit.key-file", "/nonexistent/no-private-key-here");
        settings.put("fieldsync.audit.public-key", http.get("/api/audit/key").json().get("publicKey").getAsString());
        if (System.getProperty("fieldsync.db.url") != null) {
            settings.put("fieldsync.db.url", System.getProperty("fieldsync.db.url"));
            settings.put("fieldsync.db.user", System.getProperty("fieldsync.db.user"));
            settings.put("fieldsync.db.password", System.getProperty("fieldsync.db.password"));
            settings.put("fieldsync.db.schema", "audit_tamper");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = AuditVerifyCommand.run(key -> Optional.ofNullable(settings.get(key)), print, print);
        return new Command(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static Connection database() throws Exception {
        return TestDatabases.connect(DATA_DIR, "audit_tamper");
    }

    private static String edited(String body) throws Exception {
        JsonObject json = StrictJson.parseObject(body);
        json.addProperty("description", "没有隐患");
        return json.toString();
    }

    private static String text(Connection c, String sql, String id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The chain check alone, as the verifier did before the log was anchored. */
    static final class AuditVerifierChainOnly {
        static boolean holds(Connection c) throws Exception {
            String prev = AuditChain.GENESIS;
            long n = 0;
            for (Row r : Row.all(c)) {
                if (r.seq != ++n || !r.prevHash.equals(prev)
                        || !AuditChain.chain(prev, r.entry, AuditChain.format(StrictJson.parseObject(r.entry))).equals(r.hash)) {
                    return false;
                }
                prev = r.hash;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == n && rs.getString(2).equals(prev);
            }
        }
    }

    /** One row of audit_entry. */
    static final class Row {
        long seq;
        long at;
        String actor;
        String action;
        String recordId;
        String entry;
        String prevHash;
        String hash;
        Object recordVersion;
        String contentSha256;

        void setSeq(long seq) throws Exception {
            this.seq = seq;
            JsonObject json = StrictJson.parseObject(entry);
            json.addProperty("seq", seq);
            entry = CanonicalJson.of(json);
        }

        void setActor(String actor) throws Exception {
            this.actor = actor;
            JsonObject json = StrictJson.parseObject(entry);
            json.addProperty("actor", actor);
            entry = CanonicalJson.of(json);
        }

        static List<Row> all(Connection c) throws Exception {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, record_id, entry, prev_hash, hash,"
                    + " record_version, content_sha256 FROM audit_entry ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row();
                    r.seq = rs.getLong(1);
                    r.at = rs.getLong(2);
                    r.actor = rs.getString(3);
                    r.action = rs.getString(4);
                    r.recordId = rs.getString(5);
                    r.entry = rs.getString(6);
                    r.prevHash = rs.getString(7);
                    r.hash = rs.getString(8);
                    r.recordVersion = rs.getObject(9);
                    r.contentSha256 = rs.getString(10);
                    rows.add(r);
                }
            }
            return rows;
        }

        /** Replaces the whole log with these rows and moves the head to the last of them. */
        static void write(Connection c, List<Row> rows) throws Exception {
            write(c, rows, rows.isEmpty() ? null : rows.getLast());
        }

        static void write(Connection c, List<Row> rows, Row head) throws Exception {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_entry")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (seq, at, actor, action, record_id, entry,"
                    + " prev_hash, hash, record_version, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : rows) {
                    ps.setLong(1, r.seq);
                    ps.setLong(2, r.at);
                    ps.setString(3, r.actor);
                    ps.setString(4, r.action);
                    ps.setString(5, r.recordId);
                    ps.setString(6, r.entry);
                    ps.setString(7, r.prevHash);
                    ps.setString(8, r.hash);
                    ps.setObject(9, r.recordVersion == null ? null : ((Number) r.recordVersion).intValue(), java.sql.Types.INTEGER);
                    ps.setString(10, r.contentSha256);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                ps.setLong(1, head == null ? 0 : head.seq);
                ps.setString(2, head == null ? AuditChain.GENESIS : head.hash);
                ps.executeUpdate();
            }
        }

        static void restore(Connection c, List<Row> original) throws Exception {
            write(c, original);
        }
    }
}
