package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonArray;
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

    /** Signs the chain's head now; empty when the log was found altered (nothing is signed then). */
    public Optional<JsonObject> checkpoint() {
        return anchor.checkpoint().map(cp -> cp.json().deepCopy());
    }

    /** {"algorithm":"Ed25519","publicKey":"Base64 X.509","keyId":"hex SHA-256 of it","checkpointFile":"..."}. */
    public JsonObject key() {
        JsonObject key = new JsonObject();
        key.addProperty("algorithm", "Ed25519");
        key.addProperty("publicKey", anchor.key().publicKeyBase64());
        key.addProperty("keyId", anchor.key().keyId());
        return key;
    }

    /** The latest checkpoints, newest first. */
    public JsonObject checkpoints(int limit) {
        JsonArray items = new JsonArray();
        anchor.checkpoints(limit).forEach(items::add);
        JsonObject answer = new JsonObject();
        answer.add("items", items);
        return answer;
    }

    /**
     * Entries in order, filtered by record, actor and time (epoch millis, inclusive from,
     * exclusive to), after a seq; with each entry's hashes so a reader can check links.
     */
    public JsonObject list(String recordId, String actor, Long from, Long to, long afterSeq, int limit) {
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
            JsonArray items = new JsonArray();
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
                        JsonObject item = new JsonObject();
                        item.add("entry", parse(rs.getString(2)));
                        item.addProperty("prevHash", rs.getString(3));
                        item.addProperty("hash", rs.getString(4));
                        items.add(item);
                        last = rs.getLong(1);
                    }
                }
            }
            JsonObject answer = new JsonObject();
            answer.add("items", items);
            if (more) {
                answer.addProperty("nextCursor", String.valueOf(last));
            }
            return answer;
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
