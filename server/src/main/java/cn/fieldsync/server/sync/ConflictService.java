package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import cn.fieldsync.sync.FieldChange;
import cn.fieldsync.sync.ThreeWayMerge;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Conflicts held for administrators and their resolution. A resolution is stored as a new
 * version of the record (even "keep the server's values"), so every device pulls it and learns
 * the question is settled.
 */
public final class ConflictService {

    public enum Resolution { SERVER, DEVICE, MERGED }

    private final Database database;
    private final RecordStore store;
    private final Clock clock;
    private final AuditLog audit;

    ConflictService(Database database, RecordStore store, Clock clock, AuditLog audit) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.audit = audit;
    }

    String open(EntityManager em, StoredRecord before, StoredRecord after, String deviceId, String user, String opId,
                int baseVersion, List<FieldChange> changes) {
        JsonObject fields = new JsonObject();
        for (FieldChange change : changes) {
            JsonObject values = new JsonObject();
            values.add("base", orNull(change.base()));
            values.add("server", orNull(change.server()));
            values.add("device", orNull(change.device()));
            fields.add(change.field(), values);
        }
        ConflictEntity conflict = new ConflictEntity();
        conflict.id = Uuids.v7();
        conflict.recordId = before.id();
        conflict.recordType = before.type().wireName();
        conflict.deviceId = deviceId;
        conflict.userName = user;
        conflict.opId = opId;
        conflict.baseVersion = baseVersion;
        conflict.serverVersion = after.version();
        conflict.fields = fields.toString();
        conflict.status = "OPEN";
        conflict.createdAt = clock.millis();
        em.persist(conflict);
        return conflict.id;
    }

    public JsonObject list(String status, String recordId, String deviceId, String cursor, int limit) {
        return database.read(em -> {
            // built from the filters given: PostgreSQL cannot type a null parameter in "? IS NULL"
            java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
            StringBuilder where = new StringBuilder(" WHERE c.id > :after");
            if (status != null) {
                where.append(" AND c.status = :status");
                params.put("status", status);
            }
            if (recordId != null) {
                where.append(" AND c.recordId = :record");
                params.put("record", recordId);
            }
            if (deviceId != null) {
                where.append(" AND c.deviceId = :device");
                params.put("device", deviceId);
            }
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(c) FROM ConflictEntity c" + where, Long.class);
            TypedQuery<ConflictEntity> page = em.createQuery("SELECT c FROM ConflictEntity c" + where
                    + " ORDER BY c.id", ConflictEntity.class);
            params.forEach(count::setParameter);
            params.forEach(page::setParameter);
            count.setParameter("after", "");
            List<ConflictEntity> rows = page.setParameter("after", cursor == null ? "" : cursor)
                    .setMaxResults(limit + 1).getResultList();
            JsonArray items = new JsonArray();
            rows.stream().limit(limit).forEach(c -> items.add(toJson(c)));
            JsonObject answer = new JsonObject();
            answer.add("items", items);
            answer.addProperty("total", count.getSingleResult());
            if (rows.size() > limit) {
                answer.addProperty("nextCursor", rows.get(limit - 1).id);
            }
            return answer;
        });
    }

    public JsonObject get(String id) {
        return database.read(em -> toJson(find(em, id)));
    }

    public JsonObject resolve(String id, Resolution resolution, JsonObject values, String resolvedBy) {
        return database.inTransaction(em -> {
            ConflictEntity conflict = find(em, id);
            if (!"OPEN".equals(conflict.status)) {
                throw new FieldsyncException(ErrorCode.CONFLICT_ALREADY_RESOLVED, null,
                        "conflict " + id + " was resolved already (" + conflict.resolution + ")");
            }
            JsonObject fields = SyncService.parse(conflict.fields);
            if (resolution == Resolution.MERGED) {
                if (values == null) {
                    throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values", "a MERGED resolution needs values");
                }
                for (String field : values.keySet()) {
                    if (!fields.has(field)) {
                        throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values/" + field,
                                field + " is not one of the conflicting fields " + fields.keySet());
                    }
                }
            }
            RecordType type = RecordType.fromWireName(conflict.recordType).orElseThrow();
            StoredRecord current = store.require(em, type, conflict.recordId);
            JsonObject body = current.body().deepCopy();
            boolean deleted = current.deleted();
            JsonObject chosen = new JsonObject();
            for (String field : fields.keySet()) {
                JsonElement value = switch (resolution) {
                    case SERVER -> ThreeWayMerge.DELETED.equals(field) ? new com.google.gson.JsonPrimitive(deleted) : body.get(field);
                    case DEVICE -> fields.getAsJsonObject(field).get("device");
                    case MERGED -> values.has(field) ? values.get(field)
                            : ThreeWayMerge.DELETED.equals(field) ? new com.google.gson.JsonPrimitive(deleted) : body.get(field);
                };
                chosen.add(field, orNull(value));
                if (ThreeWayMerge.DELETED.equals(field)) {
                    deleted = value != null && !value.isJsonNull() && value.getAsBoolean();
                } else if (value == null || value.isJsonNull()) {
                    body.remove(field);
                } else {
                    body.add(field, value.deepCopy());
                }
            }
            StoredRecord resolved = store.update(em, cn.fieldsync.server.identity.Scope.ALL, type, conflict.recordId, body, deleted, false);
            conflict.status = "RESOLVED";
            conflict.resolution = resolution.name();
            conflict.resolvedValues = chosen.toString();
            conflict.resolvedBy = resolvedBy;
            conflict.resolvedAt = clock.millis();
            conflict.resolvedVersion = resolved.version();
            JsonObject detail = new JsonObject();
            detail.addProperty("conflictId", conflict.id);
            detail.addProperty("resolution", resolution.name());
            detail.add("values", chosen);
            AuditLog.content(detail, resolved.version(), resolved.deleted(), resolved.body());
            audit.append(em, resolvedBy, "CONFLICT_RESOLVED", conflict.recordId, detail);
            return toJson(conflict);
        });
    }

    private static ConflictEntity find(EntityManager em, String id) {
        ConflictEntity conflict = Uuids.isCanonical(id) ? em.find(ConflictEntity.class, id) : null;
        if (conflict == null) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no conflict with id " + id);
        }
        return conflict;
    }

    private static JsonObject toJson(ConflictEntity c) {
        JsonObject json = new JsonObject();
        json.addProperty("id", c.id);
        json.addProperty("recordId", c.recordId);
        json.addProperty("recordType", c.recordType);
        json.addProperty("deviceId", c.deviceId);
        json.addProperty("user", c.userName);
        json.addProperty("opId", c.opId);
        json.addProperty("baseVersion", c.baseVersion);
        json.addProperty("serverVersion", c.serverVersion);
        json.add("fields", SyncService.parse(c.fields));
        json.addProperty("status", c.status);
        json.addProperty("createdAt", Instant.ofEpochMilli(c.createdAt).toString());
        if (c.resolution != null) {
            json.addProperty("resolution", c.resolution);
            json.add("resolvedValues", SyncService.parse(c.resolvedValues));
            json.addProperty("resolvedBy", c.resolvedBy);
            json.addProperty("resolvedAt", Instant.ofEpochMilli(c.resolvedAt).toString());
            json.addProperty("resolvedVersion", c.resolvedVersion);
        }
        return json;
    }

    private static JsonElement orNull(JsonElement value) {
        return value == null ? JsonNull.INSTANCE : value;
    }
}
