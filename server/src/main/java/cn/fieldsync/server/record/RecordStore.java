package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardGrade;
import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.domain.hazard.HazardRules;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.server.identity.Scope;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;

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

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Record writes and reads inside a caller's transaction. Every write is checked (schema,
 * references, domain rules) before anything is stored, keeps its version for ever, and takes the
 * next number of the change sequence as its last step.
 */
public final class RecordStore {

    /** Fields the server manages; ignored when a client sends them. */
    public static final Set<String> SERVER_FIELDS = Set.of("id", "type", "version", "deleted", "createdAt",
            "updatedAt", "overdue", "escalateTo", "sealVerified");

    private final Clock clock;
    private final ZoneId zone;
    private final AttachmentCatalog attachments;
    private final HazardPolicy hazardPolicy;
    private final int minInspectors;
    /** The sequence value each open transaction last took; weak, so a closed entity manager drops out. */
    private final Map<EntityManager, long[]> lastSeq = Collections.synchronizedMap(new WeakHashMap<>());
    /** Facts that never turn false (a file held, a user's proven upload) found by an open transaction; weak, as above. */
    private final Map<EntityManager, Set<String>> proven = Collections.synchronizedMap(new WeakHashMap<>());

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
        this.attachments = attachments;
        this.hazardPolicy = hazardPolicy;
        this.minInspectors = minInspectors;
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

    /**
     * Who writes, for the checks that depend on it beyond the scope.
     *
     * @param username the user (an attachment this user uploaded may be named before any record names it)
     * @param syncing  true for a device's push: a link to a record out of the user's sight is then
     *                 held as out_of_scope ("not yet": the device may have had it before its scope
     *                 narrowed or the record moved), where the REST API answers unknown_reference
     *                 exactly as for a record that does not exist
     */
    public record Writer(String username, boolean syncing) {
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
            throw new FieldsyncException(ErrorCode.DUPLICATE_ID, "/id", "a record with id " + id + " already exists");
        }
        return insertAbsent(em, scope, writer, type, id, document);
    }

    /** {@link #insert} for a caller that has just looked the id up in this transaction and found nothing. */
    public StoredRecord insertAbsent(EntityManager em, Scope scope, RecordType type, String id, JsonObject document) {
        return insertAbsent(em, scope, null, type, id, document);
    }

    /** {@link #insert} for a caller that has just looked the id up in this transaction and found nothing. */
    public StoredRecord insertAbsent(EntityManager em, Scope scope, Writer writer, RecordType type, String id, JsonObject document) {
        JsonObject body = withoutServerFields(document);
        RecordRules.applyDefaults(type, body);
        String text = body.toString();
        validate(type, text);
        RecordRules.checkNew(type, body, zone, today(), hazardPolicy, minInspectors, scope.everything());
        SealCheck.check(em, type, body);
        long now = clock.millis();
        RecordIndex index = index(em, scope, writer, type, id, body, Set.of());
        // after index(): the inspection named is then known to exist and to be in the writer's sight
        checkChecklistItem(em, type, body);
        checkPlace(scope, type, id, index);
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
    public StoredRecord update(EntityManager em, Scope scope, RecordType type, String id, JsonObject document, boolean deleted,
                               boolean checkLifecycle) {
        return update(em, scope, null, type, id, document, deleted, checkLifecycle);
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
        validate(type, text);
        if (checkLifecycle) {
            RecordRules.checkChange(type, before, after, zone, today(), hazardPolicy, minInspectors, scope.everything());
        } else {
            RecordRules.checkHistoryKept(type, before, after);
        }
        SealCheck.check(em, type, after);
        long now = clock.millis();
        // the files this record names already stay namable by whoever may change it
        RecordIndex index = index(em, scope, writer, type, id, after, new HashSet<>(AttachmentRefs.of(type, before).values()));
        checkChecklistItem(em, type, after);
        checkPlace(scope, type, id, index);
        long seq = nextSeq(em);
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

    /**
     * Changes after a position of the change sequence that the scope sees, in order: the latest
     * state of each record, and a removal where a record moved from where the scope saw it to
     * where it does not. Up to {@code limit} entries.
     *
     * <p>The records and the removals are two statements, and a transaction may commit between
     * them (each statement sees what is committed when it starts). Both are therefore read only
     * up to the change sequence's committed value, read first: transactions commit in sequence
     * order (see {@link #nextSeq}), so everything up to that value is committed and seen by both
     * statements, and nothing above it is seen by either. Without that bound a batch committing
     * in between — a hidden danger created in the reader's county at seq n, another moved out of
     * it at n+1 — gave the reader the removal at n+1 and a cursor past the record at n, which it
     * then never got.
     */
    public Feed changesAfter(EntityManager em, Scope scope, long since, int limit) {
        LocalDate today = today();
        long upTo = committedSeq(em);
        if (upTo <= since) {
            return new Feed(List.of(), since, false);
        }
        StringBuilder where = new StringBuilder("r.seq > :since AND r.seq <= :upTo");
        Map<String, Object> params = new HashMap<>();
        params.put("since", since);
        params.put("upTo", upTo);
        ScopeClause.append(scope, where, params);
        TypedQuery<RecordEntity> query = em.createQuery("SELECT r FROM RecordEntity r WHERE " + where + " ORDER BY r.seq",
                RecordEntity.class);
        params.forEach(query::setParameter);
        List<Change> records = query.setMaxResults(limit + 1).getResultList().stream()
                .map(r -> new Change(r.seq(), changeText(r, today), false)).toList();
        List<Change> exits = new ArrayList<>();
        long exitsRead = 0;
        long lastExit = since;
        if (!scope.everything()) {
            List<?> rows = em.createNativeQuery("SELECT seq, record_id, record_type, old_jurisdiction, old_unit_id, "
                            + "new_jurisdiction, new_unit_id FROM scope_exit WHERE seq > ?1 AND seq <= ?2 ORDER BY seq")
                    .setParameter(1, since).setParameter(2, upTo).setMaxResults(limit + 1).getResultList();
            exitsRead = rows.size();
            List<Object[]> leaving = new ArrayList<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                lastExit = ((Number) r[0]).longValue();
                String self = RecordType.UNIT.wireName().equals(r[2]) ? (String) r[1] : null;
                if (scope.sees((String) r[3], (String) r[4], self) && !scope.sees((String) r[5], (String) r[6], self)) {
                    leaving.add(r);
                }
            }
            // evidence of an assigned case stays in sight wherever it moves
            Set<String> kept = caseEvidence(em, scope, leaving.stream().map(r -> (String) r[1]).toList());
            for (Object[] r : leaving) {
                if (!kept.contains((String) r[1])) {
                    exits.add(new Change(((Number) r[0]).longValue(), "{\"id\":\"" + r[1] + "\",\"type\":\"" + r[2] + "\"}", true));
                }
            }
        }
        // each list is complete up to its last row read when it was cut short; merge below that bound
        long bound = Long.MAX_VALUE;
        if (records.size() > limit) {
            bound = records.get(limit).seq() - 1;
        }
        if (exitsRead > limit) {
            bound = Math.min(bound, lastExit - 1);
        }
        List<Change> merged = new ArrayList<>(records.size() + exits.size());
        merged.addAll(records);
        merged.addAll(exits);
        merged.sort(Comparator.comparingLong(Change::seq));
        final long cut = bound;
        List<Change> within = merged.stream().filter(c -> c.seq() <= cut).toList();
        boolean more = within.size() > limit || bound != Long.MAX_VALUE;
        List<Change> page = within.size() > limit ? within.subList(0, limit) : within;
        // read through to upTo: the next page starts there, past what this scope does not see
        long next = within.size() > limit ? page.getLast().seq()
                : bound != Long.MAX_VALUE ? Math.max(bound, since) : upTo;
        return new Feed(page, next, more);
    }

    /** The change sequence's committed value: every change up to it is committed. */
    private static long committedSeq(EntityManager em) {
        Object value = em.createNativeQuery("SELECT value FROM change_seq WHERE id = 1").getSingleResult();
        return ((Number) value).longValue();
    }

    /** A page of the change feed, with the position to continue from. */
    public record Feed(List<Change> changes, long nextCursor, boolean hasMore) {
    }

    /**
     * One entry of the change feed: its position and the record as JSON text, the same document
     * as {@link StoredRecord#toJson()} gives but written straight from the stored text (the feed
     * is the hot path of every device's pull, so the body is not parsed again); or, for a
     * removal, the record's id and type.
     */
    public record Change(long seq, String recordJson, boolean removal) {
    }

    /**
     * A unit that moved to another jurisdiction takes its records along: each is placed anew and
     * takes the next change number, so that the feed brings it to those who see it now and a
     * removal to those who saw it where it was (its version stays: its content did not change).
     */
    private void moveMembers(EntityManager em, String unitId, String jurisdiction) {
        for (RecordEntity member : em.createQuery("SELECT r FROM RecordEntity r WHERE r.unitId = :unit ORDER BY r.id", RecordEntity.class)
                .setParameter("unit", unitId).getResultList()) {
            if (Objects.equals(member.jurisdiction(), jurisdiction)) {
                continue;
            }
            long seq = nextSeq(em);
            recordExit(em, seq, member, new RecordIndex(member.unitId(), jurisdiction, null, null, null, null, null, null));
            member.moveTo(jurisdiction);
            member.sequence(seq);
        }
    }

    private static void recordExit(EntityManager em, long seq, RecordEntity entity, RecordIndex index) {
        em.createNativeQuery("INSERT INTO scope_exit (seq, record_id, record_type, old_jurisdiction, old_unit_id, "
                        + "new_jurisdiction, new_unit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, seq).setParameter(2, entity.id()).setParameter(3, entity.recordType())
                .setParameter(4, entity.jurisdiction()).setParameter(5, entity.unitId())
                .setParameter(6, index.jurisdiction()).setParameter(7, index.unitId()).executeUpdate();
    }

    private String changeText(RecordEntity r, LocalDate today) {
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
            boolean overdue = RecordRules.overdue(r.deadline(), r.status(), today);
            json.append(",\"overdue\":").append(overdue);
            String escalation = RecordRules.escalation(r.listedLevel(), overdue, hazardPolicy.escalationSteps());
            if (escalation != null) {
                json.append(",\"escalateTo\":\"").append(escalation).append('"');
            }
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
        Boolean overdue = RecordRules.overdue(type, body, today());
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                overdue, escalateTo(type, body, overdue), SealCheck.SEALABLE.contains(type) && body.has("seal") ? Boolean.TRUE : null,
                entity.seq());
    }

    /** A record as read back: its seal checked again, against what is stored now. */
    StoredRecord read(EntityManager em, RecordEntity entity) {
        StoredRecord stored = toStored(entity);
        Boolean verified = SealCheck.verified(em, stored.type(), stored.body());
        return verified == null ? stored : new StoredRecord(stored.type(), stored.id(), stored.version(), stored.deleted(),
                stored.createdAt(), stored.updatedAt(), stored.body(), stored.overdue(), stored.escalateTo(), verified, stored.seq());
    }

    StoredRecord toStored(RecordEntity entity) {
        RecordType type = RecordType.fromWireName(entity.recordType()).orElseThrow();
        JsonObject body = RecordJson.parseStored(entity.body());
        Boolean overdue = RecordRules.overdue(type, body, today());
        return new StoredRecord(type, entity.id(), entity.version(), entity.deleted(),
                Instant.ofEpochMilli(entity.createdAt()), Instant.ofEpochMilli(entity.updatedAt()), body,
                overdue, escalateTo(type, body, overdue), null, entity.seq());
    }

    private String escalateTo(RecordType type, JsonObject body, Boolean overdue) {
        return type != RecordType.HAZARD || overdue == null ? null
                : RecordRules.escalation(RecordRules.listedLevel(body), overdue, hazardPolicy.escalationSteps());
    }

    /**
     * A hazard that names the checklist item it was found under: the item is a FAIL of that
     * inspection, and a FAIL of an item marked forcesMajor yields a MAJOR danger only.
     */
    private static void checkChecklistItem(EntityManager em, RecordType type, JsonObject body) {
        String code = type == RecordType.HAZARD ? text(body, "checklistItemCode") : null;
        if (code == null) {
            return;
        }
        String inspectionId = text(body, "inspectionId");
        if (inspectionId == null) {
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/checklistItemCode", "checklistItemCode names an item of the inspection in inspectionId; give inspectionId");
        }
        JsonObject inspection = RecordJson.parseStored(em.find(RecordEntity.class, inspectionId).body());
        JsonObject item = null;
        if (inspection.has("checklist")) {
            for (var element : inspection.getAsJsonArray("checklist")) {
                if (code.equals(text(element.getAsJsonObject(), "itemCode"))) {
                    item = element.getAsJsonObject();
                }
            }
        }
        if (item == null) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/checklistItemCode", "the inspection " + inspectionId + " has no checklist item " + code);
        }
        boolean forcesMajor = item.has("forcesMajor") && item.get("forcesMajor").getAsBoolean();
        HazardRules.checkChecklistItem(HazardGrade.valueOf(text(body, "grade")),
                code, text(item, "result"), forcesMajor).ifPresent(r -> {
                    throw new FieldsyncException(RecordRules.codeOf(r.reason()), "/" + r.field(), r.message());
                });
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * The next number of the change sequence. The UPDATE takes the row's lock and keeps it to the
     * end of the transaction (so transactions commit in sequence order), which is why it comes
     * after every check of a write. The value is read once per transaction; later writes of the
     * same transaction (a pushed batch) only move it on.
     *
     * <p>Lock order (one for every writing transaction, so two can never wait on each other —
     * PostgreSQL's "deadlock detected … UPDATE change_seq" under mixed batches): the audit
     * chain's head first, then the change sequence. Every accepted change is audited, so the
     * first write of a transaction takes the audit head here before the sequence; a refusal, which
     * writes only its audit entry, takes the head alone.
     */
    private long nextSeq(EntityManager em) {
        // plain JDBC on the transaction's connection: a native JPA query per write costs more than the write
        Connection connection = em.unwrap(Connection.class);
        long[] last = lastSeq.get(em);
        if (last == null) {
            try (PreparedStatement head = connection.prepareStatement("UPDATE audit_head SET seq = seq WHERE id = 1")) {
                head.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("the audit head could not be locked: " + e.getMessage(), e);
            }
        }
        try {
            cn.fieldsync.server.persistence.Statements.prepared(em, "UPDATE change_seq SET value = value + 1 WHERE id = 1").executeUpdate();
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

    /**
     * Checks the record's links and attachments and works out where it lies. A link must name a
     * live record of the right type that the writer sees: one in another county is answered
     * exactly as one that does not exist (unknown_reference, same message), except in a device's
     * push (see {@link Writer#syncing}). An attachment must be held and within the writer's reach
     * ({@link #mayUseAttachment}); one that is not is answered exactly as one never uploaded.
     */
    private RecordIndex index(EntityManager em, Scope scope, Writer writer, RecordType type, String id, JsonObject body,
                              Set<String> namedBefore) {
        for (RecordReferences.Reference ref : RecordReferences.of(type, body)) {
            if (ref.type() == type && ref.id().equals(id)) {
                continue;
            }
            RecordEntity target = Uuids.isCanonical(ref.id()) ? em.find(RecordEntity.class, ref.id()) : null;
            boolean live = target != null && !target.deleted() && target.recordType().equals(ref.type().wireName());
            if (live && !scope.everything() && !sees(em, scope, target)) {
                if (writer != null && writer.syncing()) {
                    throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, ref.field(), "the " + type.wireName() + " links to a "
                            + ref.type().wireName() + " outside your jurisdictions and units; it was not applied");
                }
                live = false;
            }
            if (!live) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, ref.field(),
                        "no " + ref.type().wireName() + " with id " + ref.id());
            }
        }
        AttachmentRefs.of(type, body).forEach((pointer, sha256) -> {
            if (!held(em, sha256)
                    || !(namedBefore.contains(sha256) || mayUseAttachment(em, scope, writer == null ? null : writer.username(), sha256))) {
                throw new FieldsyncException(ErrorCode.ATTACHMENT_MISSING, pointer,
                        "the server does not hold attachment " + sha256 + "; upload it (PUT /api/attachments/" + sha256
                                + ") and send the record again");
            }
        });
        String[] place = place(em, type, id, body);
        return new RecordIndex(place[1], place[0], text(body, "status"),
                text(body, "grade"), eventAt(type, body), text(body, "deadline"),
                type == RecordType.HAZARD ? RecordRules.listedLevel(body) : null,
                type == RecordType.EVIDENCE_LINK ? text(body, "caseId") : null);
    }

    /**
     * Where a record belongs, for lists and for who may see it: {jurisdiction, unit id}. A unit
     * is its own place (with no unit id); an attachment is where the record it belongs to is.
     */
    private static String[] place(EntityManager em, RecordType type, String id, JsonObject body) {
        if (type == RecordType.UNIT) {
            return new String[] {text(body, "jurisdictionCode"), null};
        }
        if (type == RecordType.ATTACHMENT) {
            String owner = text(body, "recordId");
            RecordEntity record = owner == null || !Uuids.isCanonical(owner) ? null : em.find(RecordEntity.class, owner);
            if (record == null) {
                return new String[] {null, null};
            }
            return new String[] {record.jurisdiction(),
                    RecordType.UNIT.wireName().equals(record.recordType()) ? record.id() : record.unitId()};
        }
        String unitId = RecordReferences.primaryUnit(type, id, body);
        RecordEntity unit = unitId == null || !Uuids.isCanonical(unitId) ? null : em.find(RecordEntity.class, unitId);
        return new String[] {unit == null ? null : unit.jurisdiction(), unitId};
    }

    /**
     * Refuses (out_of_scope) a record the writer may not place where it goes: outside the
     * writer's jurisdictions and units. Checked after the record's own checks (so that a
     * malformed record is told what is wrong with it) and before anything is written.
     */
    private static void checkPlace(Scope scope, RecordType type, String id, RecordIndex index) {
        if (!(index.caseId() != null && scope.cases().contains(index.caseId())) && !scope.sees(index.jurisdiction(), index.unitId(), type == RecordType.UNIT ? id : null)) {
            // the message names no place: where a record lies is itself what another county's record must not tell
            throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, null, "this " + type.wireName()
                    + " would lie outside your jurisdictions and units");
        }
    }

    /** Whether the caller may see a stored record (a record out of sight is answered as not found). */
    public boolean sees(EntityManager em, Scope scope, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        return entity != null && (sees(scope, entity) || !caseEvidence(em, scope, List.of(id)).isEmpty());
    }

    private static boolean sees(EntityManager em, Scope scope, RecordEntity entity) {
        return sees(scope, entity) || !caseEvidence(em, scope, List.of(entity.id())).isEmpty();
    }

    /**
     * Whether the scope sees a record that names this attachment in an attachment field (a photo,
     * a signature image, checklist evidence, an attachment record's content: {@link AttachmentRefs}).
     * The same hash written into free text (a description) names nothing. Administrators see all.
     * The LIKE only narrows the rows to parse; the hash is hex, so it needs no escaping.
     */
    public boolean seesAttachment(EntityManager em, Scope scope, String sha256) {
        if (scope.everything()) {
            return true;
        }
        StringBuilder where = new StringBuilder("r.body LIKE :hash");
        Map<String, Object> params = new HashMap<>();
        params.put("hash", "%" + sha256 + "%");
        ScopeClause.append(scope, where, params);
        TypedQuery<RecordEntity> query = em.createQuery("SELECT r FROM RecordEntity r WHERE " + where, RecordEntity.class);
        params.forEach(query::setParameter);
        for (RecordEntity r : query.getResultList()) {
            RecordType type = RecordType.fromWireName(r.recordType()).orElse(null);
            if (type != null && AttachmentRefs.of(type, RecordJson.parseStored(r.body())).containsValue(sha256)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a user may name, resume or ask about an attachment: it is in sight through a record
     * ({@link #seesAttachment}), or the user's own upload of these bytes completed and hashed
     * right ({@link #noteHolder}): they proved to hold the content.
     */
    public boolean mayUseAttachment(EntityManager em, Scope scope, String username, String sha256) {
        if (scope.everything()) {
            return true;
        }
        if (username != null && provenHolder(em, username, sha256)) {
            return true;
        }
        return seesAttachment(em, scope, sha256);
    }

    /**
     * Whether the server holds the file, remembered for the rest of the transaction once it does
     * (a completed file is never removed): a pushed batch names the same photos over and over.
     */
    private boolean held(EntityManager em, String sha256) {
        Set<String> known = memo(em);
        if (known.contains(sha256)) {
            return true;
        }
        boolean held = attachments.holds(sha256);
        if (held) {
            known.add(sha256);
        }
        return held;
    }

    /**
     * Whether this user's own upload of the content completed ({@link #noteHolder}), remembered
     * for the rest of the transaction once it has (the rows are never removed). Only what can
     * never turn false is remembered; sight through a record is asked again every time.
     */
    private boolean provenHolder(EntityManager em, String username, String sha256) {
        Set<String> known = memo(em);
        String key = username + "\n" + sha256;
        if (known.contains(key)) {
            return true;
        }
        if (em.createNativeQuery("SELECT 1 FROM attachment_holder WHERE sha256 = ?1 AND user_name = ?2")
                .setParameter(1, sha256).setParameter(2, username).setMaxResults(1).getResultList().isEmpty()) {
            return false;
        }
        known.add(key);
        return true;
    }

    private Set<String> memo(EntityManager em) {
        return proven.computeIfAbsent(em, k -> new java.util.HashSet<>());
    }

    /** Remembers that this user's own upload of the content completed and hashed right. */
    public void noteHolder(EntityManager em, String username, String sha256) {
        em.createNativeQuery("INSERT INTO attachment_holder (sha256, user_name, held_at) SELECT ?1, ?2, ?3 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM attachment_holder WHERE sha256 = ?4 AND user_name = ?5)")
                .setParameter(1, sha256).setParameter(2, username).setParameter(3, clock.millis())
                .setParameter(4, sha256).setParameter(5, username).executeUpdate();
    }

    /**
     * Which of these records are confirmed evidence of a case the scope is assigned, and lie
     * within that case's reach (CaseReach: its own jurisdiction and what an administrator granted).
     */
    private static Set<String> caseEvidence(EntityManager em, Scope scope, List<String> ids) {
        if (scope.cases().isEmpty() || ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("SELECT l.evidenceId FROM LinkEntity l, CaseReachEntity g, RecordEntity e "
                        + "WHERE l.caseId IN :cases AND l.state = 'CONFIRMED' AND l.evidenceId IN :ids AND g.caseId = l.caseId "
                        + "AND e.id = l.evidenceId AND e.jurisdiction = g.jurisdiction", String.class)
                .setParameter("cases", scope.cases()).setParameter("ids", ids).getResultList());
    }

    /**
     * Gives a record the next change number without a new version: the feed brings it again, to
     * those who may see it now (a link confirmed it as evidence of their case).
     */
    public void touch(EntityManager em, String id) {
        RecordEntity entity = Uuids.isCanonical(id) ? em.find(RecordEntity.class, id) : null;
        if (entity != null) {
            entity.sequence(nextSeq(em));
        }
    }

    static boolean sees(Scope scope, RecordEntity entity) {
        return scope.sees(entity.jurisdiction(), entity.unitId(), entity.id())
                || (entity.caseId() != null && scope.cases().contains(entity.caseId()));
    }

    private Long eventAt(RecordType type, JsonObject body) {
        String when = switch (type) {
            case INSPECTION -> text(body, "startedAt");
            case HAZARD -> text(body, "foundAt");
            case ATTACHMENT -> text(body, "capturedAt");
            case PLEDGE -> text(body.getAsJsonObject("period"), "from");
            case UNIT, PERSON, EVIDENCE_LINK -> null;
        };
        if (when == null) {
            return null;
        }
        return when.length() == 10 ? LocalDate.parse(when).atStartOfDay(zone).toInstant().toEpochMilli()
                : OffsetDateTime.parse(when).toInstant().toEpochMilli();
    }
}
