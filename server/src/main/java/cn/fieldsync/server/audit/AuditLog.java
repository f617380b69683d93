package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.WireTimes;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import cn.fieldsync.server.persistence.BeforeCommit;
import cn.fieldsync.server.persistence.Statements;
import cn.fieldsync.server.persistence.WriteBehind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so an entry exists
 * exactly when what it records was committed.
 *
 * <p>hash = SHA-256( previous hash + "\n" + hex SHA-256 of the canonical JSON of the entry ) for
 * entries that say {@code "v":2} (every entry written since the log was anchored, V10); older
 * entries hash the canonical JSON itself: SHA-256( previous hash + "\n" + canonical JSON ). The
 * first entry's previous hash is 64 zeros. The entry holds its own seq, time, actor, action, record
 * and details, so that the chain proves all of them. Hashing the entry's digest rather than its
 * text lets an evidence bundle prove the chain between its own entries and a signed checkpoint
 * while showing of the other entries only their digests.
 *
 * <p>An entry that records a stored version of a record carries in its detail that version, its
 * {@code deleted} flag and {@code contentSha256}, the SHA-256 of the record's canonical body (see
 * {@link #content}); {@link AuditVerifier} recomputes it from the stored versions.
 */
public final class AuditLog {

    public static final String GENESIS = AuditChain.GENESIS;
    /** The entry format written now: see the class comment. */
    public static final int VERSION = 2;
    public static final String CONTENT_SHA256 = "contentSha256";

    private final Clock clock;
    /**
     * The chain's head as each open transaction left it: read once, then carried (the row stays
     * locked) and written back once, just before the commit ({@link BeforeCommit}). Shared by every
     * AuditLog (each service has its own), so entries appended through two of them in one
     * transaction still chain one after the other.
     */
    private static final Map<EntityManager, Object[]> HEADS = Collections.synchronizedMap(new WeakHashMap<>());

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param actor    who: a user name, or "device:&lt;id&gt;" until accounts exist
     * @param action   what, e.g. OP_APPLIED, CONFLICT_RESOLVED, DEVICE_ENROLLED
     * @param recordId the record concerned, or null
     * @param detail   anything else worth proving (opId, version, codes...)
     */
    public void append(EntityManager em, String actor, String action, String recordId, JsonObject detail) {
        Connection c = em.unwrap(Connection.class);
        try {
            Object[] head = HEADS.get(em);
            if (head == null) {
                // the first append of the transaction takes the head row's lock and keeps it to the end
                try (PreparedStatement lock = c.prepareStatement("UPDATE audit_head SET seq = seq WHERE id = 1")) {
                    lock.executeUpdate();
                }
                try (PreparedStatement read = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                     ResultSet rs = read.executeQuery()) {
                    rs.next();
                    head = new Object[] {rs.getLong(1), rs.getString(2)};
                }
                HEADS.put(em, head);
                Object[] written = head;
                BeforeCommit.register(em, "audit_head", () -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                        update.setLong(1, (Long) written[0]);
                        update.setString(2, (String) written[1]);
                        update.executeUpdate();
                    }
                });
            }
            long seq = (Long) head[0] + 1;
            String prev = (String) head[1];
            long at = clock.millis();
            JsonObject entry = entry(seq, at, actor, action, recordId, detail);
            String text = CanonicalJson.of(entry);
            String hash = chain(prev, text, VERSION);
            Integer recordVersion = recordId != null && detail != null && detail.has(CONTENT_SHA256)
                    ? detail.get("version").getAsInt() : null;
            {
                PreparedStatement insert = Statements.writeBehind(em, "INSERT INTO audit_entry (seq, at, actor, action, record_id,"
                        + " entry, prev_hash, hash, record_version, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        WriteBehind.REFERENCING);
                insert.setLong(1, seq);
                insert.setLong(2, at);
                insert.setString(3, actor);
                insert.setString(4, action);
                insert.setString(5, recordId);
                insert.setString(6, text);
                insert.setString(7, prev);
                insert.setString(8, hash);
                insert.setObject(9, recordVersion);
                insert.setString(10, recordVersion == null ? null : detail.get(CONTENT_SHA256).getAsString());
                insert.addBatch();
            }
            head[0] = seq;
            head[1] = hash;
            if (!em.getTransaction().isActive()) {
                // no commit to wait for (each statement commits by itself): the head is written now
                BeforeCommit.run(em);
            }
        } catch (SQLException e) {
            throw new PersistenceException("the audit log could not be appended to: " + e.getMessage(), e);
        }
    }

    static JsonObject entry(long seq, long at, String actor, String action, String recordId, JsonObject detail) {
        JsonObject entry = new JsonObject();
        entry.addProperty("v", VERSION);
        entry.addProperty("seq", seq);
        entry.addProperty("at", WireTimes.instant(at));
        entry.addProperty("actor", actor);
        entry.addProperty("action", action);
        if (recordId != null) {
            entry.addProperty("recordId", recordId);
        }
        entry.add("detail", detail == null ? new JsonObject() : detail);
        return entry;
    }

    /**
     * Adds to an entry's detail what proves a stored version of a record: {@code version},
     * {@code deleted} and {@code contentSha256} (hex SHA-256 of the canonical JSON of the body as
     * stored, schemas/CANONICAL.md — the body the record's history shows for that version).
     */
    public static JsonObject content(JsonObject detail, int version, boolean deleted, JsonObject body) {
        return content(detail, version, deleted, CanonicalJson.sha256(body));
    }

    /**
     * {@link #content(JsonObject, int, boolean, JsonObject)} with the body's hash already computed
     * ({@code CanonicalJson.sha256} of exactly the body stored as that version): a push computes a
     * create's before it takes the writer lock.
     */
    public static JsonObject content(JsonObject detail, int version, boolean deleted, String contentSha256) {
        detail.addProperty("version", version);
        detail.addProperty("deleted", deleted);
        detail.addProperty(CONTENT_SHA256, contentSha256);
        return detail;
    }

    /** The chain's step for an entry written now. */
    public static String chain(String previousHash, String canonicalEntry) {
        return chain(previousHash, canonicalEntry, VERSION);
    }

    /** The chain's step for an entry of the given format (see {@link AuditChain}). */
    public static String chain(String previousHash, String canonicalEntry, int version) {
        return AuditChain.chain(previousHash, canonicalEntry, version);
    }

}
