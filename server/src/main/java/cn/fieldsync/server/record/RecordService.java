package cn.fieldsync.server.record;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.attachment.AttachmentCatalog;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonObject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * Creates, reads, lists and changes records, each call in its own transaction (the REST API's
 * view; sync works on {@link RecordStore} inside its own transactions).
 */
public final class RecordService {

    private final Database database;
    private final RecordStore store;
    private final RecordQueries queries = new RecordQueries();
    private final AuditLog audit;

    public RecordService(Database database, Clock clock, ZoneId zone, AttachmentCatalog attachments) {
        this.database = database;
        this.store = new RecordStore(clock, zone, attachments);
        this.audit = new AuditLog(clock);
    }

    public RecordStore store() {
        return store;
    }

    /** The zone dates are counted in (deadlines, date filters). */
    public ZoneId zone() {
        return store.zone();
    }

    public StoredRecord create(RecordType type, JsonObject document) {
        RecordStore.validate(type, document);
        String id = document.has("id") ? document.get("id").getAsString() : Uuids.v7();
        return database.inTransaction(em -> {
            StoredRecord stored = store.insert(em, type, id, document);
            audit.append(em, API_ACTOR, "RECORD_CREATED", id, versionDetail(stored));
            return stored;
        });
    }

    public StoredRecord get(RecordType type, String id) {
        return database.read(em -> store.require(em, type, id));
    }

    public Page<StoredRecord> list(RecordType type, RecordFilter filter, String cursor, int limit) {
        return database.read(em -> {
            RecordQueries.Result result = queries.list(em, type, filter, cursor, limit, store.today());
            return new Page<>(result.entities().stream().map(e -> store.read(em, e)).toList(), result.nextCursor(), result.total());
        });
    }

    /**
     * Applies a JSON Merge Patch. When expectedVersion is given and the record has moved on,
     * nothing is changed and the caller is told (version_conflict).
     */
    public StoredRecord patch(RecordType type, String id, JsonObject patch, Integer expectedVersion) {
        try {
            return database.inTransaction(em -> {
                StoredRecord current = store.require(em, type, id);
                if (expectedVersion != null && expectedVersion != current.version()) {
                    throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version", "the record is at version "
                            + current.version() + ", not " + expectedVersion + "; read it again and re-apply the change");
                }
                JsonObject after = MergePatch.apply(current.body(), RecordStore.withoutServerFields(patch));
                StoredRecord stored = store.update(em, type, id, after, current.deleted(), true);
                audit.append(em, API_ACTOR, "RECORD_CHANGED", id, versionDetail(stored));
                return stored;
            });
        } catch (PersistenceException e) {
            if (causedBy(e, OptimisticLockException.class) || isUniqueViolation(e)) {
                throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version",
                        "the record was changed by someone else at the same time; read it again", List.of(), e);
            }
            throw e;
        }
    }

    /** Who the REST API acts for until there are accounts (the identity issue). */
    private static final String API_ACTOR = "api";

    private static JsonObject versionDetail(StoredRecord stored) {
        JsonObject detail = new JsonObject();
        detail.addProperty("type", stored.type().wireName());
        detail.addProperty("version", stored.version());
        return detail;
    }

    /** Every stored version of a record, oldest first. */
    public List<JsonObject> history(RecordType type, String id) {
        return database.read(em -> store.history(em, type, id));
    }

    /** Another writer stored the same key first (see RecordEntity#version). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("23505".equals(sql.getSQLState())
                    || String.valueOf(sql.getMessage()).contains("SQLITE_CONSTRAINT"))) {
                return true;
            }
        }
        return false;
    }

    public static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
