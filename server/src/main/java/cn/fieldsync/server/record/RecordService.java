package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonArray;
import jakarta.persistence.EntityManager;

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

import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Creates, reads, lists and changes records, each call in its own transaction (the REST API's
 * view; sync works on {@link RecordStore} inside its own transactions).
 */
public final class RecordService {

    private final Database database;
    private final RecordStore store;
    private final RecordQueries queries = new RecordQueries();
    private final AuditLog audit;
    private volatile RecordListener listener = RecordListener.NONE;

    public RecordService(Database database, Clock clock, ZoneId zone, AttachmentCatalog attachments) {
        this(database, clock, zone, attachments, HazardPolicy.DEFAULT,
                InspectionSignatures.DEFAULT_MIN_INSPECTORS);
    }

    /** With the local-practice choices of the rules (docs/hazards.md). */
    public RecordService(Database database, Clock clock, ZoneId zone, AttachmentCatalog attachments,
                         HazardPolicy hazardPolicy, int minInspectors) {
        this.database = database;
        this.store = new RecordStore(clock, zone, attachments, hazardPolicy, minInspectors);
        this.audit = new AuditLog(clock);
    }

    public void listen(RecordListener listener) {
        this.listener = listener;
    }

    public RecordStore store() {
        return store;
    }

    /** The zone dates are counted in (deadlines, date filters). */
    public ZoneId zone() {
        return store.zone();
    }

    public StoredRecord create(Caller caller, RecordType type, JsonObject document) {
        RecordStore.validate(type, document);
        String id = document.has("id") ? document.get("id").getAsString() : Uuids.v7();
        StoredRecord created = database.inTransaction(em -> {
            StoredRecord stored = store.insert(em, caller.scope(), writer(caller), type, id, document);
            audit.append(em, caller.username(), "RECORD_CREATED", id, versionDetail(stored));
            return stored;
        });
        listener.stored(Set.of(created.id()));
        return created;
    }

    /** A record the caller may see; one out of sight is answered as not found, like one that does not exist. */
    public StoredRecord get(Caller caller, RecordType type, String id) {
        return database.read(em -> {
            StoredRecord stored = store.require(em, type, id);
            requireSight(em, caller, type, id);
            return stored;
        });
    }

    /**
     * The jurisdictions in use: each division code that units are registered under, with how many
     * units and how many records of all kinds it holds.
     */
    public JsonArray jurisdictions() {
        return database.read(em -> {
            JsonArray list = new JsonArray();
            for (Object row : em.createNativeQuery("SELECT jurisdiction, SUM(CASE WHEN record_type = 'unit' THEN 1 ELSE 0 END), COUNT(*) "
                    + "FROM record WHERE deleted = ?1 AND jurisdiction IS NOT NULL GROUP BY jurisdiction ORDER BY jurisdiction")
                    .setParameter(1, false).getResultList()) {
                Object[] r = (Object[]) row;
                JsonObject item = new JsonObject();
                item.addProperty("code", (String) r[0]);
                item.addProperty("units", ((Number) r[1]).longValue());
                item.addProperty("records", ((Number) r[2]).longValue());
                list.add(item);
            }
            return list;
        });
    }

    /** Whether a record exists and the caller may see it. */
    public boolean sees(Caller caller, String id) {
        return database.read(em -> store.sees(em, caller.scope(), id));
    }

    /**
     * Whether the caller sees some record that names this attachment in an attachment field (a
     * photo, signature image, checklist evidence or an attachment record's content; never a hash
     * written into free text). Administrators see every file.
     */
    public boolean seesAttachment(Caller caller, String sha256) {
        return caller.scope().everything() || database.read(em -> store.seesAttachment(em, caller.scope(), sha256));
    }

    /**
     * Whether the caller may learn about, resume or name this attachment: they see a record that
     * names it, or their own upload of the content completed (they proved to hold the bytes).
     */
    public boolean mayUseAttachment(Caller caller, String sha256) {
        return caller.scope().everything()
                || database.read(em -> store.mayUseAttachment(em, caller.scope(), caller.username(), sha256));
    }

    /** Remembers that the caller's own upload of this content completed and hashed right. */
    public void noteAttachmentHolder(Caller caller, String sha256) {
        database.inTransaction(em -> {
            store.noteHolder(em, caller.username(), sha256);
            return null;
        });
    }

    private static RecordStore.Writer writer(Caller caller) {
        return new RecordStore.Writer(caller.username(), false);
    }

    private void requireSight(EntityManager em, Caller caller, RecordType type, String id) {
        if (!store.sees(em, caller.scope(), id)) {
            throw RecordStore.notFound(null, type, id);
        }
    }

    public Page<StoredRecord> list(Caller caller, RecordType type, RecordFilter filter, String cursor, int limit) {
        return database.read(em -> {
            RecordQueries.Result result = queries.list(em, caller.scope(), type, filter, cursor, limit, store.today());
            return new Page<>(result.entities().stream().map(e -> store.read(em, e)).toList(), result.nextCursor(), result.total());
        });
    }

    /**
     * The records of a list whose {@code name} contains the text (a person or a unit searched by name in
     * the console), in the caller's scope, at most {@code limit}; no cursor. Reads the filter's pages in
     * turn: a county holds thousands of units and persons, not millions.
     */
    public Page<StoredRecord> named(Caller caller, RecordType type, RecordFilter filter, String text, int limit) {
        return withName(caller, type, filter, name -> name.contains(text), limit);
    }

    /**
     * The records of a list whose {@code name} fails the name rule as stored (names kept from before
     * it: {@link cn.fieldsync.schemas.RecordChecks#nameProblem}), in the caller's scope, at most
     * {@code limit}; no cursor.
     */
    public Page<StoredRecord> misnamed(Caller caller, RecordType type, RecordFilter filter, int limit) {
        return withName(caller, type, filter, name -> cn.fieldsync.schemas.RecordChecks.nameProblem(type, name).isPresent(), limit);
    }

    private Page<StoredRecord> withName(Caller caller, RecordType type, RecordFilter filter, java.util.function.Predicate<String> wanted,
                                        int limit) {
        java.util.List<StoredRecord> found = new java.util.ArrayList<>();
        int total = 0;
        String cursor = null;
        do {
            Page<StoredRecord> page = list(caller, type, filter, cursor, 500);
            for (StoredRecord r : page.items()) {
                com.google.gson.JsonElement name = r.body().get("name");
                if (name != null && name.isJsonPrimitive() && wanted.test(name.getAsString())) {
                    total++;
                    if (found.size() < limit) {
                        found.add(r);
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return new Page<>(found, null, total);
    }

    /**
     * Applies a JSON Merge Patch. When expectedVersion is given and the record has moved on,
     * nothing is changed and the caller is told (version_conflict).
     */
    public StoredRecord patch(Caller caller, RecordType type, String id, JsonObject patch, Integer expectedVersion) {
        StoredRecord changed;
        try {
            changed = database.inTransaction(em -> {
                StoredRecord current = store.require(em, type, id);
                requireSight(em, caller, type, id);
                if (!caller.is(cn.fieldsync.server.identity.Role.ADMIN)) {
                    // a unit or person every device of the county shows: administrators alone change it
                    RecordRules.refuseShared(cn.fieldsync.schemas.AdministeredRecords.changeByNonAdministrator(type, id));
                }
                if (expectedVersion != null && expectedVersion != current.version()) {
                    throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version",
                            // a version the record never had is not "someone changed it since": say what it is
                            expectedVersion > current.version() || expectedVersion < 1
                                    ? Labels.say("versionNeverWas", expectedVersion, current.version())
                                    : Labels.say("versionMovedOn", current.version(), expectedVersion));
                }
                JsonObject after = MergePatch.apply(current.body(), RecordStore.withoutServerFields(patch));
                StoredRecord stored = store.update(em, caller.scope(), writer(caller), type, id, after, current.deleted(), true);
                audit.append(em, caller.username(), "RECORD_CHANGED", id, versionDetail(stored));
                return stored;
            });
        } catch (PersistenceException e) {
            if (causedBy(e, OptimisticLockException.class) || isUniqueViolation(e)) {
                throw new FieldsyncException(ErrorCode.VERSION_CONFLICT, "version",
                        Labels.say("changedMeanwhile"), List.of(), e);
            }
            throw e;
        }
        listener.stored(Set.of(changed.id()));
        return changed;
    }

    private static JsonObject versionDetail(StoredRecord stored) {
        JsonObject detail = new JsonObject();
        detail.addProperty("type", stored.type().wireName());
        // the version and the SHA-256 of its body: an edited body no longer matches its entry
        return AuditLog.content(detail, stored.version(), stored.deleted(), stored.body());
    }

    /** Every stored version of a record, oldest first. */
    public List<JsonObject> history(Caller caller, RecordType type, String id) {
        return database.read(em -> {
            List<JsonObject> versions = store.history(em, type, id);
            requireSight(em, caller, type, id);
            return versions;
        });
    }

    /** Another writer stored the same key first (see RecordEntity#version). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
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
