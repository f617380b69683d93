package cn.fieldsync.client.internal;

import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What needs the inspector: records whose operations were refused for good (fix, then
 * {@link #resend}, or {@link #withdraw}) or wait for something (an attachment, a linked record,
 * the user's scope). Nothing here leaves the device unless the inspector withdraws it, and then
 * the withdrawn operations are kept in the {@code withdrawn} table.
 */
public final class Attention {

    private final DeviceDb db;

    public Attention(DeviceDb db) {
        this.db = db;
    }

    /** One item per record: needing action first, then waiting; each with the reason of its first noted operation. */
    public List<AttentionItem> list() {
        return db.read(c -> {
            List<AttentionItem> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.record_id, o.type, o.state, o.code, o.reason, o.noted_at,"
                    + " (SELECT COUNT(*) FROM outbox p WHERE p.record_id = o.record_id) FROM outbox o"
                    + " WHERE o.code IS NOT NULL AND o.seq = (SELECT MIN(f.seq) FROM outbox f WHERE f.record_id = o.record_id"
                    + " AND f.code IS NOT NULL) ORDER BY CASE o.state WHEN 'attention' THEN 0 ELSE 1 END, o.noted_at, o.seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    RecordType type = RecordType.fromWireName(rs.getString(2)).get();
                    String summary = Records.load(c, id).map(LocalRecord::summary).orElse("");
                    items.add(new AttentionItem(id, type, summary,
                            "attention".equals(rs.getString(3)) ? AttentionItem.Kind.NEEDS_ACTION : AttentionItem.Kind.WAITING,
                            rs.getString(4), rs.getString(5), rs.getInt(7), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return items;
        });
    }

    /**
     * Sends a refused record again as the inspector now sees it: its operations still on the
     * device become one, with a new opId (the server remembers its final refusal of the old one).
     * A record the server never had is sent as one create of its whole current content; one it
     * has, as one edit of every field changed since. The new operation takes the place of the
     * first of the old ones in the outbox order, so what links to the record still follows it.
     *
     * A record whose operations are queued, none refused or waiting, is left as it is.
     *
     * @throws FieldsyncException when the record has nothing queued, or is still not valid
     */
    public void resend(String id) {
        db.inTransaction(c -> {
            resend(c, db, id);
            return null;
        });
    }

    /** {@link #resend(String)} inside the caller's transaction. */
    static void resend(Connection c, DeviceDb db, String id) throws SQLException {
        {
            List<Op> ops = ops(c, id);
            // a waiting record too: what it links to may have changed since (a corrected inspection), and its
            // operations then go as one of its current content, not as the old create naming the old link
            if (ops.isEmpty()) {
                throw new InputRefusedException("记录 " + id + " 没有待发送的修改，无需重发 (nothing refused or waiting to resend)");
            }
            if (ops.stream().noneMatch(o -> o.code != null)) {
                // already queued as it is (a draft's correction folds itself into its creation): the next sync sends it
                return;
            }
            LocalRecord record = Records.load(c, id).get();
            boolean onServer = shadowVersion(c, id) > 0;
            Op first = ops.get(0);
            boolean deleted = ops.stream().anyMatch(o -> o.delete);
            // a record that now links to one queued after it (a danger re-pointed to a corrected inspection) goes
            // after that one, so the server has it when this arrives; otherwise it keeps its place
            long place = linksLaterThan(c, record, first.seq) ? -1 : first.seq;
            List<Op> merged = new ArrayList<>();
            if (!onServer && first.baseVersion == 0 && first.prevOpId == null) {
                Records.validate(db.validator(), record.type(), record.body());
                merged.add(new Op(place, Uuids.v7(), first.type, 0, record.body().deepCopy(), false, null, "pending"));
                if (deleted) {
                    long seq = place < 0 || ops.size() <= 1 ? -1 : ops.get(1).seq;
                    merged.add(new Op(seq, Uuids.v7(), first.type, 0, new JsonObject(), true, merged.get(0).opId, "pending"));
                }
            } else {
                JsonObject fields = new JsonObject();
                for (Op o : ops) {
                    o.fields.entrySet().forEach(e -> fields.add(e.getKey(), e.getValue()));
                }
                Records.validate(db.validator(), record.type(), record.body());
                merged.add(new Op(place, Uuids.v7(), first.type, first.baseVersion, fields, deleted, first.prevOpId, "pending"));
            }
            release(c, ops);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE record_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            for (Op o : merged) {
                insert(c, o, id);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE record SET last_op_id = ?, last_op_version = NULL WHERE id = ?")) {
                ps.setString(1, merged.get(merged.size() - 1).opId);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            DeviceDb.log(c, "resend", id + " as " + merged.size() + " operation(s)");
        }
    }

    /**
     * Withdraws what is held of a record: its operations leave the outbox for the
     * {@code withdrawn} table (kept with the reason and the inspector's note, never erased) and
     * the record shows the server's state again — or, if the server never had it, leaves the list.
     */
    public void withdraw(String id, String note) {
        // one line of the inspector's words: no control characters reach a terminal or a listing
        String clean = note == null ? null : Api26.strip(note.replaceAll("\\p{Cntrl}+", " "));
        String kept = clean == null || clean.isEmpty() ? null : clean.length() > 500 ? clean.substring(0, 500) : clean;
        db.inTransaction(c -> {
            List<Op> ops = ops(c, id);
            // a record made here and never sent is the inspector's draft: withdrawing discards it from the
            // list (kept in the withdrawn table), as deleting it does for a unit or person, which may not be
            // deleted once on the server (a tester's finding: such a draft could be edited but not discarded)
            if (ops.stream().noneMatch(o -> o.code != null)) {
                // changes not sent yet are the inspector's to take back too (after a resend that cannot succeed,
                // say); ones on their way may be on the server already
                if (ops.isEmpty()) {
                    throw new InputRefusedException("记录 " + id + " 没有待发送、被拒绝或等待中的修改可撤回；已同步到服务器的内容不能撤回"
                            + " (nothing to withdraw)");
                }
                if (sent(c, id)) {
                    throw new InputRefusedException("记录 " + id + " 的修改已发往服务器，服务器可能已经收到，现在不能撤回；请先同步（fieldsync sync），"
                            + "之后再看是否需要撤回 (sent: sync first)");
                }
            }
            boolean draft = neverOnServer(c, id);
            if (draft) {
                refuseIfLinkedFrom(c, id);
            }
            // the files described for this record go with it: an attachment record refused or waiting
            // with its record, or never sent with a draft, would otherwise stay behind alone
            List<String> attachments = heldAttachmentsOf(c, id, draft);
            withdraw(c, id, ops, kept);
            for (String attachment : attachments) {
                withdraw(c, attachment, ops(c, attachment), kept);
            }
            // a record kept only for these operations after it left the user's sight leaves with them
            SyncEngine.dropKeptOutOfSight(c);
            return null;
        });
    }

    /**
     * Whether the server has never had the record: no copy of the server's, and its creation is
     * still the first operation in the outbox (made here, not yet applied there).
     */
    static boolean neverOnServer(Connection c, String id) throws SQLException {
        if (shadowVersion(c, id) > 0) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT base_version, prev_op_id, del, sent_at FROM outbox WHERE record_id = ?"
                + " ORDER BY seq LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                // a creation sent and not answered yet may be on the server already
                return rs.next() && rs.getInt(1) == 0 && rs.getString(2) == null && rs.getInt(3) == 0 && rs.getObject(4) == null;
            }
        }
    }

    /** Whether one of the record's operations went to the server and has no answer stored yet. */
    static boolean sent(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE record_id = ? AND sent_at IS NOT NULL LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * A record the server never had cannot leave the device's list while another record there
     * names it (a danger on a unit made offline): that one would then be refused for a unit the
     * server never gets. The inspector withdraws or re-points the other one first. Only for a record
     * {@link #neverOnServer never on the server}: one the server has stays there for the others.
     */
    private static void refuseIfLinkedFrom(Connection c, String id) throws SQLException {
        String linking = Records.linkedFrom(c, id);
        if (linking != null) {
            throw new InputRefusedException("记录 " + id + " 被本设备上的" + linking + " 引用，不能撤回或删除；请先撤回、删除或修改那条记录"
                    + " (referenced by " + linking + ")");
        }
    }

    private static List<String> heldAttachmentsOf(Connection c, String recordId, boolean unsentToo) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT o.record_id, o.fields FROM outbox o WHERE o.type = 'attachment'"
                + (unsentToo ? " AND (o.code IS NOT NULL OR NOT EXISTS (SELECT 1 FROM shadow s WHERE s.id = o.record_id))"
                : " AND o.code IS NOT NULL"))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonElement owner = Json.fromStore(rs.getString(2)).get("recordId");
                    if (owner != null && owner.isJsonPrimitive() && recordId.equals(owner.getAsString())
                            && !ids.contains(rs.getString(1))) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }

    private static void withdraw(Connection c, String id, List<Op> ops, String note) throws SQLException {
        long now = System.currentTimeMillis();
        for (Op o : ops) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO withdrawn (op_id, record_id, type, operation, code,"
                    + " reason, note, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, o.opId);
                ps.setString(2, id);
                ps.setString(3, o.type);
                ps.setString(4, o.json(id).toString());
                ps.setString(5, o.code);
                ps.setString(6, o.reason);
                ps.setString(7, note);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
        }
        release(c, ops);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE record_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE record SET last_op_id = NULL, last_op_version = NULL WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        SyncEngine.rebuild(c, id);
        DeviceDb.log(c, "withdraw", id + " (" + ops.size() + " operation(s))" + (note == null ? "" : ": " + note));
    }

    /** The withdrawn operations, newest first, as JSON: what was withdrawn, why it had been refused, and the note. */
    public List<JsonObject> withdrawn() {
        return db.read(c -> {
            List<JsonObject> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT op_id, record_id, type, operation, code, reason, note,"
                    + " withdrawn_at FROM withdrawn ORDER BY withdrawn_at DESC, op_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject item = new JsonObject();
                    item.addProperty("opId", rs.getString(1));
                    item.addProperty("recordId", rs.getString(2));
                    item.addProperty("type", rs.getString(3));
                    item.add("operation", Json.fromStore(rs.getString(4)));
                    item.addProperty("code", rs.getString(5));
                    item.addProperty("reason", rs.getString(6));
                    item.addProperty("note", rs.getString(7));
                    item.addProperty("withdrawnAt", Instant.ofEpochMilli(rs.getLong(8)).toString());
                    list.add(item);
                }
            }
            return list;
        });
    }

    private static final class Op {
        final long seq;
        final String opId;
        final String type;
        final int baseVersion;
        final JsonObject fields;
        final boolean delete;
        final String prevOpId;
        final String state;
        String code;
        String reason;

        Op(long seq, String opId, String type, int baseVersion, JsonObject fields, boolean delete, String prevOpId, String state) {
            this.seq = seq;
            this.opId = opId;
            this.type = type;
            this.baseVersion = baseVersion;
            this.fields = fields;
            this.delete = delete;
            this.prevOpId = prevOpId;
            this.state = state;
        }

        JsonObject json(String id) {
            JsonObject op = new JsonObject();
            op.addProperty("opId", opId);
            op.addProperty("type", type);
            op.addProperty("id", id);
            op.addProperty("baseVersion", baseVersion);
            op.add("fields", fields);
            if (delete) {
                op.addProperty("delete", true);
            }
            if (prevOpId != null) {
                op.addProperty("prevOpId", prevOpId);
            }
            return op;
        }
    }

    private static List<Op> ops(Connection c, String id) throws SQLException {
        List<Op> ops = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, op_id, type, base_version, fields, del, prev_op_id, state,"
                + " code, reason FROM outbox WHERE record_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Op op = new Op(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), Json.fromStore(rs.getString(5)),
                            rs.getInt(6) == 1, rs.getString(7), rs.getString(8));
                    op.code = rs.getString(9);
                    op.reason = rs.getString(10);
                    ops.add(op);
                }
            }
        }
        if (ops.isEmpty()) {
            if (!Records.load(c, id).isPresent()) {
                throw FieldsyncException.noRecord(id);
            }
        }
        return ops;
    }

    /** These opIds will never be sent again: the next push tells the server, which stops holding them. */
    private static void release(Connection c, List<Op> ops) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO released (op_id, at) VALUES (?, ?)")) {
            for (Op o : ops) {
                ps.setString(1, o.opId);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
    }

    private static int shadowVersion(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM shadow WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Whether a record this one links to has operations queued after {@code seq}. */
    private static boolean linksLaterThan(Connection c, LocalRecord record, long seq) throws SQLException {
        for (cn.fieldsync.schemas.RecordLinks.Link link : cn.fieldsync.schemas.RecordLinks.of(record.type(), record.body())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE record_id = ? AND seq > ?")) {
                ps.setString(1, link.id());
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A record this device created and has not sent, changed: its creation becomes one of the whole
     * new content under a new opId, in the same place of the outbox. The new opId keeps an old one
     * that is on its way at this moment (a sync running beside the edit) from being answered for
     * content it did not carry: the server then has the old creation, and the new one comes back refused
     * (a unit or person is the administrator's to change), in the inspector's list, never as an edit
     * lost in silence.
     *
     * @return the new creation's opId
     */
    static String recreate(Connection c, String id, JsonObject body) throws SQLException {
        List<Op> ops = ops(c, id);
        Op first = ops.get(0);
        Op creation = new Op(first.seq, Uuids.v7(), first.type, 0, body.deepCopy(), false, null, "pending");
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE record_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        insert(c, creation, id);
        return creation.opId;
    }

    private static void insert(Connection c, Op o, String id) throws SQLException {
        boolean explicitSeq = o.seq > 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (" + (explicitSeq ? "seq, " : "")
                + "op_id, record_id, type, base_version, fields, del, prev_op_id, created_at) VALUES ("
                + (explicitSeq ? "?, " : "") + "?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            if (explicitSeq) {
                ps.setLong(i++, o.seq);
            }
            ps.setString(i++, o.opId);
            ps.setString(i++, id);
            ps.setString(i++, o.type);
            ps.setInt(i++, o.baseVersion);
            ps.setString(i++, o.fields.toString());
            ps.setInt(i++, o.delete ? 1 : 0);
            ps.setString(i++, o.prevOpId);
            ps.setLong(i, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }
}
