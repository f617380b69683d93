package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Walks the whole audit chain from the first entry and names the first one that does not hold:
 * a changed entry (its text or columns no longer match its hash), a removed or inserted one (a
 * gap in seq, or a previous-hash that does not link), or a cut tail (the head names an entry
 * that is gone). Plain JDBC, so that it also runs offline on a copy of the database.
 */
public final class AuditVerifier {

    private static final int PAGE = 1000;

    private AuditVerifier() {
    }

    /**
     * @param intact      whether the whole chain holds
     * @param entries     how many entries were checked
     * @param brokenSeq   the first entry that does not hold, or null
     * @param reason      why, for a person
     */
    public record Result(boolean intact, long entries, Long brokenSeq, String reason) {

        public JsonObject toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("intact", intact);
            json.addProperty("entries", entries);
            if (brokenSeq != null) {
                json.addProperty("brokenSeq", brokenSeq);
            }
            if (reason != null) {
                json.addProperty("reason", reason);
            }
            return json;
        }
    }

    public static Result verify(Connection c) throws SQLException {
        String prev = AuditLog.GENESIS;
        long expected = 1;
        long checked = 0;
        while (true) {
            int inPage = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, record_id, entry, prev_hash, hash"
                    + " FROM audit_entry WHERE seq >= ? ORDER BY seq LIMIT " + PAGE)) {
                ps.setLong(1, expected);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inPage++;
                        long seq = rs.getLong(1);
                        if (seq != expected) {
                            return broken(checked, expected, "entry " + expected + " is missing (the next is " + seq + ")");
                        }
                        String text = rs.getString(6);
                        if (!rs.getString(7).equals(prev)) {
                            return broken(checked, seq, "entry " + seq + " does not link to entry " + (seq - 1));
                        }
                        if (!AuditLog.chain(prev, text).equals(rs.getString(8))) {
                            return broken(checked, seq, "entry " + seq + " was changed: its hash does not match its content");
                        }
                        String mismatch = columnsMismatch(seq, rs, text);
                        if (mismatch != null) {
                            return broken(checked, seq, mismatch);
                        }
                        prev = rs.getString(8);
                        expected++;
                        checked++;
                    }
                }
            }
            if (inPage < PAGE) {
                break;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && (rs.getLong(1) != checked || !rs.getString(2).equals(prev))) {
                return broken(checked, checked + 1, "the log ends at entry " + checked + " but its head names entry "
                        + rs.getLong(1) + ": entries were removed from the end");
            }
        }
        return new Result(true, checked, null, null);
    }

    /** The columns the API filters on must say what the hashed entry says. */
    private static String columnsMismatch(long seq, ResultSet rs, String text) throws SQLException {
        JsonObject entry;
        try {
            entry = StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            return "entry " + seq + " is not valid JSON";
        }
        if (!CanonicalJson.of(entry).equals(text)) {
            return "entry " + seq + " is not in canonical form";
        }
        String recordId = entry.has("recordId") ? entry.get("recordId").getAsString() : null;
        boolean same = entry.get("seq").getAsLong() == seq
                && java.time.Instant.parse(entry.get("at").getAsString()).toEpochMilli() == rs.getLong(2)
                && java.util.Objects.equals(entry.get("actor").isJsonNull() ? null : entry.get("actor").getAsString(), rs.getString(3))
                && entry.get("action").getAsString().equals(rs.getString(4))
                && java.util.Objects.equals(recordId, rs.getString(5));
        return same ? null : "entry " + seq + " was changed: its columns no longer say what its hashed content says";
    }

    private static Result broken(long checked, long seq, String reason) {
        return new Result(false, checked, seq, reason);
    }
}
