package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.schemas.Violation;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Creates, reads, lists and changes records: every write is checked against the schema, the
 * references and the domain rules before anything is stored, and every accepted write keeps
 * its version for ever.
 */
public final class RecordService {

    /** Fields the server manages; ignored when a client sends them. */
    private static final Set<String> SERVER_FIELDS = Set.of("id", "type", "version", "deleted", "createdAt",
            "updatedAt", "overdue");

    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final RecordQueries queries;

    public RecordService(Database database, Clock clock, ZoneId zone) {
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.queries = new RecordQueries();
    }

    /** The zone dates are counted in (deadlines, date filters). */
    public ZoneId zone() {
        return zone;
    }

    public StoredRecord create(RecordType type, JsonObject document) {
        validate(type, document);
        String id = document.has("id") ? document.get("id").getAsString() : Uuids.v7();
        JsonObject body = withoutServerFields(document);
        RecordRules.applyDefaults(type, body);
        RecordRules.checkNew(type, body);
        long now = now();
        return database.inTransaction(em -> {
            if (em.find(RecordEntity.class, id) != null) {
                throw new FieldsyncException(ErrorCode.DUPLICATE_ID, "/id", "a record with id " + id + " already exists");
            }
            RecordEntity entity = new RecordEntity(id, type.wireName(), now);
            entity.apply(index(em, type, id, body), body.toString(), now);
            em.persist(entity);
            em.flush();
            em.persist(new RecordVersionEntity(id, entity.version(), false, body.toString(), now));
            return toStored(entity);
        });
    }

    public StoredRecord get(RecordType type, String id) {
        return database.read(em -> toStored(find(em, type, id)));
    }

    public Page<StoredRecord> list(RecordType type, RecordFilter filter, String cursor, int limit) {
        return database.read(em -> {
            RecordQueries.Result result = queries.list(em, type, filter, cursor, limit, today());
            return new Page<>(result.entities().stream().map(this::toStored).toList(), result.nextCursor(), result.total());
        });
    }

    /**
     * Applies a JSON Merge Patch. When expectedVersion is given and the record has moved on,
     * nothing is changed and the caller is told (version_conflict).
     */
    public StoredRecord patch(RecordType type, String id, JsonObject patch, Integer expectedVersion) {
        try {
            return database.inTransaction(em -> {
                RecordEntity entity = find(em, type, id);
                if (expectedVersion != null && expectedVersion != entity.version()) {
                    throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version", "the record is at version "
                            + entity.version() + ", not " + expectedVersion + "; read it again and re-apply the change");
                }
                JsonObject before = RecordJson.parseStored(entity.body());
                JsonObject after = MergePatch.apply(before, withoutServerFields(patch));
                validate(type, after);
                RecordRules.checkChange(type, before, after);
                long now = now();
                entity.apply(index(em, type, id, after), after.toString(), now);
                em.flush();
                em.persist(new RecordVersionEntity(id, entity.version(), entity.deleted(), after.toString(), now));
                return toStored(entity);
            });
        } catch (PersistenceException e) {
            if (causedBy(e, OptimisticLockException.class)) {
                throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version",
                        "the record was changed by someone else at the same time; read it again", List.of(), e);
            }
            throw e;
        }
    }

    /** Every stored version of a record, oldest first. */
    public List<JsonObject> history(RecordType type, String id) {
        return database.read(em -> {
            find(em, type, id);
            return em.createQuery("SELECT v FROM RecordVersionEntity v WHERE v.recordId = :id ORDER BY v.version",
                            RecordVersionEntity.class)
                    .setParameter("id", id).getResultList().stream()
                    .map(v -> RecordJson.parseStored(v.body())).toList();
        });
    }

    private void validate(RecordType type, JsonObject document) {
        List<Violation> violations = RecordSchemas.get().validate(type, document.toString());
        if (!violations.isEmpty()) {
            Violation first = violations.getFirst();
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, first.field(),
                    "the " + type.wireName() + " is not valid: " + first.message(),
                    violations.stream().map(v -> new FieldsyncException.FieldError(v.field(), v.message())).toList(),
                    null);
        }
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

    private static RecordEntity find(EntityManager em, RecordType type, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        if (entity == null || !entity.recordType().equals(type.wireName())) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, "no " + type.wireName() + " with id " + id);
        }
        return entity;
    }

    private StoredRecord toStored(RecordEntity entity) {
        RecordType type = RecordType.fromWireName(entity.recordType()).orElseThrow();
        JsonObject body = RecordJson.parseStored(entity.body());
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                RecordRules.overdue(type, body, today()));
    }

    private static JsonObject withoutServerFields(JsonObject document) {
        JsonObject body = document.deepCopy();
        SERVER_FIELDS.forEach(body::remove);
        return body;
    }

    private long now() {
        return clock.millis();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
