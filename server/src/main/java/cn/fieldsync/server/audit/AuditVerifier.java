package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.audit.Checkpoints.Checkpoint;
import com.google.gson.JsonObject;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Verifies the audit log and what it proves, and names the first thing that does not hold:
 *
 * <ol>
 *   <li>the checkpoints: each signed by the server's audit key (which is not in the database),
 *       numbered without a gap in the checkpoint file, and every copy in the database also in the
 *       file (a file cut short is found while the database still has its copies);</li>
 *   <li>the chain, from the first entry: a changed entry (its text or columns no longer match its
 *       hash), a removed or inserted one (a gap in seq, or a previous-hash that does not link), a
 *       head that names an entry that is gone;</li>
 *   <li>the anchors: the entry at each checkpoint's seq has the hash the checkpoint signed, and no
 *       checkpoint anchors more entries than the log holds — so a chain rewritten consistently
 *       (re-hashed, renumbered, cut with the head moved, emptied) is found up to the last checkpoint;</li>
 *   <li>the records: every stored version of every record has an entry whose {@code contentSha256}
 *       is its body's, each record's current row is its last version, and no entry names a version
 *       that is gone. Versions stored before the log was anchored are held by the one
 *       {@code CONTENT_BASELINE} entry (their count and a digest of them all).</li>
 * </ol>
 *
 * Entries after the last checkpoint are proved by the chain only: {@code unanchoredEntries} says
 * how many. Plain JDBC, so that it also runs offline on a copy of the database.
 */
public final class AuditVerifier {

    private static final int PAGE = 1000;
    public static final String BASELINE = "CONTENT_BASELINE";
    /** The label catalogue's section of what the verifier says, in Chinese. */
    public static final String SECTION = "auditBroken";
    /** In place of a body's SHA-256 when it is not JSON (part of the baseline's digest: never change it). */
    private static final String NOT_JSON = "not JSON";

    private AuditVerifier() {
    }

    /**
     * What the log is checked against, from outside the database.
     *
     * @param key  the server's audit public key (pinned, or read beside the key file)
     * @param file the checkpoint file's content
     */
    public record Anchors(PublicKey key, Checkpoints.FileContent file) {
    }

    /**
     * @param intact            whether everything holds
     * @param entries           how many entries were checked
     * @param brokenSeq         the first entry that does not hold (or that proves what does not), or null
     * @param reason            why, for a person: in Chinese, from the label catalogue's {@code auditBroken} section
     * @param recordId          the record whose stored body does not hold, or null
     * @param checkpoints       how many signed checkpoints were checked
     * @param lastCheckpoint    the last one, or null
     * @param unanchoredEntries entries after the last checkpoint: proved by the chain alone until the next one
     * @param recordVersions    how many stored record versions were checked against their entries
     */
    public record Result(boolean intact, long entries, Long brokenSeq, String reason, String recordId,
                         long checkpoints, Checkpoint lastCheckpoint, long unanchoredEntries, long recordVersions) {
    }

    /** A problem found: where and why. */
    private record Broken(Long seq, String reason, String recordId) {
    }

    /** What the walk and the checks collect on the way. */
    private static final class Walk {
        long checked;
        long versions;
        long checkpoints;
        Checkpoint last;
    }

    /**
     * Reads everything in one snapshot (REPEATABLE READ on PostgreSQL; SQLite's read transaction),
     * so that appends while it runs do not look like a broken head.
     */
    public static Result verify(Connection c, Anchors anchors) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try {
            c.setAutoCommit(false);
            if (postgres) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            Walk walk = new Walk();
            Broken broken = check(c, anchors, walk);
            long anchored = walk.last == null ? 0 : walk.last.seq();
            long unanchored = Math.max(0, walk.checked - anchored);
            return broken == null
                    ? new Result(true, walk.checked, null, null, null, walk.checkpoints, walk.last, unanchored, walk.versions)
                    : new Result(false, walk.checked, broken.seq(), broken.reason(), broken.recordId(), walk.checkpoints, walk.last,
                    unanchored, walk.versions);
        } finally {
            c.rollback();
            if (postgres) {
                c.setTransactionIsolation(isolation);
            }
            c.setAutoCommit(autoCommit);
        }
    }

    private static Broken check(Connection c, Anchors anchors, Walk walk) throws SQLException {
        TreeMap<Long, Checkpoint> bySeq = new TreeMap<>();
        Broken broken = checkpoints(c, anchors, walk, bySeq);
        if (broken != null) {
            return broken;
        }
        broken = chain(c, walk, bySeq);
        if (broken != null) {
            return broken;
        }
        Map.Entry<Long, Checkpoint> beyond = bySeq.ceilingEntry(walk.checked + 1);
        if (beyond != null) {
            Checkpoint cp = beyond.getValue();
            return new Broken(walk.checked + 1, say("checkpoint_beyond_log", cp.number(), Instant.ofEpochMilli(cp.at()), cp.seq(),
                    walk.checked), null);
        }
        return records(c, walk);
    }

    private static Broken checkpoints(Connection c, Anchors anchors, Walk walk, TreeMap<Long, Checkpoint> bySeq) throws SQLException {
        if (!anchors.file().problems().isEmpty()) {
            return new Broken(null, say("checkpoint_file_altered", anchors.file().problems().getFirst()), null);
        }
        String keyId = AuditChain.keyId(anchors.key());
        Map<Long, Checkpoint> inFile = new HashMap<>();
        long expected = 1;
        for (Checkpoint cp : anchors.file().checkpoints()) {
            AuditChain.CheckpointFault fault = AuditChain.checkpointFault(cp.json(), anchors.key());
            if (fault != null) {
                return new Broken(cp.seq(), say("checkpoint_in_file", cp.number(), fault.chinese()), null);
            }
            if (cp.number() != expected) {
                return new Broken(null, say("checkpoint_missing", expected, cp.number()), null);
            }
            if (walk.last != null && cp.seq() < walk.last.seq()) {
                return new Broken(cp.seq(), say("checkpoint_fewer", cp.number(), cp.seq(), walk.last.number(), walk.last.seq()), null);
            }
            inFile.put(cp.number(), cp);
            walk.last = cp;
            walk.checkpoints = inFile.size();
            expected++;
        }
        List<String> problems = new ArrayList<>();
        List<Checkpoint> inDatabase = Checkpoints.readTable(c, keyId, problems);
        if (!problems.isEmpty()) {
            return new Broken(null, problems.getFirst(), null);
        }
        for (Checkpoint cp : inDatabase) {
            Checkpoint filed = inFile.get(cp.number());
            if (filed == null) {
                return new Broken(cp.seq(), say("checkpoint_file_cut", cp.number()), null);
            }
            if (!filed.text().equals(cp.text())) {
                return new Broken(cp.seq(), say("checkpoint_copy_differs", cp.number()), null);
            }
        }
        for (Checkpoint cp : inFile.values()) {
            bySeq.merge(cp.seq(), cp, (a, b) -> a.number() < b.number() ? a : b);
        }
        walk.checkpoints = inFile.size();
        return null;
    }

    private static Broken chain(Connection c, Walk walk, TreeMap<Long, Checkpoint> bySeq) throws SQLException {
        String prev = AuditLog.GENESIS;
        long expected = 1;
        while (true) {
            int inPage = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, record_id, entry, prev_hash, hash,"
                    + " record_version, content_sha256 FROM audit_entry WHERE seq >= ? ORDER BY seq LIMIT " + PAGE)) {
                ps.setLong(1, expected);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inPage++;
                        long seq = rs.getLong(1);
                        if (seq != expected) {
                            return new Broken(expected, say("entry_missing", expected, seq), null);
                        }
                        String text = rs.getString(6);
                        if (!rs.getString(7).equals(prev)) {
                            return new Broken(seq, say("entry_unlinked", seq, seq - 1), null);
                        }
                        JsonObject entry = parse(text);
                        if (entry == null) {
                            return new Broken(seq, say("entry_not_json", seq), null);
                        }
                        if (!AuditChain.chain(prev, text, AuditChain.format(entry)).equals(rs.getString(8))) {
                            return new Broken(seq, say("entry_hash_mismatch", seq), null);
                        }
                        String mismatch = columnsMismatch(seq, rs, text, entry);
                        if (mismatch != null) {
                            return new Broken(seq, mismatch, null);
                        }
                        prev = rs.getString(8);
                        Checkpoint cp = bySeq.get(seq);
                        if (cp != null && !cp.headHash().equals(prev)) {
                            Map.Entry<Long, Checkpoint> before = bySeq.lowerEntry(seq);
                            Instant signed = Instant.ofEpochMilli(cp.at());
                            return new Broken(seq, before == null ? say("chain_rewritten_from_start", seq, cp.number(), signed)
                                    : say("chain_rewritten_after", seq, cp.number(), signed, before.getKey()), null);
                        }
                        expected++;
                        walk.checked++;
                    }
                }
            }
            if (inPage < PAGE) {
                break;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && (rs.getLong(1) != walk.checked || !rs.getString(2).equals(prev))) {
                long head = rs.getLong(1);
                String reason = head > walk.checked ? say("head_behind", walk.checked, head)
                        : head == walk.checked ? say("head_hash", walk.checked) : say("head_ahead", walk.checked, head);
                return new Broken(walk.checked + 1, reason, null);
            }
        }
        return null;
    }

    /** The columns the API filters and the record checks join on must say what the hashed entry says. */
    private static String columnsMismatch(long seq, ResultSet rs, String text, JsonObject entry) throws SQLException {
        if (!CanonicalJson.of(entry).equals(text)) {
            return say("entry_not_canonical", seq);
        }
        String recordId = entry.has("recordId") ? entry.get("recordId").getAsString() : null;
        JsonObject detail = entry.has("detail") && entry.get("detail").isJsonObject() ? entry.getAsJsonObject("detail") : new JsonObject();
        String content = recordId != null && detail.has(AuditLog.CONTENT_SHA256) ? detail.get(AuditLog.CONTENT_SHA256).getAsString() : null;
        Integer version = content == null ? null : detail.get("version").getAsInt();
        Object versionColumn = rs.getObject(9);
        boolean same = entry.get("seq").getAsLong() == seq
                && Instant.parse(entry.get("at").getAsString()).toEpochMilli() == rs.getLong(2)
                && Objects.equals(entry.get("actor").isJsonNull() ? null : entry.get("actor").getAsString(), rs.getString(3))
                && entry.get("action").getAsString().equals(rs.getString(4))
                && Objects.equals(recordId, rs.getString(5))
                && Objects.equals(version, versionColumn == null ? null : ((Number) versionColumn).intValue())
                && Objects.equals(content, rs.getString(10));
        return same ? null : say("entry_columns_changed", seq);
    }

    private static Broken records(Connection c, Walk walk) throws SQLException {
        Legacy legacy = new Legacy();
        Broken broken = versions(c, walk, legacy);
        if (broken != null) {
            return broken;
        }
        broken = baseline(c, legacy);
        if (broken != null) {
            return broken;
        }
        broken = missingVersions(c);
        if (broken != null) {
            return broken;
        }
        return currentRows(c);
    }

    /** Versions with no entry naming their content: those stored before the log was anchored. */
    static final class Legacy {
        final List<String> lines = new ArrayList<>();

        long count() {
            return lines.size();
        }

        /** SHA-256 of the sorted lines "recordId version deleted sha256", joined by newlines. */
        String digest() {
            List<String> sorted = new ArrayList<>(lines);
            Collections.sort(sorted);
            return AuditChain.sha256(String.join("\n", sorted));
        }
    }

    /** Every stored version against the entries that name it; the ones no entry names go to legacy. */
    static Broken versions(Connection c, Walk walk, Legacy legacy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.record_id, v.version, v.deleted, v.body, a.seq, a.content_sha256, a.entry"
                + " FROM record_version v LEFT JOIN audit_entry a ON a.record_id = v.record_id AND a.record_version = v.version"
                + " ORDER BY v.record_id, v.version, a.seq")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                String lastId = null;
                int lastVersion = -1;
                String sha = null;
                while (rs.next()) {
                    String id = rs.getString(1);
                    int version = rs.getInt(2);
                    boolean deleted = rs.getBoolean(3);
                    if (!id.equals(lastId) || version != lastVersion) {
                        lastId = id;
                        lastVersion = version;
                        JsonObject body = parse(rs.getString(4));
                        sha = body == null ? NOT_JSON : CanonicalJson.sha256(body);
                        if (walk != null) {
                            walk.versions++;
                        }
                    }
                    long seq = rs.getLong(5);
                    if (rs.wasNull()) {
                        legacy.lines.add(id + " " + version + " " + deleted + " " + sha);
                        continue;
                    }
                    String recorded = rs.getString(6);
                    if (!sha.equals(recorded)) {
                        return new Broken(seq, NOT_JSON.equals(sha) ? say("version_body_not_json", version, id, seq, recorded)
                                : say("version_body_changed", version, id, sha, seq, recorded), id);
                    }
                    JsonObject entry = parse(rs.getString(7));
                    JsonObject detail = entry == null ? null : entry.getAsJsonObject("detail");
                    if (detail == null || !detail.has("deleted") || detail.get("deleted").getAsBoolean() != deleted) {
                        return new Broken(seq, say(deleted ? "version_deleted_changed" : "version_undeleted_changed", version, id, seq), id);
                    }
                }
            }
        }
        return null;
    }

    /** The versions no entry names must be exactly those the baseline counted when the log was anchored. */
    private static Broken baseline(Connection c, Legacy legacy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, entry FROM audit_entry WHERE action = ? ORDER BY seq LIMIT 1")) {
            ps.setString(1, BASELINE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (legacy.count() == 0) {
                        return null;
                    }
                    String[] first = legacy.lines.getFirst().split(" ");
                    return new Broken(null, say("version_unaudited", first[1], first[0]), first[0]);
                }
                long seq = rs.getLong(1);
                JsonObject detail = parse(rs.getString(2)).getAsJsonObject("detail");
                long count = detail.get("versions").getAsLong();
                if (count != legacy.count() || !detail.get("sha256").getAsString().equals(legacy.digest())) {
                    String[] first = legacy.lines.isEmpty() ? null : legacy.lines.getFirst().split(" ");
                    String example = first == null ? "" : say("baseline_example", first[1], first[0]);
                    return new Broken(seq, say(count == legacy.count() ? "baseline_digest" : "baseline_count", seq, count, legacy.count())
                            + example, first == null ? null : first[0]);
                }
            }
        }
        return null;
    }

    /** An entry that proved a version whose row is gone: evidence was deleted. */
    private static Broken missingVersions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.seq, a.record_id, a.record_version FROM audit_entry a"
                + " LEFT JOIN record_version v ON v.record_id = a.record_id AND v.version = a.record_version"
                + " WHERE a.content_sha256 IS NOT NULL AND v.record_id IS NULL ORDER BY a.seq LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return new Broken(rs.getLong(1), say("version_gone", rs.getInt(3), rs.getString(2), rs.getLong(1)), rs.getString(2));
            }
        }
        return null;
    }

    /** Each record's current row is its last stored version, body and deleted flag. */
    private static Broken currentRows(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.version, r.deleted, r.body, v.body, v.deleted,"
                + " (SELECT MAX(m.version) FROM record_version m WHERE m.record_id = r.id)"
                + " FROM record r LEFT JOIN record_version v ON v.record_id = r.id AND v.version = r.version")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    int version = rs.getInt(2);
                    String body = rs.getString(4);
                    String versionBody = rs.getString(5);
                    if (versionBody == null) {
                        return new Broken(null, say("record_version_not_stored", id, version), id);
                    }
                    if (rs.getInt(7) != version) {
                        return new Broken(null, say("record_version_not_last", id, version, rs.getInt(7)), id);
                    }
                    if (rs.getBoolean(3) != rs.getBoolean(6) || !sameJson(body, versionBody)) {
                        return new Broken(null, say("record_changed", id, version), id);
                    }
                }
            }
        }
        return null;
    }

    private static boolean sameJson(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        JsonObject x = parse(a);
        JsonObject y = parse(b);
        return x != null && y != null && CanonicalJson.of(x).equals(CanonicalJson.of(y));
    }

    /** The count and digest of the versions no entry names, for the baseline entry. */
    static JsonObject baselineDetail(Connection c) throws SQLException {
        Legacy legacy = new Legacy();
        versions(c, null, legacy);
        JsonObject detail = new JsonObject();
        detail.addProperty("versions", legacy.count());
        detail.addProperty("sha256", legacy.digest());
        return detail;
    }

    /** A sentence of the label catalogue's {@code auditBroken} section, filled in. */
    static String say(String key, Object... args) {
        return Labels.sayIn(SECTION, key, args);
    }

    private static JsonObject parse(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return null;
        }
    }
}
