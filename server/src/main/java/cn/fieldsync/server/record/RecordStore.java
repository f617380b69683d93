package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.schemas.Violation;
import cn.fieldsync.server.attachment.AttachmentCatalog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Record writes and reads inside a caller's transaction. Every write is checked (schema,
 * references, domain rules) before anything is stored, keeps its version for ever, and takes the
 * next number of the change sequence as its last step.
 *
 * <p>The parts, each in its own class: {@link RecordIndexer} checks a record's links and
 * attachments and works out where it lies, {@link RecordSight} who sees it, {@link AttachmentReach}
 * who may name a file, {@link RecordRows} writes the rows, {@link ChangeSequence} numbers the
 * changes and {@link ChangeFeedQuery} reads them back as the feed.
 */
public final class RecordStore {

    /** Fields the server manages; ignored when a client sends them. */
    public static final Set<String> SERVER_FIELDS = Set.of("id", "type", "version", "deleted", "createdAt",
            "updatedAt", "overdue", "escalateTo", "sealVerified");

    private final Clock clock;
    private final ZoneId zone;
    private final HazardPolicy hazardPolicy;
    private final int minInspectors;
    private final ChangeSequence sequence;
    private final AttachmentReach attachments;
    private final RecordIndexer indexer;
    private final ChangeFeedQuery feed;

    public RecordStore(Clock clock, ZoneId zone, AttachmentCatalog attachments) {
        this(clock, zone, attachments, HazardPolicy.DEFAULT, InspectionSignatures.DEFAULT_MIN_INSPECTORS);
    }

    /**
     * @param hazardPolicy  the local-practice choices of the hazard rules (docs/hazards.md)
     * @param minInspectors how many inspectors a sealed inspection names and is signed by (安全生产法 art 68, 行政处罚法 art 42)
     */
    public RecordStore(Clock clock, ZoneId zone, AttachmentCatalog attachments, HazardPolicy hazardPolicy,
                       int minInspectors) {
        this.clock = clock;
        this.zone = zone;
        this.hazardPolicy = hazardPolicy;
        this.minInspectors = minInspectors;
        this.sequence = new ChangeSequence(clock);
        this.attachments = new AttachmentReach(clock, attachments);
        this.indexer = new RecordIndexer(zone, this.attachments);
        this.feed = new ChangeFeedQuery(clock, zone, hazardPolicy);
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
        // a version row never changes once written: read as columns, not as an entity the transaction
        // would track and compare at its commit
        List<?> rows = em.createNativeQuery("SELECT body, deleted FROM record_version WHERE record_id = ?1 AND version = ?2")
                .setParameter(1, id).setParameter(2, version).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.getFirst();
        JsonObject body = RecordJson.parseStored((String) row[0]);
        body.addProperty("deleted", row[1] instanceof Boolean b ? b : ((Number) row[1]).intValue() != 0);
        return Optional.of(body);
    }

    /**
     * Who writes, for the checks that depend on it beyond the scope.
     *
     * @param username the user (an attachment this user uploaded may be named before any record names it)
     * @param deviceId the device whose push creates the record, or null (kept with the creating
     *                 user on a new record: {@link #checkDeletedByCreator})
     * @param syncing  true for a device's push: a link to a record out of the user's sight is then
     *                 held as out_of_scope ("not yet": the device may have had it before its scope
     *                 narrowed or the record moved), where the REST API answers unknown_reference
     *                 exactly as for a record that does not exist
     */
    public record Writer(String username, boolean syncing, String deviceId) {

        /** A writer through the API (no device), or a device's push whose device is not recorded. */
        public Writer(String username, boolean syncing) {
            this(username, syncing, null);
        }
    }

    /** {@link #insert(EntityManager, Scope, Writer, RecordType, String, JsonObject)} by the server itself. */
    public StoredRecord insert(EntityManager em, Scope scope, RecordType type, String id, JsonObject document) {
        return insert(em, scope, null, type, id, document);
    }

    /**
     * Stores a new record. An id that is taken — by any record, in the writer's scope or not — is
     * refused duplicate_id with one message that names neither the record's type nor its place.
     */
    public StoredRecord insert(EntityManager em, Scope scope, Writer writer, RecordType type, String id, JsonObject document) {
        if (em.find(RecordEntity.class, id) != null) {
            throw new FieldsyncException(ErrorCode.DUPLICATE_ID, "/id", Labels.say("idTaken", id));
        }
        return insertAbsent(em, scope, writer, type, id, document);
    }

    /** {@link #insert} for a caller that has just looked the id up in this transaction and found nothing. */
    public StoredRecord insertAbsent(EntityManager em, Scope scope, RecordType type, String id, JsonObject document) {
        return insertAbsent(em, scope, null, type, id, document);
    }

    /**
     * A new record's document made ready and checked against its type's JSON Schema — the part of
     * a create that needs neither the database nor the writer — so that a push does it for its
     * whole batch before it takes the database's writer lock. Either {@code body} (the server
     * fields dropped, the defaults added) and its stored {@code text}, or the {@code refusal} the
     * create will answer with. Made by {@link #checkDocument}; {@code rules} by {@link #checkNewDocument}.
     */
    public record CheckedDocument(RecordType type, JsonObject body, String text, FieldsyncException refusal, Rules rules) {
    }

    /**
     * The verdict of the record rules on a new record ({@code RecordRules.checkNew}: dates, content,
     * the hazard lifecycle, an inspection's signatures), which read only the document, the server's
     * clock and whether the writer may list at any level: the refusal, or null when they pass.
     */
    public record Rules(boolean anyLevel, FieldsyncException refusal) {
    }

    /** The store-independent checks of a new record's document: see {@link CheckedDocument}. Thread-safe. */
    public static CheckedDocument checkDocument(RecordType type, JsonObject document) {
        JsonObject body = withoutServerFields(document);
        RecordRules.applyDefaults(type, body);
        try {
            validate(type, body);
        } catch (FieldsyncException e) {
            return new CheckedDocument(type, body, null, e, null);
        }
        return new CheckedDocument(type, body, body.toString(), null, null);
    }

    /**
     * {@link #checkDocument} and then, for a document its schema accepts, the record rules a
     * create is checked by — everything of a create that needs neither the database nor the
     * writer's lock, so that a push does it for a whole batch before it takes the lock, on every
     * processor. {@link #insertAbsent(EntityManager, Scope, Writer, String, CheckedDocument)}
     * answers with that verdict at the very step it would have checked them, so the order of
     * refusals is unchanged. Thread-safe.
     *
     * @param anyLevel the writer may record a 挂牌督办 listing at any level ({@link Scope#everything})
     */
    public CheckedDocument checkNewDocument(RecordType type, JsonObject document, boolean anyLevel) {
        CheckedDocument checked = checkDocument(type, document);
        if (checked.refusal() != null) {
            return checked;
        }
        FieldsyncException refusal = null;
        try {
            RecordRules.checkNew(type, checked.body(), zone, clock.instant(), hazardPolicy, minInspectors, anyLevel);
        } catch (FieldsyncException e) {
            refusal = e;
        }
        return new CheckedDocument(type, checked.body(), checked.text(), null, new Rules(anyLevel, refusal));
    }

    /** {@link #insert} for a caller that has just looked the id up in this transaction and found nothing. */
    public StoredRecord insertAbsent(EntityManager em, Scope scope, Writer writer, RecordType type, String id, JsonObject document) {
        return insertAbsent(em, scope, writer, id, checkDocument(type, document));
    }

    /**
     * {@link #insertAbsent(EntityManager, Scope, Writer, RecordType, String, JsonObject)} of a
     * document already checked by {@link #checkDocument}: the same checks in the same order, the
     * schema's verdict taken from the check.
     */
    public StoredRecord insertAbsent(EntityManager em, Scope scope, Writer writer, String id, CheckedDocument checked) {
        if (checked.refusal() != null) {
            throw checked.refusal();
        }
        RecordType type = checked.type();
        JsonObject body = checked.body().deepCopy();
        String text = checked.text();
        if (checked.rules() != null && checked.rules().anyLevel() == scope.everything()) {
            if (checked.rules().refusal() != null) {
                throw checked.rules().refusal();
            }
        } else {
            RecordRules.checkNew(type, body, zone, clock.instant(), hazardPolicy, minInspectors, scope.everything());
        }
        SealCheck.check(em, type, body);
        long now = clock.millis();
        RecordIndex index = indexer.index(em, scope, writer, type, id, body, Set.of(), Set.of());
        UnitIdentity.check(em, scope, type, id, null, body);
        // after index(): the inspection named is then known to exist and to be in the writer's sight
        RecordIndexer.checkChecklistItem(em, type, body);
        RaisedFrom.check(em, type, id, null, body);
        RecordSight.checkPlace(scope, type, id, index);
        long seq = sequence.next(em);
        RecordRows.insertRecord(em, id, type.wireName(), index, text, seq, now,
                writer == null ? null : writer.username(), writer == null ? null : writer.deviceId());
        RecordHeads.inserted(em, new RecordHeads.Head(id, type.wireName(), false, index.jurisdiction(), index.unitId(),
                index.caseId()));
        RecordRows.insertVersion(em, id, 1, false, text, now);
        Instant at = Instant.ofEpochMilli(now);
        return stored(type, id, 1, false, at, at, body);
    }

    /**
     * Stores a new version of a record.
     *
     * @param checkLifecycle false only for an administrator's conflict resolution, which may
     *                       deliberately put a status back
     */
    public StoredRecord update(EntityManager em, Scope scope, RecordType type, String id, JsonObject document, boolean deleted,
                               boolean checkLifecycle) {
        return update(em, scope, null, type, id, document, deleted, checkLifecycle);
    }

    /**
     * The refusal the record's schema and lifecycle rules would give this new version of it, as
     * {@link #update} checks them first; writes nothing. Empty when they would take it.
     */
    public java.util.Optional<FieldsyncException> refusalOf(EntityManager em, Scope scope, RecordType type, String id, JsonObject document) {
        JsonObject before = RecordJson.parseStored(find(em, type, id).body());
        JsonObject after = withoutServerFields(document);
        try {
            validate(type, after);
            RecordRules.checkChange(type, before, after, zone, clock.instant(), hazardPolicy, minInspectors, scope.everything());
            return java.util.Optional.empty();
        } catch (FieldsyncException e) {
            return java.util.Optional.of(e);
        }
    }

    /**
     * Stores a new version of a record the writer has been found to see (the caller checks).
     *
     * @param checkLifecycle false only for an administrator's conflict resolution, which may
     *                       deliberately put a status back
     */
    public StoredRecord update(EntityManager em, Scope scope, Writer writer, RecordType type, String id, JsonObject document,
                               boolean deleted, boolean checkLifecycle) {
        RecordEntity entity = find(em, type, id);
        JsonObject before = RecordJson.parseStored(entity.body());
        JsonObject after = withoutServerFields(document);
        SealCheck.refuseChangeOf(type, id, before, after);
        if (type == RecordType.PLEDGE) {
            // issue 13: a signed pledge is evidence of a commitment; its content never changes after signing
            SignedPledge.refuseChange(before, after).ifPresent(why -> {
                throw new FieldsyncException(ErrorCode.SIGNED_PLEDGE, null, why);
            });
        }
        String text = after.toString();
        validate(type, after);
        if (checkLifecycle) {
            RecordRules.checkChange(type, before, after, zone, clock.instant(), hazardPolicy, minInspectors, scope.everything());
        } else {
            RecordRules.checkHistoryKept(type, before, after);
            // a resolution may put a status back, but never leaves a record its own rules refuse (a 已登记 danger with
            // an 验收日期, two extensions from one deadline): it would refuse every later change, for good
            RecordRules.checkState(type, after, zone, clock.instant());
        }
        SealCheck.check(em, type, after);
        long now = clock.millis();
        // the files this record names already stay namable by whoever may change it
        // and the links it held stay (a person named before links to persons were checked)
        RecordIndex index = indexer.index(em, scope, writer, type, id, after, new HashSet<>(AttachmentRefs.of(type, before).values()),
                RecordIndexer.links(type, before));
        UnitIdentity.check(em, scope, type, id, before, after);
        RecordIndexer.checkChecklistItem(em, type, after);
        if (deleted && !entity.deleted()) {
            // every tombstone — a device's, or an administrator's DEVICE resolution of a conflict a
            // stale delete opened — goes only if the record may go now (Deletions): an unreferenced draft
            RaisedFrom.checkDeletion(em, type, id, after);
        } else if (!deleted) {
            RaisedFrom.check(em, type, id, before, after);
        }
        RecordSight.checkPlace(scope, type, id, index);
        long seq = sequence.next(em);
        int version = entity.version() + 1;
        String jurisdictionBefore = entity.jurisdiction();
        if (!Objects.equals(jurisdictionBefore, index.jurisdiction()) || !Objects.equals(entity.unitId(), index.unitId())) {
            recordExit(em, seq, entity, index);
        }
        entity.apply(index, text, now);
        if (type == RecordType.UNIT && !Objects.equals(jurisdictionBefore, index.jurisdiction())) {
            moveMembers(em, id, index.jurisdiction());
        }
        entity.markDeleted(deleted);
        entity.version(version);
        entity.sequence(seq);
        // the row changes at commit: until then the checks read its head from here (a unit's members too, in moveMembers)
        RecordHeads.updated(em, entity);
        RecordRows.insertVersion(em, id, version, deleted, text, now);
        return stored(type, id, version, deleted, Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(now),
                after);
    }

    public List<JsonObject> history(EntityManager em, RecordType type, String id) {
        find(em, type, id);
        return em.createQuery("SELECT v FROM RecordVersionEntity v WHERE v.recordId = :id ORDER BY v.version",
                        RecordVersionEntity.class)
                .setParameter("id", id).getResultList().stream()
                .map(v -> RecordJson.parseStored(v.body())).toList();
    }

    /**
     * Changes after a position of the change sequence that the scope sees, in order; see
     * {@link ChangeFeedQuery#changesAfter}.
     */
    public ChangeFeedQuery.Feed changesAfter(java.sql.Connection c, Scope scope, long since, int limit) {
        return feed.changesAfter(c, scope, since, limit);
    }

    /**
     * A unit that moved to another jurisdiction takes its records along: each is placed anew and
     * takes the next change number, so that the feed brings it to those who see it now and a
     * removal to those who saw it where it was (its version stays: its content did not change).
     */
    private void moveMembers(EntityManager em, String unitId, String jurisdiction) {
        RecordHeads.writeChanged(em);
        for (RecordEntity member : em.createQuery("SELECT r FROM RecordEntity r WHERE r.unitId = :unit ORDER BY r.id", RecordEntity.class)
                .setParameter("unit", unitId).getResultList()) {
            if (Objects.equals(member.jurisdiction(), jurisdiction)) {
                continue;
            }
            long seq = sequence.next(em);
            recordExit(em, seq, member, new RecordIndex(member.unitId(), jurisdiction, null, null, null, null, null, null));
            member.moveTo(jurisdiction);
            member.sequence(seq);
            RecordHeads.updated(em, member);
        }
    }

    private static void recordExit(EntityManager em, long seq, RecordEntity entity, RecordIndex index) {
        em.createNativeQuery("INSERT INTO scope_exit (seq, record_id, record_type, old_jurisdiction, old_unit_id, "
                        + "new_jurisdiction, new_unit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, seq).setParameter(2, entity.id()).setParameter(3, entity.recordType())
                .setParameter(4, entity.jurisdiction()).setParameter(5, entity.unitId())
                .setParameter(6, index.jurisdiction()).setParameter(7, index.unitId()).executeUpdate();
    }

    public static JsonObject withoutServerFields(JsonObject document) {
        JsonObject body = document.deepCopy();
        SERVER_FIELDS.forEach(body::remove);
        return body;
    }

    /**
     * Refuses (invalid_record) a document its type's JSON Schema does not accept: the message says the
     * first fault, {@code errors} lists every fault, each said in Chinese by the field's name
     * ({@link cn.fieldsync.schemas.PlainWords}), never in the validator's English.
     */
    public static void validate(RecordType type, JsonObject document) {
        List<Violation> violations = RecordSchemas.get().validate(type, document);
        if (!violations.isEmpty()) {
            Violation first = violations.getFirst();
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, first.field(),
                    cn.fieldsync.schemas.Labels.say("notValid", cn.fieldsync.schemas.Labels.name("recordTypes", type.wireName()),
                            cn.fieldsync.schemas.PlainWords.of(type, first, document).message()),
                    violations.stream().map(v -> new FieldsyncException.FieldError(v.field(), cn.fieldsync.schemas.PlainWords.of(type, v, document).message())).toList(),
                    null);
        }
    }

    /** The record just written, from the body in hand rather than parsed back from a row. */
    private StoredRecord stored(RecordType type, String id, int version, boolean deleted, Instant createdAt, Instant updatedAt,
                                JsonObject body) {
        Boolean overdue = RecordRules.overdue(type, body, today());
        return new StoredRecord(type, id, version, deleted, createdAt, updatedAt, body,
                overdue, escalateTo(type, body, overdue), SealCheck.SEALABLE.contains(type) && body.has("seal") ? Boolean.TRUE : null);
    }

    /** A record as read back: its seal checked again, against what is stored now. */
    StoredRecord read(EntityManager em, RecordEntity entity) {
        StoredRecord stored = toStored(entity);
        Boolean verified = SealCheck.verified(em, stored.type(), stored.body());
        return verified == null ? stored : new StoredRecord(stored.type(), stored.id(), stored.version(), stored.deleted(),
                stored.createdAt(), stored.updatedAt(), stored.body(), stored.overdue(), stored.escalateTo(), verified);
    }

    StoredRecord toStored(RecordEntity entity) {
        RecordType type = RecordType.fromWireName(entity.recordType()).orElseThrow();
        JsonObject body = RecordJson.parseStored(entity.body());
        Boolean overdue = RecordRules.overdue(type, body, today());
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                overdue, escalateTo(type, body, overdue), null);
    }

    private String escalateTo(RecordType type, JsonObject body, Boolean overdue) {
        return type != RecordType.HAZARD || overdue == null ? null
                : RecordRules.escalation(RecordRules.listedLevel(body), overdue, hazardPolicy.escalationSteps());
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private static RecordEntity find(EntityManager em, RecordType type, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        if (entity == null || !entity.recordType().equals(type.wireName())) {
            throw notFound(null, type, id);
        }
        return entity;
    }

    /** not_found for a record of a type, said alike whether it does not exist or is out of the caller's sight. */
    public static FieldsyncException notFound(String field, RecordType type, String id) {
        return new FieldsyncException(ErrorCode.NOT_FOUND, field,
                Labels.say("recordOfTypeNotFound", Labels.name("recordTypes", type.wireName()), id));
    }

    /** Whether the caller may see a stored record (a record out of sight is answered as not found). */
    /**
     * Refuses (forbidden / illegal_transition, a Chinese reason) the deletion of a record as the
     * server holds it now ({@link cn.fieldsync.schemas.Deletions}): checked before a pushed delete is
     * merged, so a delete sent from a stale base version is refused, never turned into a conflict
     * an administrator could resolve into a tombstone.
     */
    public void checkDeletion(EntityManager em, RecordType type, String id, JsonObject current) {
        RaisedFrom.checkDeletion(em, type, id, current);
    }

    /**
     * Refuses (forbidden, a Chinese reason) a device's deletion by another user than the one who
     * created the record ({@link cn.fieldsync.schemas.Deletions#byCreatorOnly}); a record whose
     * creator is not known (stored before migration V23, or written by the server) is deleted by
     * no device.
     */
    public void checkDeletedByCreator(EntityManager em, RecordType type, String id, String deletingUser) {
        List<?> creators = em.createNativeQuery("SELECT created_by FROM record WHERE id = ?1").setParameter(1, id).getResultList();
        Object creator = creators.isEmpty() ? null : creators.getFirst();
        RecordRules.refuseShared(cn.fieldsync.schemas.Deletions.byCreatorOnly(type, id, creator == null ? null : creator.toString(),
                deletingUser));
    }

    public boolean sees(EntityManager em, Scope scope, String id) {
        return RecordSight.sees(em, scope, id);
    }

    /** See {@link RecordSight#seesOnlyAsCaseEvidence}. */
    public boolean seesOnlyAsCaseEvidence(EntityManager em, Scope scope, String id) {
        return RecordSight.seesOnlyAsCaseEvidence(em, scope, id);
    }

    /** Whether the scope sees a record that names this attachment: {@link AttachmentReach#seesAttachment}. */
    public boolean seesAttachment(EntityManager em, Scope scope, String sha256) {
        return attachments.seesAttachment(em, scope, sha256);
    }

    /** Whether a user may name, resume or ask about an attachment: {@link AttachmentReach#mayUse}. */
    public boolean mayUseAttachment(EntityManager em, Scope scope, String username, String sha256) {
        return attachments.mayUse(em, scope, username, sha256);
    }

    /** Remembers that this user's own upload of the content completed and hashed right. */
    public void noteHolder(EntityManager em, String username, String sha256) {
        attachments.noteHolder(em, username, sha256);
    }

    /**
     * Gives a record the next change number without a new version: the feed brings it again, to
     * those who may see it now (a link confirmed it as evidence of their case).
     */
    public void touch(EntityManager em, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        if (entity != null) {
            entity.sequence(sequence.next(em));
        }
    }
}
