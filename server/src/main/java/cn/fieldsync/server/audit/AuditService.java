package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.audit.dto.AuditDtos;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonObject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading and verifying the audit log. */
public final class AuditService {

    private final Database database;
    private final AuditAnchor anchor;

    public AuditService(Database database, AuditAnchor anchor) {
        this.database = database;
        this.anchor = anchor;
    }

    /** The whole log against this server's key and checkpoint file, and the records against the log. */
    public AuditVerifier.Result verify() {
        AuditVerifier.Anchors anchors = anchor.anchors();
        return database.withConnection(c -> AuditVerifier.verify(c, anchors));
    }

    /** {@link #verify} as the API answers it: the last checkpoint as it was signed. */
    public AuditDtos.Verification verification() {
        AuditVerifier.Result r = verify();
        return new AuditDtos.Verification(r.intact(), r.entries(), r.brokenSeq(), r.reason(), r.recordId(), r.checkpoints(),
                r.lastCheckpoint() == null ? null : r.lastCheckpoint().json().deepCopy(), r.unanchoredEntries(), r.recordVersions());
    }

    /** Signs the chain's head now; empty when the log was found altered (nothing is signed then). */
    public Optional<JsonObject> checkpoint() {
        return anchor.checkpoint().map(cp -> cp.json().deepCopy());
    }

    /** The audit public key: Ed25519, Base64 X.509, and its key id (hex SHA-256 of it). */
    public AuditDtos.Key key() {
        return new AuditDtos.Key("Ed25519", anchor.key().publicKeyBase64(), anchor.key().keyId());
    }

    /** The latest checkpoints, newest first, each as signed. */
    public AuditDtos.Checkpoints checkpoints(int limit) {
        return new AuditDtos.Checkpoints(anchor.checkpoints(limit));
    }

    /**
     * Entries in order, filtered by record, actor and time (epoch millis, inclusive from,
     * exclusive to), after a seq; with each entry's hashes so a reader can check links.
     */
    public AuditDtos.EntryPage list(String recordId, String actor, Long from, Long to, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, entry, prev_hash, hash FROM audit_entry WHERE seq > ?");
        List<Object> params = new ArrayList<>(List.of(afterSeq));
        if (recordId != null) {
            sql.append(" AND record_id = ?");
            params.add(recordId);
        }
        if (actor != null) {
            sql.append(" AND actor = ?");
            params.add(actor);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            params.add(from);
        }
        if (to != null) {
            sql.append(" AND at < ?");
            params.add(to);
        }
        sql.append(" ORDER BY seq LIMIT ").append(limit + 1);
        return database.withConnection(c -> {
            List<AuditDtos.Entry> items = new ArrayList<>();
            long last = afterSeq;
            boolean more = false;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            more = true;
                            break;
                        }
                        items.add(new AuditDtos.Entry(parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
                        last = rs.getLong(1);
                    }
                }
            }
            return new AuditDtos.EntryPage(items, more ? String.valueOf(last) : null);
        });
    }

    private static JsonObject parse(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            JsonObject damaged = new JsonObject();
            damaged.addProperty("damaged", text);
            return damaged;
        }
    }
}
