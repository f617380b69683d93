package cn.fieldsync.client.internal;

import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.Labels;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.Reasons;
import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.domain.hazard.HazardRecord;
import cn.fieldsync.domain.hazard.HazardRules;
import cn.fieldsync.domain.hazard.LifecycleRefusal;
import cn.fieldsync.schemas.AdministeredRecords;
import cn.fieldsync.schemas.Deletions;
import cn.fieldsync.schemas.HazardDocuments;
import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.schemas.RaisedDangers;
import cn.fieldsync.schemas.RecordChecks;
import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.client.RecordValidator;
import cn.fieldsync.schemas.RecordDefaults;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.schemas.VisibleText;
import cn.fieldsync.schemas.Violation;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Local writes and reads. A write changes the record and appends its operation to the outbox in
 * one transaction, so an edit is never stored without the means to send it, nor sent twice.
 */
public final class Records {

    private static final Set<String> ENVELOPE = Api26.setOf("id", "type", "version", "deleted", "createdAt", "updatedAt", "overdue", "escalateTo",
            "sealVerified");

    private final DeviceDb db;

    public Records(DeviceDb db) {
        this.db = db;
    }

    public String create(RecordType type, JsonObject document) {
        return createAll(type, java.util.Collections.singletonList(document)).get(0);
    }

    /** Creates many records in one transaction (an import): all are stored, or none. */
    public List<String> createAll(RecordType type, List<JsonObject> documents) {
        List<String> ids = new ArrayList<>(documents.size());
        List<JsonObject> bodies = new ArrayList<>(documents.size());
        for (JsonObject document : documents) {
            String id = document.has("id") ? document.get("id").getAsString() : Uuids.v7();
            if (!Uuids.isCanonical(id)) {
                throw new InputRefusedException("记录编号应为小写的 UUID，收到的是：" + id + " (id must be a lower-case UUID)");
            }
            JsonObject body = withoutEnvelope(document);
            RecordDefaults.apply(type, body);
            validate(db.validator(), type, body);
            ids.add(id);
            bodies.add(body);
        }
        return db.inTransaction(c -> {
            for (int i = 0; i < ids.size(); i++) {
                insert(c, type, ids.get(i), bodies.get(i));
            }
            return ids;
        });
    }

    private static void insert(Connection c, RecordType type, String id, JsonObject body) throws SQLException {
        if (load(c, id).isPresent()) {
            throw new InputRefusedException("编号为 " + id + " 的记录已存在 (a record with this id exists already)");
        }
        checkLinks(c, type, body);
        checkRules(c, type, null, null, body);
        checkRaised(c, type, id, null, body);
        refuseSecondUnitUnderCode(c, type, id, body);
        String opId = Uuids.v7();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO record (id, type, body, deleted, last_op_id,"
                + " updated_at) VALUES (?, ?, ?, 0, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, type.wireName());
            ps.setString(3, body.toString());
            ps.setString(4, opId);
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
        }
        appendOp(c, opId, id, type, 0, body, false, null);
    }

    /** Changes top-level fields (a JSON null removes one); the whole record must stay valid. */
    public void edit(String id, Map<String, JsonElement> changes) {
        db.inTransaction(c -> {
            LocalRecord record = load(c, id).orElseThrow(() -> FieldsyncException.noRecord(id));
            if (record.deleted()) {
                throw new InputRefusedException("记录 " + id + " 已删除 (the record is deleted)");
            }
            refuseIfSealed(record);
            // the device is an inspector's (only inspectors enrol one): a unit or person is the administrator's to change
            Optional<RecordChecks.Refusal> administered = AdministeredRecords.changeByNonAdministrator(record.type(), id);
            // but a unit or person this device made, which the server refused or holds back and so never had,
            // is still the inspector's draft: they correct it and resend it as one creation (a tester found the
            // refusal's "修改后 resend" led nowhere, and the dangers recorded on it waited for ever)
            // and so is one the device made and has not sent yet (a tester's finding: a person created
            // offline with a typo could not be corrected before the first sync)
            boolean draft = administered.isPresent() && record.version() == 0 && Attention.neverOnServer(c, id);
            if (administered.isPresent() && !draft && record.version() == 0 && Attention.sent(c, id)) {
                // its creation is on its way (a sync running beside this edit) or its answer was lost: the server
                // may have it already, and then it is the administrator's (a tester's finding: the edit was refused later)
                throw sentAlready(record, "修改");
            }
            if (administered.isPresent() && !draft) {
                throw new InputRefusedException(administered.get().message() + " (" + administered.get().code() + ")");
            }
            JsonObject body = record.body().deepCopy();
            JsonObject fields = new JsonObject();
            changes.forEach((field, value) -> {
                if (ENVELOPE.contains(field)) {
                    throw new InputRefusedException("字段 " + field + " 由服务器填写，不能修改 (" + field + " is managed by the server)");
                }
                if (value == null || value instanceof JsonNull) {
                    body.remove(field);
                    fields.add(field, JsonNull.INSTANCE);
                } else {
                    body.add(field, value);
                    fields.add(field, value);
                }
            });
            validate(db.validator(), record.type(), body);
            checkLinks(c, record.type(), fields);
            checkRules(c, record.type(), id, record.body(), body);
            checkRaised(c, record.type(), id, record.body(), body);
            if (fields.has("creditCode")) {
                refuseSecondUnitUnderCode(c, record.type(), id, body);
            }
            if (draft && refusedOrWaiting(c, id)) {
                // refused or waiting (out of scope): the correction and what was held become one creation of the
                // whole new content, sent at the next sync (a tester's finding: it waited for a resend nobody asked for)
                writeChange(c, record, body, fields, false);
                Attention.resend(c, db, id);
            } else if (draft) {
                // an edit of a unit or person is the administrator's on the server: the correction goes as
                // the creation itself, never as an edit the server would refuse
                String opId = Attention.recreate(c, id, body);
                try (PreparedStatement ps = c.prepareStatement("UPDATE record SET body = ?, last_op_id = ?,"
                        + " last_op_version = NULL, updated_at = ? WHERE id = ?")) {
                    ps.setString(1, body.toString());
                    ps.setString(2, opId);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
            } else {
                writeChange(c, record, body, fields, false);
                if (waitsOnDeviceOnly(c, id)) {
                    // held here for a record it named that is still on the device, never sent: the edit folds in, so
                    // a danger re-pointed from a refused draft unit to the existing one goes at the next sync naming
                    // that one (a tester's finding: it waited for ever, and the draft could not be withdrawn)
                    Attention.resend(c, db, id);
                }
            }
            return null;
        });
    }

    /** Whether the record's operations that wait do so on this device only (for a linked record), none refused or sent. */
    private static boolean waitsOnDeviceOnly(Connection c, String id) throws SQLException {
        boolean waiting = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT code, sent_at FROM outbox WHERE record_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(1);
                    if (rs.getObject(2) != null || code != null && !Reasons.WAITS_FOR_LINKED.equals(code)) {
                        return false;
                    }
                    waiting |= code != null;
                }
            }
        }
        return waiting;
    }

    /**
     * A unit or person made here whose creation went to the server with no answer stored yet: the server
     * may have it, and then it is the administrator's; after a sync the device knows.
     */
    private static InputRefusedException sentAlready(LocalRecord record, String doing) {
        return new InputRefusedException(Labels.of(record.type()) + " " + record.id() + " 已发往服务器，服务器可能已经收到，现在不能" + doing
                + "；请先同步（fieldsync sync）：服务器没有收到的，同步后仍可" + doing + "；已收到的，请联系管理员 (sent: sync first)");
    }

    /**
     * Marks a record deleted and queues the tombstone. A record the server never had whose create
     * it refused for good cannot be deleted there (its create would have to apply first): deleting
     * it withdraws its changes instead — kept on the device as withdrawn, never erased.
     */
    public void delete(String id) {
        db.inTransaction(c -> {
            LocalRecord record = load(c, id).orElseThrow(() -> FieldsyncException.noRecord(id));
            refuseIfSealed(record);
            if (refusedAndNeverOnServer(c, id)) {
                new Attention(db).withdraw(id, "删除了未能同步的记录 (deleted before it ever reached the server)");
                return null;
            }
            boolean administered = AdministeredRecords.changeByNonAdministrator(record.type(), id).isPresent();
            if (administered && record.version() == 0 && Attention.sent(c, id)) {
                throw sentAlready(record, "删除");
            }
            if (administered && Attention.neverOnServer(c, id)) {
                // a unit or person the server never had is the inspector's draft: deleting discards it (kept as
                // withdrawn), where one on the server is the administrator's and may not be deleted from a device.
                // Evidence deleted keeps its tombstone (and its queued creation, which still names what it named)
                new Attention(db).withdraw(id, "删除了尚未同步的草稿 (a draft deleted before it was sent)");
                return null;
            }
            if (!record.deleted()) {
                Optional<RecordChecks.Refusal> refusal = Deletions.refusal(record.type(), id, record.body(), referencedBy(c, record));
                if (refusal.isPresent()) {
                    // the rule's own words: the code's general label speaks of a danger's lifecycle
                    throw new InputRefusedException(refusal.get().message() + " (" + refusal.get().code() + ")");
                }
                writeChange(c, record, record.body(), new JsonObject(), true);
            }
            return null;
        });
    }

    /**
     * Refuses offline what the server would refuse: a link (its unit, its inspection, the record it
     * amends) to a record of the wrong type or deleted on this device, or — once the device has
     * synced, so it holds what its user may see — to a record it does not hold. Only the links
     * among {@code fields} are checked: an edit is not blocked by a link it does not change.
     */
    private static void checkLinks(Connection c, RecordType type, JsonObject fields) throws SQLException {
        boolean synced = DeviceDb.meta(c, "last-sync").isPresent();
        for (RecordLinks.Link link : RecordLinks.of(type, fields)) {
            Optional<LocalRecord> target = load(c, link.id());
            String what = Labels.of(link.type()) + " " + link.id();
            if (!target.isPresent()) {
                if (synced) {
                    throw new InputRefusedException(link.field() + "：所引用的" + what + " 不在本设备上；请核对编号，或先同步再试"
                            + " (unknown_reference: no " + link.type().wireName() + " " + link.id() + " on this device)");
                }
            } else if (target.get().type() != link.type()) {
                throw new InputRefusedException(link.field() + "：" + link.id() + " 是" + Labels.of(target.get().type()) + "，不是"
                        + Labels.of(link.type()) + " (type_mismatch)");
            } else if (target.get().deleted()) {
                throw new InputRefusedException(link.field() + "：所引用的" + what + " 已删除 (the linked record is deleted)");
            }
        }
    }

    /**
     * Refuses offline what the server's record rules refuse, with the same code and words: the
     * same {@link HazardRules} (a status the lifecycle does not allow, a missing deadline or step
     * record, dates out of order, a rewritten history) and the same {@link RecordChecks}
     * (impossible dates, allowing the server's clock skew; a danger raised from a passed item, from
     * a forcesMajor item but not MAJOR, or from an inspection of another unit — when the device
     * holds that inspection). An inspector's device records listings at the levels an inspector
     * may ({@link HazardPolicy#DEFAULT}).
     */
    private static void checkRules(Connection c, RecordType type, String id, JsonObject before, JsonObject after) throws SQLException {
        // a danger's days are counted in the server's zone (fieldsync.zone), whatever the device's own
        ZoneId zone = DeviceDb.zone(c);
        refuse(RecordChecks.dates(type, after, java.time.Instant.now(), zone));
        refuse(RecordChecks.content(type, before, after, java.time.Instant.now(), zone));
        if (type != RecordType.HAZARD) {
            return;
        }
        String inspectionId = after.has("inspectionId") && after.get("inspectionId").isJsonPrimitive()
                ? after.get("inspectionId").getAsString() : null;
        Optional<LocalRecord> inspection = inspectionId == null ? Optional.<LocalRecord>empty() : load(c, inspectionId);
        refuse(RecordChecks.dangerFromInspection(after, inspection.isPresent() && inspection.get().type() == RecordType.INSPECTION
                ? inspection.get().body() : null));
        LocalDate today = LocalDate.now(zone);
        HazardRecord now = HazardDocuments.read(after, zone);
        Optional<LifecycleRefusal> refusal = before == null
                ? HazardRules.checkNew(now, today, HazardPolicy.DEFAULT, false)
                : HazardRules.checkChange(HazardDocuments.read(before, zone), now, today, HazardPolicy.DEFAULT, false);
        if (refusal.isPresent() && id != null) {
            // the server judges the change from its own copy: one that puts a field back as the server has it is
            // no change there (a tester's finding: after a refused grade change, setting the grade back to the
            // server's was refused here as a grade change of a reported danger, and the hint led nowhere)
            Optional<JsonObject> server = serverCopy(c, id);
            if (server.isPresent() && !HazardRules.checkChange(HazardDocuments.read(server.get(), zone), now, today,
                    HazardPolicy.DEFAULT, false).isPresent()) {
                refusal = Optional.empty();
            }
        }
        if (refusal.isPresent()) {
            LifecycleRefusal r = refusal.get();
            refuse(Optional.of(new RecordChecks.Refusal(r.reason().code(), "/" + r.field(), r.message())));
        }
    }

    /**
     * One enterprise, one unit (the server's {@code duplicate_unit}), offline: a unit under a 统一社会信用代码 another
     * live unit on this device has is refused before it is saved, naming that unit (a tester's finding: two units
     * under one code were both taken on the device, and refused only at the sync).
     */
    private static void refuseSecondUnitUnderCode(Connection c, RecordType type, String id, JsonObject body) throws SQLException {
        String code = type == RecordType.UNIT ? JsonFields.text(body, "creditCode") : null;
        if (code == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM record WHERE type = 'unit' AND deleted = 0 AND id <> ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject other = Json.fromStore(rs.getString(2));
                    if (code.equals(JsonFields.text(other, "creditCode"))) {
                        throw new InputRefusedException("creditCode：统一社会信用代码 " + code + " 已属于本设备上的单位“"
                                + VisibleText.of(String.valueOf(JsonFields.text(other, "name"))) + "”（" + rs.getString(1)
                                + "）：同一家单位不能录入两次；请在记录里直接选用该单位 (duplicate_unit)");
                    }
                }
            }
        }
    }

    /** The server's copy of the record as this device last had it (not deleted), or empty. */
    private static Optional<JsonObject> serverCopy(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM shadow WHERE id = ? AND deleted = 0")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.fromStore(rs.getString(1))) : Optional.<JsonObject>empty();
            }
        }
    }

    /**
     * Refuses offline what the server refuses ({@link RaisedDangers}) when the device holds the
     * records it needs: a second danger raised from a checklist item, an inspection edit that a
     * danger raised from it would no longer fit.
     */
    private static void checkRaised(Connection c, RecordType type, String id, JsonObject before, JsonObject after)
            throws SQLException {
        if (type == RecordType.HAZARD && after.has("checklistItemCode")) {
            String inspectionId = JsonFields.text(after, "inspectionId");
            refuse(RaisedDangers.secondFromItem(id, before, after, inspectionId == null ? new ArrayList<RaisedDangers.Danger>()
                    : dangersRaisedFrom(c, inspectionId)));
        } else if (type == RecordType.INSPECTION && before != null) {
            refuse(RaisedDangers.inspectionEdit(id, before, after, dangersRaisedFrom(c, id)));
        }
    }

    /** The live hazards on this device naming the inspection. */
    private static List<RaisedDangers.Danger> dangersRaisedFrom(Connection c, String inspectionId) throws SQLException {
        List<RaisedDangers.Danger> dangers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM record WHERE type = ? AND deleted = 0"
                + " AND body LIKE ? ORDER BY id")) {
            ps.setString(1, RecordType.HAZARD.wireName());
            ps.setString(2, "%" + inspectionId + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject body = Json.fromStore(rs.getString(2));
                    if (inspectionId.equals(JsonFields.text(body, "inspectionId"))) {
                        dangers.add(new RaisedDangers.Danger(rs.getString(1), body));
                    }
                }
            }
        }
        return dangers;
    }

    /** What on this device references the record (a danger raised from it, an amendment), in Chinese, or null. */
    private static String referencedBy(Connection c, LocalRecord record) throws SQLException {
        if (record.type() == RecordType.INSPECTION) {
            List<RaisedDangers.Danger> raised = dangersRaisedFrom(c, record.id());
            if (!raised.isEmpty()) {
                return Labels.of(RecordType.HAZARD) + " " + raised.get(0).id();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM record WHERE type = ? AND deleted = 0 AND id <> ?"
                + " AND body LIKE ? ORDER BY id LIMIT 1")) {
            ps.setString(1, record.type().wireName());
            ps.setString(2, record.id());
            ps.setString(3, "%\"amends\":\"" + record.id() + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "更正记录 " + rs.getString(1) : null;
            }
        }
    }

    /**
     * The first live record on the device that links to {@code id} (its unit, its inspection, the
     * record it amends...), as "隐患 ID", or null.
     */
    static String linkedFrom(Connection c, String id) throws SQLException {
        // the records as they are, and the operations still queued: an edit that named it on its way to another value
        // is sent as it was made, and would be refused for a unit the server never got (a tester's finding)
        try (PreparedStatement ps = c.prepareStatement("SELECT id, type, body FROM record WHERE deleted = 0 AND id <> ?"
                + " AND body LIKE ? UNION ALL SELECT record_id, type, fields FROM outbox WHERE record_id <> ? AND fields LIKE ?"
                + " ORDER BY 1")) {
            ps.setString(3, id);
            ps.setString(4, "%" + id + "%");
            ps.setString(1, id);
            ps.setString(2, "%" + id + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<RecordType> type = RecordType.fromWireName(rs.getString(2));
                    if (!type.isPresent()) {
                        continue;
                    }
                    for (RecordLinks.Link link : RecordLinks.of(type.get(), Json.fromStore(rs.getString(3)))) {
                        if (link.id().equals(id)) {
                            // by what it says, as the inspector knows it, with its id to type (a tester's finding: ids only)
                            String linking = rs.getString(1);
                            String summary = load(c, linking).map(LocalRecord::summary).orElse("");
                            return Labels.of(type.get()) + (summary.isEmpty() ? "" : "“" + summary + "”") + "（" + linking + "）";
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The refusal as the inspector reads it: where, the Chinese reason of the code, the rule's words, the code. */
    private static void refuse(Optional<RecordChecks.Refusal> refusal) {
        if (refusal.isPresent()) {
            RecordChecks.Refusal r = refusal.get();
            throw new InputRefusedException(r.pointer() + "：" + Reasons.describe(r.code(), r.message()) + " (" + r.code() + ")");
        }
    }

    private static boolean refusedAndNeverOnServer(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox o WHERE o.record_id = ? AND o.state = 'attention'"
                + " AND NOT EXISTS (SELECT 1 FROM shadow s WHERE s.id = o.record_id) LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void refuseIfSealed(LocalRecord record) {
        if (record.body().has("seal") && "SEALED".equals(record.body().get("status").getAsString())) {
            throw new InputRefusedException("记录 " + record.id() + " 已签字封存，不能再修改；请另行录入更正记录（新记录写 \"amends\": \""
                    + record.id() + "\"） (sealed: record an amendment)");
        }
    }

    /** Whether an operation of the record was answered refused or waiting (its code is kept in the outbox). */
    private static boolean refusedOrWaiting(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE record_id = ? AND code IS NOT NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void writeChange(Connection c, LocalRecord record, JsonObject body, JsonObject fields, boolean delete)
            throws SQLException {
        String opId = Uuids.v7();
        String prevOpId = unseenOwnOp(c, record.id());
        try (PreparedStatement ps = c.prepareStatement("UPDATE record SET body = ?, deleted = ?, last_op_id = ?,"
                + " last_op_version = NULL, updated_at = ? WHERE id = ?")) {
            ps.setString(1, body.toString());
            ps.setInt(2, delete ? 1 : 0);
            ps.setString(3, opId);
            ps.setLong(4, System.currentTimeMillis());
            ps.setString(5, record.id());
            ps.executeUpdate();
        }
        appendOp(c, opId, record.id(), record.type(), record.version(), fields, delete, prevOpId);
    }

    /**
     * The device's last operation on the record, when the server state the device holds does not
     * yet include it (still pending, or answered but not yet pulled): the server then merges the
     * next edit against what the device saw, not against its own earlier edit.
     */
    private static String unseenOwnOp(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.last_op_id, r.last_op_version, s.version FROM record r"
                + " LEFT JOIN shadow s ON s.id = r.id WHERE r.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                int answered = rs.getInt(2);
                boolean pending = rs.wasNull();
                int seen = rs.getInt(3);
                return pending || answered > seen ? rs.getString(1) : null;
            }
        }
    }

    private static void appendOp(Connection c, String opId, String id, RecordType type, int baseVersion, JsonObject fields,
                                 boolean delete, String prevOpId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (op_id, record_id, type, base_version, fields,"
                + " del, prev_op_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, opId);
            ps.setString(2, id);
            ps.setString(3, type.wireName());
            ps.setInt(4, baseVersion);
            ps.setString(5, fields.toString());
            ps.setInt(6, delete ? 1 : 0);
            ps.setString(7, prevOpId);
            ps.setLong(8, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    public Optional<LocalRecord> get(String id) {
        return db.read(c -> load(c, id));
    }

    /** Streams the records of a type in id order without holding them all. */
    public void forEach(RecordType type, Consumer<LocalRecord> action) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE r.type = ? ORDER BY r.id")) {
                ps.setString(1, type.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(row(rs));
                    }
                }
            }
            return null;
        });
    }

    public List<LocalRecord> list(RecordType type) {
        List<LocalRecord> records = new ArrayList<>();
        forEach(type, records::add);
        return records;
    }

    private static final String SELECT = "SELECT r.id, r.type, COALESCE(s.version, 0), r.deleted, r.body,"
            + " (SELECT COUNT(*) FROM outbox o WHERE o.record_id = r.id) FROM record r LEFT JOIN shadow s ON s.id = r.id";

    static Optional<LocalRecord> load(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE r.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static LocalRecord row(ResultSet rs) throws SQLException {
        return new LocalRecord(rs.getString(1), RecordType.fromWireName(rs.getString(2)).get(), rs.getInt(3),
                rs.getInt(4) == 1, Json.fromStore(rs.getString(5)), rs.getInt(6));
    }

    static JsonObject withoutEnvelope(JsonObject document) {
        JsonObject body = document.deepCopy();
        ENVELOPE.forEach(body::remove);
        return body;
    }

    /** {@link #withoutEnvelope} in place, for a document the caller no longer needs whole; returns it. */
    /** Whether a member is the server's envelope (id, version, times...), never part of what the device stores as the body. */
    static boolean isEnvelope(String member) {
        return ENVELOPE.contains(member);
    }

    static JsonObject stripEnvelope(JsonObject document) {
        ENVELOPE.forEach(document::remove);
        return document;
    }

    static void validate(RecordValidator validator, RecordType type, JsonObject body) {
        List<Violation> violations = validator.validate(type, body.toString());
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            // plain Chinese (the one translator, shared with the app), and where, as a JSON pointer for scripts
            throw new InputRefusedException(Labels.of(type) + "不符合要求：" + PlainWords.of(type, v).message()
                    + (v.field().isEmpty() ? "" : " [" + v.field() + "]"));
        }
    }
}
