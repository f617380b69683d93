package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.SignedContent;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import cn.fieldsync.merge.FieldChange;
import cn.fieldsync.merge.ThreeWayMerge;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * Conflicts held for administrators and their resolution. A resolution is stored as a new
 * version of the record (even "keep the server's values"), so every device pulls it and learns
 * the question is settled.
 */
public final class ConflictService {

    public enum Resolution { SERVER, DEVICE, MERGED }

    /** Per field: the device's values its own later edits replaced, oldest first. */
    static final String EARLIER = "earlierDeviceValues";

    private final Database database;
    private final RecordStore store;
    private final Clock clock;
    private final AuditLog audit;
    /** Per open transaction: the conflicts it opened or joined, by record/device — it reads its own writes through these. */
    private final Map<EntityManager, Map<String, String>> held = Collections.synchronizedMap(new WeakHashMap<>());

    ConflictService(Database database, RecordStore store, Clock clock, AuditLog audit) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Holds the fields an operation could not merge. When this device already has a conflict open
     * on this record, the operation joins it rather than opening another (docs/protocol.md, "Conflicts": one offline
     * run's edits of one field form one conflict, holding the device's latest value): a field
     * already held takes the device's new value and keeps the replaced one in
     * {@code earlierDeviceValues}; a field not yet held is added. Answers the conflict's id.
     */
    String open(EntityManager em, StoredRecord before, StoredRecord after, String deviceId, String user, String opId,
                int baseVersion, List<FieldChange> changes) {
        String key = before.id() + "/" + deviceId;
        Map<String, String> mine = held.computeIfAbsent(em, e -> new HashMap<>());
        ConflictEntity joined = openUnder(em, key);
        if (joined != null) {
            mine.put(key, joined.id);
            join(joined, opId, changes);
            return joined.id;
        }
        JsonObject fields = new JsonObject();
        for (FieldChange change : changes) {
            fields.add(change.field(), entry(change));
        }
        ConflictEntity conflict = new ConflictEntity();
        conflict.id = Uuids.v7();
        conflict.recordId = before.id();
        conflict.recordType = before.type().wireName();
        conflict.deviceId = deviceId;
        conflict.userName = user;
        conflict.opId = opId;
        JsonArray opIds = new JsonArray();
        opIds.add(opId);
        conflict.opIds = opIds.toString();
        conflict.baseVersion = baseVersion;
        conflict.serverVersion = after.version();
        conflict.fields = fields.toString();
        conflict.status = "OPEN";
        conflict.createdAt = clock.millis();
        em.persist(conflict);
        // the key names the new conflict from now on; a second push opening one at the same moment collides on it
        jdbc(em, "DELETE FROM sync_conflict_open WHERE open_key = ?", key);
        jdbc(em, "INSERT INTO sync_conflict_open (open_key, conflict_id) VALUES (?, ?)", key, conflict.id);
        mine.put(key, conflict.id);
        return conflict.id;
    }

    /**
     * The fields this device's open conflict on the record holds (its row locked to the end of the
     * transaction), empty when there is none: a later edit of one of them by the same device joins
     * the conflict instead of being applied (found by a tester: the device's second value replaced
     * the other device's on the server with no decision, while the conflict still showed the first).
     */
    java.util.Set<String> heldFields(EntityManager em, String recordId, String deviceId) {
        ConflictEntity open = openUnder(em, recordId + "/" + deviceId);
        return open == null ? java.util.Set.of() : StoredJson.object(open.fields).keySet();
    }

    /**
     * The open conflict under a record/device key: one opened earlier in this transaction (not in
     * the table before the commit, but known here), else {@link #stillOpen}; null when none.
     */
    private ConflictEntity openUnder(EntityManager em, String key) {
        Map<String, String> mine = held.get(em);
        return mine != null && mine.containsKey(key) ? em.find(ConflictEntity.class, mine.get(key)) : stillOpen(em, key);
    }

    /**
     * The conflict still open under this key, its row locked to the end of the transaction so an
     * administrator's resolution cannot settle it between our read and our write (the resolution
     * takes the same lock first); null when there is none or it was settled meanwhile.
     */
    private static ConflictEntity stillOpen(EntityManager em, String key) {
        Connection c = em.unwrap(Connection.class);
        try {
            String id;
            try (PreparedStatement read = c.prepareStatement("SELECT conflict_id FROM sync_conflict_open WHERE open_key = ?")) {
                read.setString(1, key);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    id = rs.getString(1);
                }
            }
            return lock(c, id, true) ? em.find(ConflictEntity.class, id) : null;
        } catch (SQLException e) {
            throw new PersistenceException("the open conflict could not be read: " + e.getMessage(), e);
        }
    }

    /** Takes the conflict row's lock (kept to the end of the transaction); false when no such row (still open, if asked). */
    private static boolean lock(Connection c, String id, boolean open) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("UPDATE sync_conflict SET status = status WHERE id = ?"
                + (open ? " AND status = 'OPEN'" : ""))) {
            lock.setString(1, id);
            return lock.executeUpdate() == 1;
        }
    }

    private static void jdbc(EntityManager em, String sql, String... parameters) {
        try (PreparedStatement statement = em.unwrap(Connection.class).prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("the open-conflict key could not be written: " + e.getMessage(), e);
        }
    }

    private static void join(ConflictEntity conflict, String opId, List<FieldChange> changes) {
        JsonObject fields = StoredJson.object(conflict.fields);
        for (FieldChange change : changes) {
            JsonObject kept = fields.getAsJsonObject(change.field());
            if (kept == null) {
                fields.add(change.field(), entry(change));
                continue;
            }
            JsonElement latest = orNull(change.device());
            if (!latest.equals(kept.get("device"))) {
                JsonArray earlier = kept.has(EARLIER) ? kept.getAsJsonArray(EARLIER) : new JsonArray();
                earlier.add(kept.get("device"));
                kept.add(EARLIER, earlier);
                kept.add("device", latest);
            }
            if (change.signedOn() != null) {
                // the device's latest signing: what its signer saw then
                kept.add(SIGNED_ON, signedOn(change.signedOn()));
            }
        }
        conflict.fields = fields.toString();
        JsonArray opIds = opIds(conflict);
        if (!opIds.contains(new JsonPrimitive(opId))) {
            opIds.add(opId);
        }
        conflict.opIds = opIds.toString();
    }

    private static JsonObject entry(FieldChange change) {
        JsonObject values = new JsonObject();
        values.add("base", orNull(change.base()));
        values.add("server", orNull(change.server()));
        values.add("device", orNull(change.device()));
        if (change.signedOn() != null) {
            values.add(SIGNED_ON, signedOn(change.signedOn()));
        }
        return values;
    }

    /**
     * Per held signing field: the device signed (or recorded a refusal, or sealed) on other content
     * than the record's — {@code contentSha256} of the signed content the signer saw,
     * {@code changedFields} that differ, and a {@code message} in Chinese.
     */
    static final String SIGNED_ON = "signedOnOtherContent";

    private static JsonObject signedOn(FieldChange.SignedOn signedOn) {
        JsonObject json = new JsonObject();
        json.addProperty("contentSha256", signedOn.contentSha256());
        JsonArray changed = new JsonArray();
        signedOn.changedFields().forEach(changed::add);
        json.add("changedFields", changed);
        json.addProperty("message", Labels.say("signedOnOtherContent", fieldNames(signedOn.changedFields())));
        return json;
    }

    /** The Chinese names of fields, joined with 、. */
    private static String fieldNames(List<String> fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(Labels.name("fields", f)));
        return String.join("、", names);
    }

    /**
     * The Chinese reason of a push's conflict answer when the device's signing was given on other
     * content (the conflict holds {@link #SIGNED_ON}), or null.
     */
    static String signedOnMessage(List<FieldChange> changes) {
        return changes.stream().filter(c -> c.signedOn() != null).findFirst()
                .map(c -> Labels.say("signedOnOtherContent", fieldNames(c.signedOn().changedFields()))).orElse(null);
    }

    private static JsonArray opIds(ConflictEntity c) {
        if (c.opIds != null) {
            try {
                return StrictJson.parse(c.opIds).getAsJsonArray();
            } catch (StrictJson.MalformedJsonException e) {
                throw new IllegalStateException("stored op_ids of conflict " + c.id + " are damaged: " + e.getMessage(), e);
            }
        }
        JsonArray one = new JsonArray();
        one.add(c.opId);
        return one;
    }

    public JsonObject list(String status, String recordId, String deviceId, String cursor, int limit) {
        return database.read(em -> {
            // built from the filters given: PostgreSQL cannot type a null parameter in "? IS NULL"
            Map<String, Object> params = new LinkedHashMap<>();
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
            rows.stream().limit(limit).forEach(c -> items.add(toJson(em, c)));
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
        return database.read(em -> toJson(em, find(em, id)));
    }

    /**
     * Settles a conflict as a new version of the record, decided on the record as it is now.
     *
     * @param decidedOn the record version the administrator saw when deciding (the conflict's
     *                  {@code currentVersion}, sent as {@code If-Match} or {@code "version"}); when
     *                  the record has moved on since, nothing is changed and the answer is
     *                  {@code 409 stale_resolution} — a resolution never silently replaces a later
     *                  edit (docs/protocol.md, "Conflicts"). Null is refused with
     *                  {@code 428 version_required} (RFC 6585 §3).
     * @param decidedOnDevice the conflict's {@code deviceVersion} the administrator saw (how many of the
     *                  device's operations it held); null means 1, the operation that opened it. A later
     *                  edit of the same device joins the conflict without changing the record's version
     *                  (a tester's finding: the resolution then took a device value nobody had seen), so
     *                  a different count is {@code 409 stale_resolution} as well
     * @throws FieldsyncException not_found, conflict_already_resolved (409), invalid_resolution
     *                            (422), version_required (428), stale_resolution (409)
     */
    public JsonObject resolve(String id, Resolution resolution, JsonObject values, Integer decidedOn, Integer decidedOnDevice,
                              String resolvedBy) {
        try {
            return database.inTransaction(em -> settle(em, id, resolution, values, decidedOn, decidedOnDevice, resolvedBy));
        } catch (PersistenceException e) {
            // another writer stored a version of this record between our read and our write
            if (RecordService.causedBy(e, OptimisticLockException.class) || RecordService.isUniqueViolation(e)) {
                throw new FieldsyncException(ErrorCode.STALE_RESOLUTION, "version", Labels.say("resolutionRaced"), List.of(), e);
            }
            throw e;
        }
    }

    private JsonObject settle(EntityManager em, String id, Resolution resolution, JsonObject values, Integer decidedOn,
                              Integer decidedOnDevice, String resolvedBy) {
        if (Uuids.isCanonical(id)) {
            try {
                // first, so that a push joining this conflict either commits before we read it or finds it settled
                lock(em.unwrap(Connection.class), id, false);
            } catch (SQLException e) {
                throw new PersistenceException("the conflict could not be locked: " + e.getMessage(), e);
            }
        }
        ConflictEntity conflict = find(em, id);
        if (!"OPEN".equals(conflict.status)) {
            throw new FieldsyncException(ErrorCode.CONFLICT_ALREADY_RESOLVED, null,
                    Labels.say("conflictResolvedAlready", id, Labels.name("conflictResolutions", conflict.resolution)));
        }
        JsonObject fields = StoredJson.object(conflict.fields);
        if (resolution == Resolution.MERGED) {
            if (values == null) {
                throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values", Labels.say("mergedNeedsValues",
                        Labels.named("conflictResolutions", "MERGED"), Named.field("values")));
            }
            for (String field : values.keySet()) {
                if (!fields.has(field)) {
                    throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values/" + field,
                            Labels.say("notConflictingField", Named.field(field), fields.keySet().stream().map(Named::field)
                                    .collect(Collectors.joining("、"))));
                }
            }
        }
        RecordType type = RecordType.fromWireName(conflict.recordType).orElseThrow();
        StoredRecord current = store.require(em, type, conflict.recordId);
        if (decidedOn == null) {
            throw new FieldsyncException(ErrorCode.VERSION_REQUIRED, "version", Labels.say("resolutionVersionMissing", current.version(),
                    "currentVersion", "If-Match", "version"));
        }
        if (decidedOn != current.version()) {
            throw new FieldsyncException(ErrorCode.STALE_RESOLUTION, "version", decidedOn > current.version() || decidedOn < 1
                    ? Labels.say("versionNeverWas", decidedOn, current.version()) : Labels.say("resolutionStale", current.version(), decidedOn));
        }
        int deviceVersion = opIds(conflict).size();
        int seen = decidedOnDevice == null ? 1 : decidedOnDevice;
        if (seen != deviceVersion) {
            throw new FieldsyncException(ErrorCode.STALE_RESOLUTION, "deviceVersion",
                    Labels.say("resolutionDeviceMoved", deviceVersion, seen, current.version() + "." + deviceVersion));
        }
        JsonObject body = current.body().deepCopy();
        boolean deleted = current.deleted();
        JsonObject chosen = new JsonObject();
        for (String field : fields.keySet()) {
            JsonElement value = switch (resolution) {
                case SERVER -> ThreeWayMerge.DELETED.equals(field) ? new JsonPrimitive(deleted) : body.get(field);
                case DEVICE -> fields.getAsJsonObject(field).get("device");
                case MERGED -> values.has(field) ? values.get(field)
                        : ThreeWayMerge.DELETED.equals(field) ? new JsonPrimitive(deleted) : body.get(field);
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
        refuseSigningOnOtherContent(fields, current.body(), body);
        StoredRecord resolved;
        try {
            resolved = store.update(em, Scope.ALL, type, conflict.recordId, body, deleted, false);
        } catch (FieldsyncException e) {
            if (!cn.fieldsync.server.record.RecordRules.RULE_REFUSALS.contains(e.code())) {
                throw e;
            }
            // nothing is written: the administrator chooses the other side, or merged values that fit together
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, e.field(), Labels.say("resolutionBreaksRecord", e.getMessage()));
        }
        conflict.status = "RESOLVED";
        conflict.resolution = resolution.name();
        conflict.resolvedValues = chosen.toString();
        conflict.resolvedBy = resolvedBy;
        conflict.resolvedAt = clock.millis();
        conflict.resolvedVersion = resolved.version();
        jdbc(em, "DELETE FROM sync_conflict_open WHERE open_key = ? AND conflict_id = ?",
                conflict.recordId + "/" + conflict.deviceId, conflict.id);
        JsonObject detail = new JsonObject();
        detail.addProperty("conflictId", conflict.id);
        detail.addProperty("resolution", resolution.name());
        detail.add("values", chosen);
        detail.addProperty("decidedOnVersion", decidedOn);
        detail.addProperty("decidedOnDeviceVersion", deviceVersion);
        AuditLog.content(detail, resolved.version(), resolved.deleted(), resolved.body());
        audit.append(em, resolvedBy, "CONFLICT_RESOLVED", conflict.recordId, detail);
        return toJson(em, conflict);
    }

    /**
     * 安全生产法 art 68: a signature confirms the content its signer saw. A resolution of a conflict
     * that holds a device's signing given on other content ({@link #SIGNED_ON}) may add no
     * signature, refusal to sign or seal unless the resolved record's signed content is exactly
     * what that signer saw: otherwise it is refused (invalid_resolution), nothing is written, and
     * the administrator keeps the server's values (SERVER) and has the signer sign the current
     * content. The device's values stay in the conflict for good.
     */
    private static void refuseSigningOnOtherContent(JsonObject fields, JsonObject current, JsonObject resolved) {
        if (!SignedContent.addsAttestation(current, resolved)) {
            return;
        }
        String resolvedContent = SignedContent.sha256(resolved);
        for (String field : fields.keySet()) {
            JsonObject signedOn = fields.getAsJsonObject(field).getAsJsonObject(SIGNED_ON);
            if (signedOn != null && !resolvedContent.equals(signedOn.get("contentSha256").getAsString())) {
                List<String> changed = new ArrayList<>();
                signedOn.getAsJsonArray("changedFields").forEach(f -> changed.add(f.getAsString()));
                throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/resolution",
                        Labels.say("signingNotOnThisContent", fieldNames(changed)));
            }
        }
    }

    private static ConflictEntity find(EntityManager em, String id) {
        ConflictEntity conflict = Uuids.isCanonical(id) ? em.find(ConflictEntity.class, id) : null;
        if (conflict == null) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("conflictNotFound", id));
        }
        return conflict;
    }

    /**
     * The conflict as an administrator decides on it: per field base, server (when the field
     * entered the conflict), device (the device's latest) and current (the record now) with
     * {@code changedSince} when current differs from server; the record's {@code currentVersion}
     * (what a resolution must carry) and {@code changedSince}, every field of the record changed
     * since the version the conflict was opened at.
     */
    private JsonObject toJson(EntityManager em, ConflictEntity c) {
        JsonObject json = new JsonObject();
        json.addProperty("id", c.id);
        json.addProperty("recordId", c.recordId);
        json.addProperty("recordType", c.recordType);
        json.addProperty("deviceId", c.deviceId);
        json.addProperty("user", c.userName);
        json.addProperty("opId", c.opId);
        json.add("opIds", opIds(c));
        json.addProperty("baseVersion", c.baseVersion);
        json.addProperty("serverVersion", c.serverVersion);
        // how many of the device's operations it holds: an edit of the same device joins it (a resolution names it)
        json.addProperty("deviceVersion", opIds(c).size());
        JsonObject fields = StoredJson.object(c.fields);
        StoredRecord current = store.current(em, c.recordId).orElse(null);
        if (current != null) {
            JsonObject now = withDeleted(current.body(), current.deleted());
            for (String field : fields.keySet()) {
                JsonObject values = fields.getAsJsonObject(field);
                JsonElement value = orNull(now.get(field));
                values.add("current", value);
                values.addProperty("changedSince", !value.equals(orNull(values.get("server"))));
            }
            json.addProperty("currentVersion", current.version());
            JsonArray changed = new JsonArray();
            store.snapshot(em, c.recordId, c.serverVersion).ifPresent(then -> {
                Set<String> names = new TreeSet<>(then.keySet());
                names.addAll(now.keySet());
                names.stream().filter(name -> !orNull(then.get(name)).equals(orNull(now.get(name)))).forEach(changed::add);
            });
            json.add("changedSince", changed);
        }
        json.add("fields", fields);
        json.addProperty("status", c.status);
        json.addProperty("createdAt", Instant.ofEpochMilli(c.createdAt).toString());
        if (c.resolution != null) {
            json.addProperty("resolution", c.resolution);
            json.add("resolvedValues", StoredJson.object(c.resolvedValues));
            json.addProperty("resolvedBy", c.resolvedBy);
            json.addProperty("resolvedAt", Instant.ofEpochMilli(c.resolvedAt).toString());
            json.addProperty("resolvedVersion", c.resolvedVersion);
        }
        return json;
    }

    private static JsonObject withDeleted(JsonObject body, boolean deleted) {
        JsonObject view = body.deepCopy();
        view.addProperty(ThreeWayMerge.DELETED, deleted);
        return view;
    }

    private static JsonElement orNull(JsonElement value) {
        return value == null ? JsonNull.INSTANCE : value;
    }
}
