package cn.fieldsync.server.document;

import cn.fieldsync.domain.hazard.HazardLifecycle;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.document.dto.DocumentDtos;
import cn.fieldsync.server.dto.DtoJson;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Numbering;
import cn.fieldsync.server.record.Page;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issues the printable documents (文书) as PDF: reads what the document prints with the caller's
 * sight (a record or case out of scope is answered as not found, like its own endpoint), takes
 * the document's number ({@link Numbering}, counter {@code doc:<KIND>}, within the issuing year in
 * the configured zone) first in its transaction, renders the PDF with that number, keeps the PDF
 * among the attachments by its SHA-256, stores the issue (table {@code issued_document}) and logs
 * {@code DOCUMENT_ISSUED} with the number and the hash in the audit chain — all in one transaction,
 * so a number is never given without its document and entry.
 *
 * <p>Printing the same thing again answers the document already issued (the same number and the
 * same bytes, so the same SHA-256) instead of numbering it again. "The same" is the kind and its
 * {@code source_key}: a record's id and version (现场检查记录, 指令书, 复查意见书: a new version of the
 * record is a new document); a case's id and the SHA-256 of its whole view as printed (any new
 * party, finding, link decision, step or deadline makes a new 案卷); a ledger's caller scope, filter
 * and the id, version and overdue state of every row.
 *
 * <p>Thread-safe; concurrent issues of one kind wait for each other on the counter row.
 */
public final class DocumentService {

    private final Database database;
    private final RecordService records;
    private final CaseService cases;
    private final AttachmentStore attachments;
    private final DocumentSettings settings;
    private final DocumentRenderer renderer;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;

    public DocumentService(Database database, RecordService records, CaseService cases, AttachmentStore attachments,
                           DocumentSettings settings, Clock clock, ZoneId zone) {
        this.database = database;
        this.records = records;
        this.cases = cases;
        this.attachments = attachments;
        this.settings = settings;
        this.renderer = new DocumentRenderer(settings, zone);
        this.audit = new AuditLog(clock);
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * An issued document and its PDF.
     *
     * @param reissued true when the same document had been issued before and is answered again
     */
    public record Issued(DocumentDtos.Meta meta, byte[] pdf, boolean reissued) {
        public String number() {
            return meta.number();
        }

        public String sha256() {
            return meta.sha256();
        }

        public String id() {
            return meta.id();
        }
    }

    /**
     * Issues (or answers again) a document.
     *
     * @param request {@code {"kind", "recordId"}} for INSPECTION_RECORD (an inspection), RECTIFICATION_ORDER and
     *                REINSPECTION_OPINION (a hazard); {@code {"kind":"CASE_FILE","caseId"}};
     *                {@code {"kind":"HAZARD_LEDGER"}} with {@code filter}, the ledger export's filters already checked
     * @throws FieldsyncException not_found (out of sight or absent), forbidden (a case file for an inspector),
     *     document_not_applicable (a 复查意见书 with no re-inspection; a new 指令书 for a danger already rectified
     *     or past its deadline), document_font_missing
     */
    public Issued issue(Caller caller, DocumentKind kind, String subjectId, RecordFilter filter) {
        Source source = source(caller, kind, subjectId, filter);
        Optional<Issued> earlier = find("kind = ? AND source_key = ?", kind.name(), source.key());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        stillApplies(kind, source.json());
        DocumentSettings.Issuer issuer = issuer(kind, source.county());
        Names names = names(source.json());
        Map<String, String> evidence = kind == DocumentKind.CASE_FILE ? evidence(caller, source.json()) : Map.of();
        Optional<String> order = kind == DocumentKind.REINSPECTION_OPINION
                ? find("kind = ? AND subject_id = ? ORDER BY issued_at DESC", DocumentKind.RECTIFICATION_ORDER.name(), subjectId).map(Issued::number)
                : Optional.empty();
        try {
            return database.inTransaction(em -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                ZonedDateTime issuedAt = now.atZone(zone);
                int year = issuedAt.getYear();
                // the number first: lock order counter, audit head (see Numbering)
                Numbering.Numbered numbered = Numbering.nextUnused(em, kind.counter(issuer.county()), year,
                        value -> issuer.number(year, value), text -> numberTaken(em, kind, text));
                int seq = numbered.seq();
                String number = numbered.text();
                DocumentRenderer.Heading heading = new DocumentRenderer.Heading(kind, number, issuedAt, issuer.authority());
                byte[] pdf = switch (kind) {
                    case INSPECTION_RECORD -> renderer.inspectionRecord(heading, source.json(), names);
                    case RECTIFICATION_ORDER -> renderer.rectificationOrder(heading, source.json(), names);
                    case REINSPECTION_OPINION -> renderer.reinspectionOpinion(heading, source.json(), order, names);
                    case HAZARD_LEDGER -> renderer.hazardLedger(heading, source.scopeText(), items(source.json()), names);
                    case CASE_FILE -> renderer.caseFile(heading, source.json(), evidence, names);
                };
                String sha256 = sha256(pdf);
                attachments.append(sha256, 0, pdf.length, new ByteArrayInputStream(pdf));
                DocumentDtos.Meta meta = new DocumentDtos.Meta(Uuids.v7(), kind.name(), Labels.name("documentKinds", kind.name()),
                        number, year, seq, kind.subject().name(), source.id(), source.version(), sha256, pdf.length,
                        caller.username(), now.toString());
                insert(em, meta, issuer.county(), source.key(), now);
                JsonObject detail = new JsonObject();
                detail.addProperty("documentId", meta.id());
                detail.addProperty("kind", kind.name());
                detail.addProperty("number", number);
                detail.addProperty("sha256", sha256);
                detail.addProperty("source", source.key());
                audit.append(em, caller.username(), "DOCUMENT_ISSUED", source.id(), detail);
                return new Issued(meta, pdf, false);
            });
        } catch (RuntimeException e) {
            if (RecordService.isUniqueViolation(e)) {
                // the same document issued at the same moment by someone else: theirs is the one
                return find("kind = ? AND source_key = ?", kind.name(), source.key()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** An issued document the caller may see (the subject in sight; a ledger: its issuer or an administrator). */
    public Issued get(Caller caller, String id) {
        Optional<Issued> issued = Uuids.isCanonical(id) ? find("id = ?", id) : Optional.empty();
        if (issued.isEmpty() || !sees(caller, issued.get().meta())) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("documentNotFound", id));
        }
        return issued.get();
    }

    /**
     * The documents issued, newest first, that the caller may see.
     *
     * @param kind    null for every kind
     * @param subject a record or case id, or null
     */
    public DocumentDtos.DocumentList list(Caller caller, DocumentKind kind, String subject, int limit) {
        List<DocumentDtos.Meta> rows = database.withConnection(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM issued_document WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (kind != null) {
                sql.append(" AND kind = ?");
                args.add(kind.name());
            }
            if (subject != null) {
                sql.append(" AND subject_id = ?");
                args.add(subject);
            }
            sql.append(" ORDER BY issued_at DESC, id DESC");
            try (PreparedStatement q = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    q.setObject(i + 1, args.get(i));
                }
                List<DocumentDtos.Meta> list = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        list.add(meta(rs));
                    }
                }
                return list;
            }
        });
        List<DocumentDtos.Meta> items = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (DocumentDtos.Meta row : rows) {
            String key = row.subjectId() != null ? row.subjectId() : row.id();
            if (seen.computeIfAbsent(key, k -> sees(caller, row))) {
                items.add(row);
                if (items.size() >= limit) {
                    break;
                }
            }
        }
        return new DocumentDtos.DocumentList(items);
    }

    // ---- what is printed ------------------------------------------------------------------------

    /**
     * @param key     what makes two prints "the same" (see the class comment)
     * @param scopeText for a ledger, its scope and filters in words
     */
    private record Source(String id, Integer version, String key, JsonObject json, String scopeText, String county) {
    }

    /**
     * Who issues a kind of document about a county ({@link DocumentSettings#issuer}); on a server of
     * several counties, a county without its own authority and number pattern is refused: a 文书 under
     * another county's authority, or numbered in its sequence, would be a false document.
     */
    private DocumentSettings.Issuer issuer(DocumentKind kind, String county) {
        return settings.issuer(kind, county).orElseThrow(() -> county == null
                ? new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/filter/jurisdiction", Labels.say("documentCountyUnknown"))
                : new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, null,
                        Labels.say("documentIssuerMissing", county, String.join("、", settings.missing(kind, county)))));
    }

    /** The county (six-digit division code) of a record: its unit's; null when the unit is gone. */
    private String countyOf(JsonObject record) {
        String unitId = DocumentRenderer.text(record, "unitId");
        if (unitId.isEmpty()) {
            return null;
        }
        try {
            return DocumentRenderer.text(records.get(Caller.SYSTEM, RecordType.UNIT, unitId).body(), "jurisdictionCode");
        } catch (FieldsyncException e) {
            return null;
        }
    }

    /** A ledger's county: the filter's when it names one county, else the caller's only one; null for several. */
    private static String countyOf(Caller caller, RecordFilter filter) {
        String prefix = filter.jurisdictionPrefix();
        if (prefix != null) {
            return prefix.length() == 6 ? prefix : null;
        }
        Set<String> own = caller.scope().everything() ? Set.of() : Set.copyOf(caller.scope().jurisdictions());
        return own.size() == 1 && own.iterator().next().length() == 6 ? own.iterator().next() : null;
    }

    private Source source(Caller caller, DocumentKind kind, String subjectId, RecordFilter filter) {
        switch (kind.subject()) {
            case INSPECTION, HAZARD -> {
                RecordType type = kind.subject() == DocumentKind.Subject.INSPECTION ? RecordType.INSPECTION : RecordType.HAZARD;
                StoredRecord record = records.get(caller, type, subjectId);
                if (record.deleted()) {
                    throw RecordStore.notFound("/recordId", type, subjectId);
                }
                JsonObject json = record.toJson();
                if (kind == DocumentKind.INSPECTION_RECORD && !"SEALED".equals(DocumentRenderer.text(json, "status"))) {
                    // the record is the signed one (安全生产法 art 68): a draft may still change
                    throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/recordId",
                            "检查记录尚未签字封存，不能出具现场检查记录");
                }
                if (kind == DocumentKind.RECTIFICATION_ORDER && DocumentRenderer.text(json, "deadline").isEmpty()) {
                    // a 限期 order names its 期限 (安全生产法 arts 65, 102): "于规定期限前整改完毕" cannot be enforced
                    throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/recordId", Labels.say("orderNeedsDeadline"));
                }
                if (kind == DocumentKind.REINSPECTION_OPINION && !DocumentRenderer.reinspected(json)) {
                    throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/recordId",
                            "该隐患尚无复查记录（复查、验收或销号审查），不能出具整改复查意见书");
                }
                return new Source(record.id(), record.version(), type.wireName() + ":" + record.id() + "@v" + record.version(), json, null,
                        countyOf(json));
            }
            case CASE -> {
                if (!caller.is(Role.REVIEWER) && !caller.is(Role.ADMIN)) {
                    throw new FieldsyncException(ErrorCode.FORBIDDEN, null,
                            Labels.say("caseFileReviewersOnly", Labels.name("roles", caller.role().name())));
                }
                // printed (and hashed) exactly as GET /api/cases/{id} answers it
                JsonObject json = DtoJson.tree(cases.get(caller, subjectId)).getAsJsonObject();
                return new Source(subjectId, null, "case:" + subjectId + "@" + CanonicalJson.sha256(json), json, null,
                        DocumentRenderer.text(json, "jurisdiction"));
            }
            default -> {
                String unitCounty = null;
                if (filter.unitId() != null) {
                    // the unit is read with the caller's sight: one outside it is answered as absent, and its
                    // name is never printed (the ledger's scope line names the unit)
                    unitCounty = DocumentRenderer.text(records.get(caller, RecordType.UNIT, filter.unitId()).body(), "jurisdictionCode");
                    if (filter.jurisdictionPrefix() != null && !unitCounty.startsWith(filter.jurisdictionPrefix())) {
                        // a ledger "of 370686, unit X of 370612" lists nothing and would name X under 370686's
                        // authority and number (a tester's finding): refused, no number taken
                        throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/filter/unit",
                                Labels.say("ledgerUnitOutsideJurisdiction", filter.jurisdictionPrefix()));
                    }
                }
                JsonArray hazards = new JsonArray();
                JsonArray fingerprint = new JsonArray();
                String cursor = null;
                do {
                    Page<StoredRecord> page = records.list(caller, RecordType.HAZARD, filter, cursor, 500);
                    for (StoredRecord h : page.items()) {
                        hazards.add(h.toJson());
                        fingerprint.add(h.id() + "@v" + h.version() + (Boolean.TRUE.equals(h.overdue()) ? "!" : ""));
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                if (hazards.isEmpty() && filter.jurisdictionPrefix() != null && !within(caller, filter.jurisdictionPrefix())) {
                    // a numbered 文书 saying "合计：0项" of a county the caller does not see would read as that
                    // county's ledger; it is refused, and no number is taken
                    throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, "/filter/jurisdiction",
                            Labels.say("ledgerOutOfScope", filter.jurisdictionPrefix()));
                }
                JsonObject json = new JsonObject();
                json.add("items", hazards);
                JsonObject print = new JsonObject();
                print.addProperty("filter", String.valueOf(filter));
                print.add("rows", fingerprint);
                // a ledger is the issuing user's document: the same rows printed again by the same user keep
                // its number; another user (even with the same scope) prints, and may re-open, their own
                String key = "ledger:" + caller.username() + ":" + caller.scope().key() + "@" + CanonicalJson.sha256(print);
                return new Source(null, null, key, json, ledgerScope(caller, filter), unitCounty != null ? unitCounty : countyOf(caller, filter));
            }
        }
    }

    /**
     * A new 责令限期整改指令书 orders a danger still to be rectified to be so by a day still ahead
     * (安全生产法 art 65(三): 责令限期排除; art 102: 责令立即消除或者限期消除). An order dated today for a
     * danger already rectified, verified or closed out (销号), or with a deadline already past, would
     * order what cannot be ordered: it is refused and no number is taken. An order issued earlier for
     * the same version of the record is answered again before this check (see {@link #issue}), so
     * what was issued stays retrievable; after a deadline an 延期 (extension) or art 102's 拒不执行
     * path applies, not a new order.
     *
     * @throws FieldsyncException document_not_applicable
     */
    private void stillApplies(DocumentKind kind, JsonObject json) {
        if (kind != DocumentKind.RECTIFICATION_ORDER) {
            return;
        }
        String stored = DocumentRenderer.text(json, "status");
        // absent on create means REGISTERED (hazard.schema.json)
        HazardStatus status = stored.isEmpty() ? HazardStatus.REGISTERED : HazardStatus.valueOf(stored);
        if (HazardLifecycle.isRectified(status)) {
            throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/recordId",
                    Labels.say("orderAfterRectification", Labels.name("hazardStatus", status.name())));
        }
        LocalDate deadline = LocalDate.parse(DocumentRenderer.text(json, "deadline"));
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (deadline.isBefore(today)) {
            throw new FieldsyncException(ErrorCode.DOCUMENT_NOT_APPLICABLE, "/recordId",
                    Labels.say("orderPastDeadline", ChineseText.date(deadline), ChineseText.date(today)));
        }
    }

    /**
     * Whether a division-code prefix lies within the caller's jurisdictions: a 370614 reviewer's ledger
     * "of 3706" or "of 37" would print a city's or a province's total as what only their county holds.
     */
    private static boolean within(Caller caller, String prefix) {
        return caller.scope().everything() || caller.scope().jurisdictions().stream().anyMatch(prefix::startsWith);
    }

    private String ledgerScope(Caller caller, RecordFilter f) {
        List<String> parts = new ArrayList<>();
        if (f.jurisdictionPrefix() != null) {
            parts.add("行政区划 " + f.jurisdictionPrefix());
        } else if (!caller.scope().everything()) {
            parts.add("管辖范围内（行政区划 " + String.join("、", caller.scope().jurisdictions()) + "）");
        } else {
            parts.add("全部");
        }
        if (f.unitId() != null) {
            parts.add("单位 " + names(unitJson(f.unitId())).unitName(f.unitId()));
        }
        if (f.grade() != null) {
            parts.add(Labels.name("hazardGrades", f.grade()));
        }
        if (f.status() != null) {
            parts.add("状态 " + Labels.name("hazardStatus", f.status()));
        }
        if (Boolean.TRUE.equals(f.overdue())) {
            parts.add("逾期未整改");
        }
        if (Boolean.TRUE.equals(f.listed())) {
            parts.add("挂牌督办");
        }
        if (f.from() != null || f.to() != null) {
            parts.add("发现时间 " + (f.from() == null ? "" : ChineseText.dateTime(f.from().atZone(zone))) + " 至 "
                    + (f.to() == null ? "" : ChineseText.dateTime(f.to().atZone(zone))));
        }
        return String.join("；", parts);
    }

    private static JsonObject unitJson(String unitId) {
        JsonObject o = new JsonObject();
        o.addProperty("unitId", unitId);
        return o;
    }

    private static List<JsonObject> items(JsonObject ledger) {
        return DocumentRenderer.objects(ledger, "items");
    }

    /** Names of every unit and person the printed JSON refers to, read before the numbering transaction. */
    private Names names(JsonObject json) {
        Set<String> units = new TreeSet<>();
        Set<String> persons = new TreeSet<>();
        collect(json, units, persons);
        Map<String, String> unitNames = new HashMap<>();
        Map<String, String> personNames = new HashMap<>();
        units.forEach(id -> unitNames.put(id, nameOf(RecordType.UNIT, id)));
        persons.forEach(id -> personNames.put(id, nameOf(RecordType.PERSON, id)));
        return new Names(unitNames, personNames, attachments);
    }

    private static void collect(JsonElement e, Set<String> units, Set<String> persons) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
                String name = f.getKey();
                JsonElement v = f.getValue();
                if (v.isJsonPrimitive() && Uuids.isCanonical(v.getAsString())) {
                    if (name.endsWith("UnitId") || name.equals("unitId")) {
                        units.add(v.getAsString());
                    } else if (name.equals("personId")) {
                        persons.add(v.getAsString());
                    }
                } else if (name.equals("personIds") && v.isJsonArray()) {
                    v.getAsJsonArray().forEach(p -> persons.add(p.getAsString()));
                } else {
                    collect(v, units, persons);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(item -> collect(item, units, persons));
        }
    }

    /**
     * A name only, read by the server: the document's subject was already read with the caller's
     * sight, and what it names (its unit, a case's parties within the case's reach) is printed by name.
     */
    private String nameOf(RecordType type, String id) {
        try {
            return DocumentRenderer.text(records.get(Caller.SYSTEM, type, id).body(), "name");
        } catch (FieldsyncException e) {
            return "（" + Labels.name("recordTypes", type.wireName()) + "已不存在）";
        }
    }

    /** One line for each confirmed evidence record of a case, as the 案卷 lists it, read with the caller's sight. */
    private Map<String, String> evidence(Caller caller, JsonObject caseJson) {
        Map<String, String> lines = new LinkedHashMap<>();
        JsonObject tracks = DocumentRenderer.object(caseJson, "tracks");
        for (String track : CaseService.TRACKS) {
            for (JsonObject link : DocumentRenderer.objects(DocumentRenderer.object(tracks, track), "links")) {
                if ("CONFIRMED".equals(DocumentRenderer.text(link, "state"))) {
                    String id = DocumentRenderer.text(link, "evidenceId");
                    lines.computeIfAbsent(id, k -> describe(caller, DocumentRenderer.text(link, "evidenceType"), k));
                }
            }
        }
        return lines;
    }

    /**
     * An evidence record in one line, as the caller may see it: evidence of another county whose reach
     * was taken back from the case is named by its kind only — its content as it is now (edited after
     * the revocation, perhaps) is not the caller's to print (found by a tester).
     */
    private String describe(Caller caller, String wireType, String id) {
        Optional<RecordType> type = RecordType.fromWireName(wireType);
        if (type.isEmpty()) {
            return Labels.name("recordTypes", wireType);
        }
        JsonObject r;
        try {
            r = records.get(caller, type.get(), id).body();
        } catch (FieldsyncException e) {
            boolean exists;
            try {
                exists = !records.get(Caller.SYSTEM, type.get(), id).deleted();
            } catch (FieldsyncException gone) {
                exists = false;
            }
            return Labels.name("recordTypes", wireType) + (exists ? "（不在您的查看范围内，内容未列出）" : "（已不存在）");
        }
        String unit = r.has("unitId") ? nameOf(RecordType.UNIT, DocumentRenderer.text(r, "unitId")) : "";
        return switch (type.get()) {
            case INSPECTION -> "现场检查记录：" + unit + "，" + ChineseText.day(DocumentRenderer.text(r, "startedAt"), zone);
            case HAZARD -> Labels.name("hazardGrades", DocumentRenderer.text(r, "grade")) + "：" + DocumentRenderer.text(r, "description")
                    + "（" + unit + "，整改期限" + ChineseText.day(DocumentRenderer.text(r, "deadline"), zone) + "）";
            case PLEDGE -> Labels.name("pledgeKinds", DocumentRenderer.text(r, "kind")) + "：" + DocumentRenderer.text(DocumentRenderer.object(r, "signer"), "name")
                    + "，" + ChineseText.day(DocumentRenderer.text(r, "signedAt"), zone) + "签订";
            default -> Labels.name("recordTypes", wireType);
        };
    }

    /** Names read beforehand; attachment bytes from the store (files, no database). */
    private record Names(Map<String, String> units, Map<String, String> persons, AttachmentStore store) implements DocumentRenderer.Sources {
        @Override
        public String unitName(String unitId) {
            return unitId == null || unitId.isEmpty() ? "" : units.getOrDefault(unitId, "（单位不详）");
        }

        @Override
        public String personName(String personId) {
            return persons.getOrDefault(personId, "（人员不详）");
        }

        @Override
        public Optional<byte[]> attachment(String sha256) {
            Optional<InputStream> in = store.open(sha256);
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream stream = in.get()) {
                return Optional.of(stream.readNBytes(20 * 1024 * 1024));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    // ---- the table ------------------------------------------------------------------------------

    private static final String COLUMNS = "id, kind, year, seq, number, subject_type, subject_id, subject_version, sha256, size_bytes, issued_by, issued_at";

    /** Whether a number (its text) was given already to a document of the kind, in any county's sequence. */
    private static boolean numberTaken(EntityManager em, DocumentKind kind, String number) {
        Connection c = em.unwrap(Connection.class);
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM issued_document WHERE kind = ? AND number = ?")) {
            q.setString(1, kind.name());
            q.setString(2, number);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new jakarta.persistence.PersistenceException("the issued documents could not be read: " + e.getMessage(), e);
        }
    }

    private static void insert(EntityManager em, DocumentDtos.Meta meta, String county, String sourceKey, Instant at) {
        Connection c = em.unwrap(Connection.class);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO issued_document (id, kind, year, seq, number, subject_type,"
                + " subject_id, subject_version, source_key, sha256, size_bytes, issued_by, issued_at, issuer_county)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, meta.id());
            insert.setString(2, meta.kind());
            insert.setInt(3, meta.year());
            insert.setInt(4, meta.seq());
            insert.setString(5, meta.number());
            insert.setString(6, meta.subjectType());
            insert.setString(7, meta.subjectId());
            insert.setObject(8, meta.subjectVersion(), java.sql.Types.INTEGER);
            insert.setString(9, sourceKey);
            insert.setString(10, meta.sha256());
            insert.setLong(11, meta.sizeBytes());
            insert.setString(12, meta.issuedBy());
            insert.setLong(13, at.toEpochMilli());
            insert.setString(14, county);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new jakarta.persistence.PersistenceException("the issued document could not be stored: " + e.getMessage(), e);
        }
    }

    private Optional<Issued> find(String where, String... args) {
        Optional<DocumentDtos.Meta> meta = database.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM issued_document WHERE " + where)) {
                for (int i = 0; i < args.length; i++) {
                    q.setString(i + 1, args[i]);
                }
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(meta(rs)) : Optional.<DocumentDtos.Meta>empty();
                }
            }
        });
        return meta.map(m -> new Issued(m, pdf(m.sha256()), true));
    }

    private byte[] pdf(String sha256) {
        Optional<InputStream> in = attachments.open(sha256);
        if (in.isEmpty()) {
            throw new IllegalStateException("the PDF of an issued document is missing from the attachment store: " + sha256);
        }
        try (InputStream stream = in.get()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentDtos.Meta meta(ResultSet rs) throws SQLException {
        int version = rs.getInt(8);
        Integer subjectVersion = rs.wasNull() ? null : version;
        return new DocumentDtos.Meta(rs.getString(1), rs.getString(2), Labels.name("documentKinds", rs.getString(2)), rs.getString(5),
                rs.getInt(3), rs.getInt(4), rs.getString(6), rs.getString(7), subjectVersion, rs.getString(9), rs.getLong(10),
                rs.getString(11), Instant.ofEpochMilli(rs.getLong(12)).toString());
    }

    private boolean sees(Caller caller, DocumentDtos.Meta meta) {
        if (caller.is(Role.ADMIN)) {
            return true;
        }
        String subject = meta.subjectId();
        return switch (DocumentKind.Subject.valueOf(meta.subjectType())) {
            case INSPECTION, HAZARD -> records.sees(caller, subject);
            case CASE -> {
                if (!caller.is(Role.REVIEWER)) {
                    yield false;
                }
                try {
                    cases.get(caller, subject);
                    yield true;
                } catch (FieldsyncException e) {
                    yield false;
                }
            }
            case LEDGER -> meta.issuedBy().equals(caller.username());
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
