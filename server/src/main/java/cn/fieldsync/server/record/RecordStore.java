package cn.fieldsync.server.record;

import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.schemas.Violation;
import cn.fieldsync.server.attachment.AttachmentCatalog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Record writes and reads inside a caller's transaction. Every write is checked (schema,
 * references, domain rules) before anything is stored, keeps its version for ever, and takes the
 * next number of the change sequence as its last step.
 */
public final class RecordStore {

    /** Fields the server manages; ignored when a client sends them. */
    public static final Set<String> SERVER_FIELDS = Set.of("id", "type", "version", "deleted", "createdAt",
            "updatedAt", "overdue", "sealVerified");

    private final Clock clock;
    private final ZoneId zone;
    private final AttachmentCatalog attachments;
    /** The sequence value each open transaction last took; weak, so a closed entity manager drops out. */
    private final Map<EntityManager, long[]> lastSeq = Collections.synchronizedMap(new WeakHashMap<>());

    public RecordStore(Clock clock, ZoneId zone, AttachmentCatalog attachments) {
        this.clock = clock;
        this.zone = zone;
        this.attachments = attachments;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The record as stored now, or empty; of any type. */
    public Optional<StoredRecord> current(EntityManager em, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        return Optional.ofNullable(entity).map(this::toStored);
    }

    /** A record of the given type or not_found. */
    public StoredRecord require(EntityManager em, RecordType type, String id) {
        return read(em, find(em, type, id));
    }

    /** The body of one stored version with its {@code deleted} flag, or empty. */
    public Optional<JsonObject> snapshot(EntityManager em, String id, int version) {
        RecordVersionEntity v = em.find(RecordVersionEntity.class, versionKey(id, version));
        if (v == null) {
            return Optional.empty();
        }
        JsonObject body = RecordJson.parseStored(v.body());
        body.addProperty("deleted", v.deleted());
        return Optional.of(body);
    }

    public StoredRecord insert(EntityManager em, RecordType type, String id, JsonObject document) {
        if (em.find(RecordEntity.class, id) != null) {
            throw new FieldsyncException(ErrorCode.DUPLICATE_ID, "/id", "a record with id " + id + " already exists");
        }
        return insertAbsent(em, type, id, document);
    }

    /** {@link #insert} for a caller that has just looked the id up in this transaction and found nothing. */
    public StoredRecord insertAbsent(EntityManager em, RecordType type, String id, JsonObject document) {
        JsonObject body = withoutServerFields(document);
        RecordRules.applyDefaults(type, body);
        String text = body.toString();
        validate(type, text);
        RecordRules.checkNew(type, body);
        SealCheck.check(em, type, body);
        long now = clock.millis();
        RecordIndex index = index(em, type, id, body);
        RecordEntity entity = new RecordEntity(id, type.wireName(), now);
        entity.apply(index, text, now);
        entity.version(1);
        entity.sequence(nextSeq(em));
        em.persist(entity);
        em.persist(new RecordVersionEntity(id, 1, false, text, now));
        return stored(type, entity, body);
    }

    /**
     * Stores a new version of a record.
     *
     * @param checkLifecycle false only for an administrator's conflict resolution, which may
     *                       deliberately put a status back
     */
    public StoredRecord update(EntityManager em, RecordType type, String id, JsonObject document, boolean deleted,
                               boolean checkLifecycle) {
        RecordEntity entity = find(em, type, id);
        JsonObject before = RecordJson.parseStored(entity.body());
        SealCheck.refuseChangeOf(type, id, before);
        JsonObject after = withoutServerFields(document);
        String text = after.toString();
        validate(type, text);
        if (checkLifecycle) {
            RecordRules.checkChange(type, before, after);
        }
        SealCheck.check(em, type, after);
        long now = clock.millis();
        RecordIndex index = index(em, type, id, after);
        long seq = nextSeq(em);
        int version = entity.version() + 1;
        entity.apply(index, text, now);
        entity.markDeleted(deleted);
        entity.version(version);
        entity.sequence(seq);
        em.persist(new RecordVersionEntity(id, version, deleted, text, now));
        return stored(type, entity, after);
    }

    public List<JsonObject> history(EntityManager em, RecordType type, String id) {
        find(em, type, id);
        return em.createQuery("SELECT v FROM RecordVersionEntity v WHERE v.recordId = :id ORDER BY v.version",
                        RecordVersionEntity.class)
                .setParameter("id", id).getResultList().stream()
                .map(v -> RecordJson.parseStored(v.body())).toList();
    }

    /** Changes after a position of the change sequence, in order: the latest state of each record. */
    public List<Change> changesAfter(EntityManager em, long since, int limit) {
        LocalDate today = today();
        return em.createQuery("SELECT r FROM RecordEntity r WHERE r.seq > :since ORDER BY r.seq", RecordEntity.class)
                .setParameter("since", since).setMaxResults(limit).getResultList().stream()
                .map(r -> new Change(r.seq(), changeText(r, today))).toList();
    }

    /**
     * One entry of the change feed: its position and the record as JSON text, the same document
     * as {@link StoredRecord#toJson()} gives but written straight from the stored text (the feed
     * is the hot path of every device's pull, so the body is not parsed again).
     */
    public record Change(long seq, String recordJson) {
    }

    private static String changeText(RecordEntity r, LocalDate today) {
        String body = r.body();
        StringBuilder json = new StringBuilder(body.length() + 200)
                .append("{\"id\":\"").append(r.id()).append("\",\"type\":\"").append(r.recordType())
                .append("\",\"version\":").append(r.version()).append(",\"deleted\":").append(r.deleted())
                .append(",\"createdAt\":\"").append(Instant.ofEpochMilli(r.createdAt()))
                .append("\",\"updatedAt\":\"").append(Instant.ofEpochMilli(r.updatedAt())).append('"');
        String inner = body.substring(1, body.length() - 1);
        if (!inner.isBlank()) {
            json.append(',').append(inner);
        }
        if (RecordType.HAZARD.wireName().equals(r.recordType())) {
            json.append(",\"overdue\":").append(RecordRules.overdue(r.deadline(), r.status(), today));
        }
        return json.append('}').toString();
    }

    public static JsonObject withoutServerFields(JsonObject document) {
        JsonObject body = document.deepCopy();
        SERVER_FIELDS.forEach(body::remove);
        return body;
    }

    public static void validate(RecordType type, JsonObject document) {
        validate(type, document.toString());
    }

    private static void validate(RecordType type, String document) {
        List<Violation> violations = RecordSchemas.get().validate(type, document);
        if (!violations.isEmpty()) {
            Violation first = violations.getFirst();
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, first.field(),
                    "the " + type.wireName() + " is not valid: " + first.message(),
                    violations.stream().map(v -> new FieldsyncException.FieldError(v.field(), v.message())).toList(),
                    null);
        }
    }

    /** The record just written, from the body in hand rather than parsed back from the entity. */
    private StoredRecord stored(RecordType type, RecordEntity entity, JsonObject body) {
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                RecordRules.overdue(type, body, today()), SealCheck.SEALABLE.contains(type) && body.has("seal") ? Boolean.TRUE : null,
                entity.seq());
    }

    /** A record as read back: its seal checked again, against what is stored now. */
    StoredRecord read(EntityManager em, RecordEntity entity) {
        StoredRecord stored = toStored(entity);
        Boolean verified = SealCheck.verified(em, stored.type(), stored.body());
        return verified == null ? stored : new StoredRecord(stored.type(), stored.id(), stored.version(), stored.deleted(),
                stored.createdAt(), stored.updatedAt(), stored.body(), stored.overdue(), verified, stored.seq());
    }

    StoredRecord toStored(RecordEntity entity) {
        RecordType type = RecordType.fromWireName(entity.recordType()).orElseThrow();
        JsonObject body = RecordJson.parseStored(entity.body());
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                RecordRules.overdue(type, body, today()), null, entity.seq());
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * The next number of the change sequence. The UPDATE takes the row's lock and keeps it to the
     * end of the transaction (so transactions commit in sequence order), which is why it comes
     * after every check of a write. The value is read once per transaction; later writes of the
     * same transaction (a pushed batch) only move it on.
     */
    private long nextSeq(EntityManager em) {
        // plain JDBC on the transaction's connection: a native JPA query per write costs more than the write
        Connection connection = em.unwrap(Connection.class);
        try (PreparedStatement update = connection.prepareStatement("UPDATE change_seq SET value = value + 1 WHERE id = 1")) {
            update.executeUpdate();
            long[] last = lastSeq.get(em);
            if (last != null) {
                return ++last[0];
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM change_seq WHERE id = 1");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                last = new long[] {rs.getLong(1)};
                lastSeq.put(em, last);
                return last[0];
            }
        } catch (SQLException e) {
            throw new PersistenceException("the change sequence could not be advanced: " + e.getMessage(), e);
        }
    }

    private static RecordVersionEntity.Key versionKey(String id, int version) {
        return new RecordVersionEntity.Key(id, version);
    }

    private static RecordEntity find(EntityManager em, RecordType type, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        if (entity == null || !entity.recordType().equals(type.wireName())) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no " + type.wireName() + " with id " + id);
        }
        return entity;
    }

    private RecordIndex index(EntityManager em, RecordType type, String id, JsonObject body) {
        for (RecordReferences.Reference ref : RecordReferences.of(type, body)) {
            if (ref.type() == type && ref.id().equals(id)) {
                continue;
            }
            RecordEntity target = em.find(RecordEntity.class, ref.id());
            if (target == null || target.deleted() || !target.recordType().equals(ref.type().wireName())) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, ref.field(),
                        "no " + ref.type().wireName() + " with id " + ref.id());
            }
        }
        AttachmentRefs.of(type, body).forEach((pointer, sha256) -> {
            if (!attachments.holds(sha256)) {
                throw new FieldsyncException(ErrorCode.ATTACHMENT_MISSING, pointer,
                        "the server does not hold attachment " + sha256 + "; upload it (PUT /api/attachments/" + sha256
                                + ") and send the record again");
            }
        });
        String unitId = RecordReferences.primaryUnit(type, id, body);
        String jurisdiction = type == RecordType.UNIT ? RecordRules.text(body, "jurisdictionCode")
                : unitId == null ? null : jurisdictionOf(em, unitId);
        return new RecordIndex(type == RecordType.UNIT ? null : unitId, jurisdiction, RecordRules.text(body, "status"),
                RecordRules.text(body, "grade"), eventAt(type, body), RecordRules.text(body, "deadline"));
    }

    private static String jurisdictionOf(EntityManager em, String unitId) {
        RecordEntity unit = em.find(RecordEntity.class, unitId);
        return unit == null ? null : unit.jurisdiction();
    }

    private Long eventAt(RecordType type, JsonObject body) {
        String when = switch (type) {
            case INSPECTION -> RecordRules.text(body, "startedAt");
            case HAZARD -> RecordRules.text(body, "foundAt");
            case ATTACHMENT -> RecordRules.text(body, "capturedAt");
            case PLEDGE -> RecordRules.text(body.getAsJsonObject("period"), "from");
            case UNIT, PERSON -> null;
        };
        if (when == null) {
            return null;
        }
        return when.length() == 10 ? LocalDate.parse(when).atStartOfDay(zone).toInstant().toEpochMilli()
                : OffsetDateTime.parse(when).toInstant().toEpochMilli();
    }
}
