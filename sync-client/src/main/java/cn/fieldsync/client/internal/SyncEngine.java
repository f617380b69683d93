package cn.fieldsync.client.internal;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.client.SyncCancelledException;
import cn.fieldsync.client.ServerUnreachableException;
import cn.fieldsync.client.Reasons;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.schemas.RecordLinks;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * One sync round: push the outbox in batches, then pull pages until the server has no more,
 * then ask the server about this device's open conflicts.
 *
 * <p>Every operation ends applied on the server, held in a conflict an administrator sees, or
 * kept in the outbox: waiting (a "not yet" refusal — sent again at each sync) or marked for the
 * inspector's attention with the reason (a final refusal — fixed and resent, or withdrawn). A
 * refused operation never leaves the device by itself, and what the device shows is always the
 * server's state with every operation still in the outbox on top.
 *
 * <p>Every step is resumable. An operation leaves the outbox only in the transaction that stores
 * its answer; if the answer is lost, the retried operation is answered "duplicate" with the
 * original answer. A page of changes is applied and the cursor moved in one transaction. So a
 * crash or a dropped connection at any point loses nothing and a retried step has no second
 * effect. Memory holds one batch or one page at a time.
 */
public final class SyncEngine {

    /** Operations per push when the server does not say how many it takes ({@code maxOperationsPerPush}). */
    public static final int PUSH_BATCH = 200;
    /** The most operations per push whatever the server takes: one batch's JSON stays about a megabyte. */
    static final int MAX_PUSH_BATCH = 1000;
    public static final int PULL_PAGE = 500;

    private final DeviceDb db;
    private final SyncTransport transport;
    private final SyncListener listener;
    private final Attachments attachments;
    private final Session session;
    /** Told each record id a round changes (pulled, removed, or its sent operation answered), after the commit. */
    private java.util.function.Consumer<String> changed = id -> { };

    /** Sets who is told the ids of records this round changes; called on the syncing thread after each commit. */
    public SyncEngine onRecordChanged(java.util.function.Consumer<String> listener) {
        this.changed = listener;
        return this;
    }

    /** Operations per push: {@link #PUSH_BATCH}, or as many as the server's limits take (up to {@link #MAX_PUSH_BATCH}). */
    private int pushBatch = PUSH_BATCH;

    public SyncEngine(DeviceDb db, SyncTransport transport, SyncListener listener) {
        this.db = db;
        this.transport = transport;
        this.session = new Session(db, transport);
        this.listener = listener;
        this.attachments = new Attachments(db.dir().resolve("attachments"));
    }

    public SyncReport run() {
        db.meta("device.id").orElseThrow(() -> new InputRefusedException("本设备存储尚未登记，请先运行 fieldsync init (this store is not initialised: run init)"));
        Counts counts = new Counts();
        long start = System.nanoTime();
        refreshLimits();
        push(counts);
        long pushed = System.nanoTime();
        pull(counts);
        counts.pushMillis = (pushed - start) / 1_000_000;
        counts.pullMillis = (System.nanoTime() - pushed) / 1_000_000;
        refreshConflicts();
        counts.attention = db.read(c -> (int) count(c, "SELECT COUNT(DISTINCT record_id) FROM outbox WHERE state = 'attention'"));
        db.inTransaction(c -> {
            DeviceDb.setMeta(c, "last-sync", String.valueOf(System.currentTimeMillis()));
            DeviceDb.log(c, "sync", counts.report().summary());
            return null;
        });
        return counts.report();
    }

    /** What the server accepts (its attachment size limit), kept so the device refuses offline what it would refuse. */
    private void refreshLimits() {
        String limits;
        try {
            limits = session.call(transport::limits);
        } catch (FieldsyncException e) {
            if (e.retriable() || "unauthenticated".equals(e.code())) {
                throw e;
            }
            return; // a server without the endpoint: the device learns its limits from its refusals
        }
        if (limits == null) {
            return;
        }
        JsonObject answer = Json.fromServer(limits);
        if (answer.get("maxOperationsPerPush") instanceof JsonElement most && most.isJsonPrimitive()
                && most.getAsJsonPrimitive().isNumber()) {
            // fewer, larger round trips: each push is one transaction and one answer awaited
            pushBatch = Math.max(1, Math.min(MAX_PUSH_BATCH, most.getAsInt()));
        }
        if (answer.get("zone") instanceof JsonElement zone && zone.isJsonPrimitive()) {
            db.inTransaction(c -> {
                DeviceDb.setMeta(c, DeviceDb.SERVER_ZONE, zone.getAsString());
                return null;
            });
        }
        if (answer.get("attachmentMaxBytes") instanceof JsonElement max && max.isJsonPrimitive()) {
            db.inTransaction(c -> {
                DeviceDb.setMeta(c, LIMIT_ATTACHMENT_BYTES, max.getAsString());
                return null;
            });
        }
    }

    /** Meta key of the server's largest accepted attachment, in bytes. */
    public static final String LIMIT_ATTACHMENT_BYTES = "limit.attachment-max-bytes";

    /**
     * Pushes the outbox in order, batch by batch, each batch's attachments uploaded first.
     *
     * <p>Nothing is sent that builds on something still held on the device: once one operation
     * of a record waits (its attachment, the record it links to, its scope) or was refused for
     * good, the later operations of that record wait too, and so does every operation of another
     * record that links to it (a hazard found in an inspection still held). An attachment the
     * server refuses for good marks its records for the inspector's attention and blocks nothing
     * else.
     */
    private void push(Counts counts) {
        // an upload that did not continue where the server's copy ended was never a refusal of the
        // record: earlier versions marked it for attention; it goes again, resuming by itself
        db.inRoundTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'pending', code = NULL, reason = NULL"
                    + " WHERE state = 'attention' AND code = ?")) {
                ps.setString(1, OFFSET_MISMATCH);
                ps.executeUpdate();
            }
            return null;
        });
        long total = db.read(c -> count(c, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
        long done = 0;
        long afterSeq = 0;
        Set<String> held = db.read(c -> ids(c, "SELECT DISTINCT record_id FROM outbox WHERE state = 'attention'"));
        Set<String> uploaded = new HashSet<>();
        List<String> released = db.read(c -> new ArrayList<>(ids(c, "SELECT op_id FROM released ORDER BY at LIMIT 1000")));
        listener.progress(SyncListener.Phase.PUSH, 0, total);
        // operations withdrawn or replaced by a resend: the server stops holding them. They go with
        // the first batch of operations, never alone ahead of it: a revoked device's push is refused
        // (403) and quarantined whole, and an empty push refused first would stop the round before
        // any waiting operation reached the quarantine where an administrator sees it
        List<String> releasing = released.isEmpty() ? null : released;
        java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fieldsync-push-ahead");
            t.setDaemon(true);
            return t;
        });
        InFlight previous = null;
        try {
            while (true) {
                long from = afterSeq;
                List<Pending> read = db.read(c -> nextBatch(c, from));
                if (read.isEmpty()) {
                    break;
                }
                Set<String> inFlight = previous == null ? Collections.<String>emptySet() : previous.records();
                if (previous != null && read.stream().anyMatch(p -> touches(p, inFlight))) {
                    // builds on what is still in flight: its answers decide what of this batch may go
                    done += settle(previous, held, counts);
                    previous = null;
                }
                afterSeq = read.get(read.size() - 1).seq();
                List<Pending> batch = new ArrayList<>();
                List<Pending> waitingForLink = new ArrayList<>();
                for (Pending p : read) {
                    if (held.contains(p.recordId())) {
                        continue; // builds on an operation of its record that waits or was refused
                    }
                    if (heldLink(p, held) != null) {
                        held.add(p.recordId());
                        waitingForLink.add(p);
                        continue;
                    }
                    batch.add(p);
                }
                if (!waitingForLink.isEmpty()) {
                    db.inRoundTransaction(c -> {
                        for (Pending p : waitingForLink) {
                            note(c, p.op().get("opId").getAsString(), "pending", Reasons.WAITS_FOR_LINKED,
                                    Reasons.describe(Reasons.WAITS_FOR_LINKED, "所引用的" + named(c, heldLink(p, held)) + "仍在本设备上等待"));
                            counts.waiting++;
                        }
                        return null;
                    });
                }
                batch = upload(batch, held, uploaded, counts);
                batch = markSent(batch);
                if (batch.isEmpty()) {
                    continue;
                }
                List<Pending> sent = batch;
                List<String> carried = releasing == null ? Collections.<String>emptyList() : releasing;
                releasing = null;
                String body = pushBody(sent, carried);
                Set<String> records = new HashSet<>();
                sent.forEach(p -> records.add(p.recordId()));
                InFlight current = new InFlight(sent, records, carried, sender.submit(() -> Json.fromServer(session.call(token -> transport.push(token, body)))));
                if (previous != null) {
                    // this batch is on its way while the answers of the one before are stored
                    done += settle(previous, held, counts);
                }
                previous = current;
                listener.progress(SyncListener.Phase.PUSH, done, Math.max(total, done));
            }
            if (previous != null) {
                InFlight last = previous;
                previous = null;
                done += settle(last, held, counts);
                listener.progress(SyncListener.Phase.PUSH, done, Math.max(total, done));
            }
            if (releasing != null) {
                // nothing was sent this round to carry them
                String request = pushBody(Collections.<Pending>emptyList(), releasing);
                session.call(token -> transport.push(token, request));
                List<String> sentAlone = releasing;
                db.inRoundTransaction(c -> {
                    forgetReleased(c, sentAlone);
                    return null;
                });
            }
        } catch (RuntimeException failure) {
            // a batch already sent when the round stops (cancelled, server gone, a refused upload): its
            // answer is awaited and stored first, so operations the server applied never stay pending
            // on the device to be sent again
            if (previous != null) {
                try {
                    settle(previous, held, counts);
                } catch (RuntimeException alsoFailed) {
                    failure.addSuppressed(alsoFailed);
                }
            }
            throw failure;
        } finally {
            sender.shutdownNow();
        }
    }

    /**
     * A batch sent and not yet answered: its operations, their records, and the answer to come.
     * Two batches are in flight together only when the later neither changes nor links to a
     * record of the earlier (see {@link #touches}): then the answers to the earlier cannot change
     * what of the later may be sent, and the server may apply the two in either order.
     */
    private record InFlight(List<Pending> sent, Set<String> records, List<String> released,
                            java.util.concurrent.Future<JsonObject> answer) {
    }

    /** The server has taken these releases: they are not sent again. */
    private static void forgetReleased(Connection c, List<String> opIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM released WHERE op_id = ?")) {
            for (String opId : opIds) {
                ps.setString(1, opId);
                ps.executeUpdate();
            }
        }
    }

    /** Waits for a batch's answers and stores them (one transaction); returns how many operations it held. */
    private int settle(InFlight batch, Set<String> held, Counts counts) {
        List<Pending> sent = batch.sent();
        JsonArray answers = awaited(batch.answer()).getAsJsonArray("answers");
        if (answers == null || answers.size() != sent.size()) {
            throw new ServerRefusedException("the server answered " + (answers == null ? 0 : answers.size())
                    + " operations of " + sent.size() + "; the outbox is kept, sync again", 0, null, true);
        }
        db.inRoundTransaction(c -> {
            // prepared once for the batch: a thousand applied operations run each a thousand times
            try (PreparedStatement done = c.prepareStatement("DELETE FROM outbox WHERE op_id = ?");
                 PreparedStatement version = c.prepareStatement(
                         "UPDATE record SET last_op_version = ? WHERE id = ? AND last_op_id = ?")) {
                forgetReleased(c, batch.released());
                Applied applied = new Applied(done, version);
                for (int i = 0; i < sent.size(); i++) {
                    if (!settle(c, applied, sent.get(i).op(), answers.get(i).getAsJsonObject(), counts)) {
                        held.add(sent.get(i).recordId());
                    }
                }
            }
            return null;
        });
        sent.forEach(p -> changed.accept(p.recordId()));
        return sent.size();
    }

    /** Whether the operation is on, or links to (its unit, its inspection, its owner...), one of these records. */
    private static boolean touches(Pending p, Set<String> records) {
        return records.contains(p.recordId()) || heldLink(p, records) != null;
    }

    /**
     * A record of this device as the inspector knows it: its kind and what it says (单位“栖霞市宏达化工有限公司”),
     * the id only when the device does not hold it.
     */
    private static String named(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT type, body FROM record WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String summary = cn.fieldsync.client.LocalRecord.summary(Json.fromStore(rs.getString(2)));
                    String kind = cn.fieldsync.schemas.Labels.name("recordTypes", rs.getString(1));
                    return kind + (summary.isEmpty() ? "（" + id + "）" : "“" + summary + "”");
                }
            }
        }
        return "记录 " + id + " ";
    }

    /** A record the operation links to (its unit, its inspection, ...) that is still held on this device, or null. */
    private static String heldLink(Pending p, Set<String> held) {
        return linkAmong(p.op(), held::contains);
    }

    /** A record the operation links to (its unit, its inspection, its owner...) that {@code among} takes, or null. */
    private static String linkAmong(JsonObject op, java.util.function.Predicate<String> among) {
        RecordType type = RecordType.fromWireName(op.get("type").getAsString()).orElse(null);
        if (type == null || !(op.get("fields") instanceof JsonObject fields)) {
            return null;
        }
        for (RecordLinks.Link link : RecordLinks.of(type, fields)) {
            if (among.test(link.id())) {
                return link.id();
            }
        }
        if (type == RecordType.ATTACHMENT && fields.get("recordId") instanceof JsonElement owner && owner.isJsonPrimitive()
                && among.test(owner.getAsString())) {
            return owner.getAsString();
        }
        return null;
    }

    /**
     * The record the server says this operation waits for ({@code waits_for_linked}: a record it links to waits
     * in the same push), as the inspector knows it — the server names no record, the device knows which of the
     * operation's links still has operations of its own in the outbox.
     */
    private static String waitingFor(Connection c, JsonObject op) throws SQLException {
        String self = op.get("id").getAsString();
        List<String> links = new ArrayList<>();
        linkAmong(op, id -> !id.equals(self) && !links.add(id)); // collects every link, takes none
        // refused ones first: the record waits for them until the inspector sees to them, not for the sync to end
        try (PreparedStatement pending = c.prepareStatement("SELECT MAX(CASE WHEN state = 'attention' THEN 1 ELSE 0 END)"
                + " FROM outbox WHERE record_id = ? HAVING COUNT(*) > 0")) {
            String waiting = null;
            for (String id : links) {
                pending.setString(1, id);
                try (ResultSet rs = pending.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    if (rs.getInt(1) == 1) {
                        return "所引用的" + named(c, id) + "未被服务器接受（见它的“需处理”），此记录随之等待";
                    }
                    if (waiting == null) {
                        waiting = "所引用的" + named(c, id) + "在同一次同步中等待，此记录随之等待";
                    }
                }
            }
            return waiting;
        }
    }

    /**
     * Uploads what the batch refers to and this device holds, resuming where the server's copy
     * ends; returns the operations still to send. A file the server refuses for good (too large,
     * damaged) marks the operations naming it for the inspector's attention; they stay on the
     * device and the rest of the batch goes on.
     */
    private List<Pending> upload(List<Pending> batch, Set<String> held, Set<String> uploaded, Counts counts) {
        List<Pending> send = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            JsonObject op = p.op();
            FieldsyncException refused = null;
            for (String sha256 : Attachments.referencedBy(op.get("type").getAsString(), op.getAsJsonObject("fields"))) {
                if (uploaded.contains(sha256) || !attachments.holds(sha256)) {
                    continue;
                }
                try {
                    uploadOne(sha256, counts);
                    uploaded.add(sha256);
                } catch (FieldsyncException e) {
                    if (e.retriable() || e.code() == null || "unauthenticated".equals(e.code()) || "device_revoked".equals(e.code())) {
                        throw e;
                    }
                    refused = e;
                    break;
                }
            }
            if (refused == null && !held.contains(p.recordId())) {
                send.add(p);
                continue;
            }
            held.add(p.recordId());
            if (refused != null) {
                FieldsyncException why = refused;
                db.inRoundTransaction(c -> {
                    note(c, op.get("opId").getAsString(), "attention", why.code(), Reasons.describe(why.code(), why.getMessage()));
                    return null;
                });
                counts.rejected++;
            }
        }
        return send;
    }

    /** The server's code for an upload that did not start where its copy of the file ends. */
    static final String OFFSET_MISMATCH = "upload_offset_mismatch";
    /** How often one upload asks the server again where its copy ends before the sync stops (and retries later). */
    static final int OFFSET_RETRIES = 3;

    /**
     * Uploads one file from where the server's copy ends. When the server answers that the upload
     * does not continue its copy (409 upload_offset_mismatch: an upload of an earlier, killed sync
     * finished or was dropped meanwhile), the device asks again where the copy ends and continues
     * from there; a file the server already holds whole counts as uploaded. Never the inspector's
     * business: if the server keeps moving, the sync stops as retriable and the next one resumes.
     */
    private void uploadOne(String sha256, Counts counts) {
        for (int attempt = 0; ; attempt++) {
            AttachmentState state = session.call(token -> transport.attachment(token, sha256));
            if (state.complete()) {
                return;
            }
            long from = state.received();
            try {
                state = session.call(token -> transport.upload(token, sha256, attachments.path(sha256), from));
            } catch (ServerRefusedException e) {
                if (!OFFSET_MISMATCH.equals(e.code())) {
                    throw e;
                }
                if (attempt + 1 >= OFFSET_RETRIES) {
                    throw new ServerRefusedException("附件 " + sha256 + " 的上传位置与服务器不一致，下次同步时从服务器已收到的位置继续",
                            e.httpStatus(), null, true);
                }
                continue;
            }
            if (!state.complete()) {
                throw new ServerRefusedException("附件 " + sha256 + " 上传到 " + state.received()
                        + " 字节时中断，下次同步时从这里继续", 0, null, true);
            }
            counts.uploaded++;
            return;
        }
    }

    /**
     * An operation of the outbox: its tree (read for its links and attachments) and its fields
     * as stored, the text {@code op.get("fields").toString()} gives (the store holds what Gson
     * wrote, which reads back and writes again as the same text).
     */
    record Pending(long seq, String recordId, JsonObject op, String fieldsText) {
    }

    /**
     * The body of a push: {@code {"operations":[op...],"released":[opId...]}} ("released" only
     * when there are any), each operation's members in the order {@link #nextBatch} gives them, as
     * the operations' trees would write it, with each operation's stored fields text written in
     * as it is rather than its tree written out again (FeedPage-like: one pass, no second copy).
     */
    static String pushBody(List<Pending> sent, List<String> released) {
        StringBuilder text = new StringBuilder(sent.size() * 1400 + 64);
        try {
            com.google.gson.stream.JsonWriter out = cn.fieldsync.schemas.StrictJson.writer(text);
            out.beginObject().name("operations").beginArray();
            for (Pending p : sent) {
                out.beginObject();
                for (java.util.Map.Entry<String, JsonElement> member : p.op().entrySet()) {
                    out.name(member.getKey());
                    if ("fields".equals(member.getKey())) {
                        out.jsonValue(p.fieldsText());
                    } else {
                        JsonPrimitive value = member.getValue().getAsJsonPrimitive();
                        if (value.isBoolean()) {
                            out.value(value.getAsBoolean());
                        } else if (value.isNumber()) {
                            out.value(value.getAsNumber());
                        } else {
                            out.value(value.getAsString());
                        }
                    }
                }
                out.endObject();
            }
            out.endArray();
            if (!released.isEmpty()) {
                out.name("released").beginArray();
                for (String opId : released) {
                    out.value(opId);
                }
                out.endArray();
            }
            out.endObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing into memory failed", e); // cannot happen
        }
        return text.toString();
    }

    private List<Pending> nextBatch(Connection c, long afterSeq) throws SQLException {
        List<Pending> batch = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, op_id, type, record_id, base_version, fields, del, prev_op_id"
                + " FROM outbox WHERE seq > ? AND state = 'pending' ORDER BY seq LIMIT " + pushBatch)) {
            ps.setLong(1, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject op = new JsonObject();
                    op.addProperty("opId", rs.getString(2));
                    op.addProperty("type", rs.getString(3));
                    op.addProperty("id", rs.getString(4));
                    op.addProperty("baseVersion", rs.getInt(5));
                    String fields = rs.getString(6);
                    op.add("fields", Json.fromStore(fields));
                    if (rs.getInt(7) == 1) {
                        op.addProperty("delete", true);
                    }
                    if (rs.getString(8) != null) {
                        op.addProperty("prevOpId", rs.getString(8));
                    }
                    batch.add(new Pending(rs.getLong(1), rs.getString(4), op, fields));
                }
            }
        }
        return batch;
    }

    /**
     * Marks the operations about to be sent, in one transaction: from now the server may hold them, so the
     * inspector can no longer discard or rewrite them as a draft (a tester's finding: a draft unit deleted
     * while its creation was on its way stayed on the server, while the device listed it as never sent).
     * An operation no longer in the outbox — withdrawn or rewritten by the inspector since the batch was
     * read — is left out: it goes, rewritten, at the next sync, or not at all.
     */
    private List<Pending> markSent(List<Pending> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        return db.inRoundTransaction(c -> {
            List<Pending> marked = new ArrayList<>();
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET sent_at = ? WHERE op_id = ?")) {
                for (Pending p : batch) {
                    ps.setLong(1, now);
                    ps.setString(2, p.op().get("opId").getAsString());
                    if (ps.executeUpdate() == 1) {
                        marked.add(p);
                    }
                }
            }
            return marked;
        });
    }

    /** Notes on an outbox operation why it waits ("pending") or was refused ("attention"); the first noting time stays. */
    static void note(Connection c, String opId, String state, String code, String reason) throws SQLException {
        // answered: the server holds nothing of it (a waiting one it holds is told apart by its code)
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, code = ?, reason = ?, sent_at = NULL,"
                + " noted_at = COALESCE(noted_at, ?) WHERE op_id = ?")) {
            ps.setString(1, state);
            ps.setString(2, code);
            ps.setString(3, reason);
            ps.setLong(4, System.currentTimeMillis());
            ps.setString(5, opId);
            ps.executeUpdate();
        }
    }

    /**
     * Stores the server's answer to one operation and takes it out of the outbox; false when the
     * operation stays: it waits (a "not yet" refusal: sent again at the next sync) or was refused
     * for good (kept, marked for the inspector's attention with the reason).
     */
    /** The statements that take an applied operation out of the outbox and note the version it left. */
    private record Applied(PreparedStatement done, PreparedStatement version) {
    }

    private boolean settle(Connection c, Applied applied, JsonObject op, JsonObject answer, Counts counts) throws SQLException {
        String opId = op.get("opId").getAsString();
        if (!opId.equals(text(answer, "opId"))) {
            throw new ServerRefusedException("the server answered operation " + text(answer, "opId") + " for " + opId
                    + "; the outbox is kept, sync again", 0, null, true);
        }
        JsonObject effective = answer;
        if ("duplicate".equals(text(answer, "status"))) {
            counts.duplicates++;
            effective = answer.getAsJsonObject("original");
        }
        String status = text(effective, "status");
        String recordId = op.get("id").getAsString();
        if ("rejected".equals(status)) {
            String code = String.valueOf(text(effective, "code"));
            String reason = Reasons.describe(code, text(effective, "message"));
            String waitedFor = Reasons.WAITS_FOR_LINKED.equals(code) ? waitingFor(c, op) : null;
            if (waitedFor != null) {
                reason = Reasons.describe(code, waitedFor);
            }
            boolean notYet = effective.has("final") ? !effective.get("final").getAsBoolean() : NOT_YET.contains(code);
            if (notYet) {
                counts.waiting++;
                note(c, opId, "pending", code, reason);
                DeviceDb.log(c, "waiting", opId + " " + code);
                return false;
            }
            counts.rejected++;
            note(c, opId, "attention", code, reason);
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO rejected (op_id, record_id, code, message,"
                    + " operation, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, opId);
                ps.setString(2, recordId);
                ps.setString(3, code);
                ps.setString(4, String.valueOf(text(effective, "message")));
                ps.setString(5, op.toString());
                ps.setLong(6, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return false;
        }
        counts.pushed++;
        switch (status == null ? "" : status) {
            case "applied" -> counts.applied++;
            case "merged" -> counts.merged++;
            case "conflict" -> {
                counts.conflicts++;
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO conflict (id, record_id, op_id, status,"
                        + " created_at) VALUES (?, ?, ?, 'OPEN', ?)")) {
                    ps.setString(1, text(effective, "conflictId"));
                    ps.setString(2, recordId);
                    ps.setString(3, opId);
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            default -> throw new ServerRefusedException("the server gave an unknown answer " + answer
                    + "; the outbox is kept", 0, null, false);
        }
        applied.done().setString(1, opId);
        applied.done().executeUpdate();
        if (effective.has("version")) {
            applied.version().setInt(1, effective.get("version").getAsInt());
            applied.version().setString(2, recordId);
            applied.version().setString(3, opId);
            applied.version().executeUpdate();
        }
        return true;
    }

    /** Refusals an older server sent without "final": not final, as the protocol defines them. */
    private static final Set<String> NOT_YET = Api26.setOf("attachment_missing", "unknown_record", "out_of_scope",
            "waits_for_earlier", Reasons.WAITS_FOR_LINKED);

    private static Set<String> ids(Connection c, String sql) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * Pulls pages until the server has no more. A removal drops the device's copy of a record
     * that left the user's sight; a reset (the user's scope changed) marks every known record,
     * and those the new feed does not bring back are dropped once the feed is through. A record
     * with un-pushed operations is never dropped: it is kept and counted in the report.
     */
    private void pull(Counts counts) {
        java.util.concurrent.ExecutorService fetcher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fieldsync-pull-ahead");
            t.setDaemon(true);
            return t;
        });
        try {
            pull(counts, fetcher);
        } finally {
            fetcher.shutdownNow();
        }
    }

    /** A page of the feed asked for (or being fetched and read) from a cursor under a scope. */
    private record PageRequest(long since, String scope, java.util.concurrent.Future<FeedPage> answer) {
    }

    /** A page of the feed, fetched and read into what is stored: on the fetching thread when fetched ahead. */
    private FeedPage page(long since, String scope) {
        return FeedPage.read(session.call(token -> transport.changes(token, since, scope, PULL_PAGE)));
    }

    /**
     * The pages are fetched one ahead: while one page is written to the store, the next is on
     * its way and read on the fetching thread, so the two cores share the work (it starts from the cursor and scope the page being written ends with, which is
     * exactly what the store holds once it is written). Fetching changes nothing on the server,
     * and a page fetched ahead is used only if the store's cursor and scope are what it was asked
     * from; so a failure at any point leaves the cursor where the last written page put it.
     */
    private void pull(Counts counts, java.util.concurrent.ExecutorService fetcher) {
        long pulled = 0;
        listener.progress(SyncListener.Phase.PULL, 0, -1);
        boolean more = true;
        PageRequest ahead = null;
        while (more) {
            long since = db.meta("cursor").map(Long::parseLong).orElse(0L);
            String scope = db.meta("scope").orElse(null);
            FeedPage page = ahead != null && ahead.since() == since && java.util.Objects.equals(ahead.scope(), scope)
                    ? awaited(ahead.answer()) : page(since, scope);
            ahead = null;
            List<FeedPage.Change> changes = page.changes;
            more = page.hasMore;
            boolean last = !more || changes.isEmpty();
            if (!last) {
                long nextSince = Long.parseLong(page.nextCursor);
                String nextScope = page.scope != null ? page.scope : scope;
                ahead = new PageRequest(nextSince, nextScope,
                        fetcher.submit(() -> page(nextSince, nextScope)));
            }
            db.inRoundTransaction(c -> {
                if (page.reset) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE shadow SET unseen = 1");
                    }
                    DeviceDb.setMeta(c, "sweep", "1");
                }
                try (PageWriter writer = new PageWriter(c)) {
                    for (FeedPage.Change change : changes) {
                        if (change.removed) {
                            count(drop(c, change.id), counts);
                        } else {
                            writer.apply(change);
                        }
                    }
                }
                DeviceDb.setMeta(c, "cursor", page.nextCursor);
                if (page.scope != null) {
                    DeviceDb.setMeta(c, "scope", page.scope);
                }
                if (last && DeviceDb.meta(c, "sweep").isPresent()) {
                    sweep(c, counts);
                }
                if (last) {
                    counts.removed += dropKeptOutOfSight(c);
                }
                return null;
            });
            pulled += changes.size();
            counts.pulled += changes.size();
            changes.forEach(change -> changed.accept(change.id));
            listener.progress(SyncListener.Phase.PULL, pulled, -1);
            if (changes.isEmpty()) {
                more = false;
            }
        }
    }

    /**
     * The answer of a request sent on another thread (a push or a page of the feed sent ahead), or
     * the failure it met, as if it had been sent here.
     */
    private static <T> T awaited(java.util.concurrent.Future<T> answer) {
        try {
            return answer.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ServerUnreachableException("暂时连不上服务器，记录都已保留 (the server could not be asked: " + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            // the app cancelled the sync (or interrupted its thread): what was answered is kept, the rest goes next time
            Thread.currentThread().interrupt();
            throw new SyncCancelledException("同步已取消；未完成的部分下次同步时继续 (interrupted while waiting for the server)", e);
        }
    }

    /** Drops what a reset feed did not bring back, except records with un-pushed operations. */
    private static void sweep(Connection c, Counts counts) throws SQLException {
        List<String> unseen = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shadow WHERE unseen = 1");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                unseen.add(rs.getString(1));
            }
        }
        for (String id : unseen) {
            count(drop(c, id), counts);
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE shadow SET unseen = 0 WHERE unseen = 1");
            s.executeUpdate("DELETE FROM meta WHERE key = 'sweep'");
        }
    }

    /**
     * Removes the records kept out of the user's sight for their un-pushed operations once none is left
     * (withdrawn, or refused and withdrawn): the removal the feed named was skipped for them, and is not
     * named again (a tester's finding: another county's danger, edited while a case's reach showed it,
     * stayed on the device, shown as synced, after the edit was withdrawn). A record that comes back into
     * sight is written by the feed again and no longer marked.
     *
     * @return how many records left the device
     */
    static int dropKeptOutOfSight(Connection c) throws SQLException {
        List<String> kept = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shadow s WHERE unseen = " + KEPT_OUT_OF_SIGHT
                + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = s.id)");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                kept.add(rs.getString(1));
            }
        }
        int dropped = 0;
        for (String id : kept) {
            if (drop(c, id) == Dropped.REMOVED) {
                dropped++;
                DeviceDb.log(c, "removed", id + " (out of your scope; its withdrawn changes are kept under attention --withdrawn)");
            }
        }
        return dropped;
    }

    /** {@code shadow.unseen} of a record out of the user's sight that the device keeps for its un-pushed operations. */
    private static final int KEPT_OUT_OF_SIGHT = 2;

    /** What a removal did on this device. */
    private enum Dropped {
        /** The device held the record and no longer does. */
        REMOVED,
        /** The device holds un-pushed operations of it: kept, and counted as kept out of scope. */
        KEPT,
        /** The device never held it (a new device's first feed names removals of records it never had). */
        NEVER_HELD
    }

    /**
     * Removes a record the user may no longer see. Only what the device held counts as removed: the
     * feed of a new device (cursor 0) names the removals of records that left the user's sight before
     * the device existed, and "3051 records removed" would tell the inspector of losses that never were.
     */
    private static Dropped drop(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE record_id = ? LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    // marked, so that it leaves once its operations do (dropKeptOutOfSight)
                    try (PreparedStatement mark = c.prepareStatement("UPDATE shadow SET unseen = " + KEPT_OUT_OF_SIGHT + " WHERE id = ?")) {
                        mark.setString(1, id);
                        mark.executeUpdate();
                    }
                    return Dropped.KEPT;
                }
            }
        }
        int held = 0;
        for (String table : new String[] {"shadow", "record"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                held += ps.executeUpdate();
            }
        }
        return held > 0 ? Dropped.REMOVED : Dropped.NEVER_HELD;
    }

    private static void count(Dropped dropped, Counts counts) {
        if (dropped == Dropped.REMOVED) {
            counts.removed++;
        } else if (dropped == Dropped.KEPT) {
            counts.keptOutOfScope++;
        }
    }

    /**
     * Writes one page of server state: the shadow, and what the device shows. A record with no
     * pending edit shows the server's state as it is; one with pending edits is rebuilt with them
     * on top. Statements are prepared once per page.
     */
    private static final class PageWriter implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement shadow;
        private final PreparedStatement record;

        PageWriter(Connection c) throws SQLException {
            this.c = c;
            this.shadow = c.prepareStatement("INSERT INTO shadow (id, type, version, deleted, body) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,"
                    + " body = excluded.body, unseen = 0 WHERE excluded.version >= shadow.version");
            // copied from the shadow row just written, inside SQLite: the body crosses into the database once;
            // a record with operations still in the outbox is not copied (none), it is rebuilt with them on top
            this.record = c.prepareStatement("INSERT INTO record (id, type, body, deleted, updated_at)"
                    + " SELECT id, type, body, deleted, ? FROM shadow WHERE id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM outbox WHERE record_id = ?)"
                    + " ON CONFLICT (id) DO UPDATE SET body = excluded.body, deleted = excluded.deleted,"
                    + " updated_at = excluded.updated_at");
        }

        void apply(FeedPage.Change change) throws SQLException {
            String id = change.id;
            shadow.setString(1, id);
            shadow.setString(2, change.type);
            shadow.setInt(3, change.version);
            shadow.setInt(4, change.deleted ? 1 : 0);
            shadow.setString(5, change.body);
            if (shadow.executeUpdate() == 0) {
                return; // an older state than the device holds: nothing to show
            }
            record.setLong(1, System.currentTimeMillis());
            record.setString(2, id);
            record.setString(3, id);
            if (record.executeUpdate() == 0) {
                // the shadow row is there (just written): only pending edits of the record hold the copy back
                rebuild(c, id);
            }
        }

        @Override
        public void close() throws SQLException {
            shadow.close();
            record.close();
        }
    }

    /** What the device shows = the server's state with the device's still-pending edits on top. */
    static void rebuild(Connection c, String id) throws SQLException {
        JsonObject body = null;
        String type = null;
        boolean deleted = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT type, deleted, body FROM shadow WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    type = rs.getString(1);
                    deleted = rs.getInt(2) == 1;
                    body = Json.fromStore(rs.getString(3));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT type, fields, del FROM outbox WHERE record_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    type = rs.getString(1);
                    if (body == null) {
                        body = new JsonObject();
                    }
                    for (var field : Json.fromStore(rs.getString(2)).entrySet()) {
                        if (field.getValue() instanceof JsonNull) {
                            body.remove(field.getKey());
                        } else {
                            body.add(field.getKey(), field.getValue());
                        }
                    }
                    deleted = deleted || rs.getInt(3) == 1;
                }
            }
        }
        if (body == null) {
            // never on the server and nothing pending (its create was refused): the refusal is in
            // the rejected table with the whole operation, so nothing is lost by dropping the row
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM record WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO record (id, type, body, deleted, updated_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, deleted = excluded.deleted,"
                + " updated_at = excluded.updated_at")) {
            ps.setString(1, id);
            ps.setString(2, type);
            ps.setString(3, body.toString());
            ps.setInt(4, deleted ? 1 : 0);
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    private static final List<String> OUT_OF_SCOPE_CODES = java.util.Arrays.asList("not_found", "out_of_scope", "forbidden");

    private void refreshConflicts() {
        List<String> open = db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM conflict WHERE status IN ('OPEN', '"
                    + cn.fieldsync.client.LocalConflict.OUT_OF_SCOPE
                    + "') OR fields IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
        for (String id : open) {
            JsonObject conflict;
            try {
                conflict = Json.fromServer(session.call(token -> transport.conflict(token, id)));
            } catch (FieldsyncException e) {
                if (e.retriable() || !OUT_OF_SCOPE_CODES.contains(e.code())) {
                    throw e;
                }
                // the record left this user's sight (a narrowed scope, a unit moved to another county): the server no
                // longer shows its conflict here. The round goes on; the conflict is kept, said to be the
                // administrator's now, and asked for again each round, so a restored scope brings it back
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE conflict SET status = ? WHERE id = ?")) {
                        ps.setString(1, cn.fieldsync.client.LocalConflict.OUT_OF_SCOPE);
                        ps.setString(2, id);
                        ps.executeUpdate();
                    }
                    return null;
                });
                continue;
            }
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE conflict SET status = ?, fields = ? WHERE id = ?")) {
                    ps.setString(1, text(conflict, "status"));
                    ps.setString(2, conflict.has("fields") ? conflict.get("fields").toString() : null);
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static final class Counts {
        int pushed;
        int applied;
        int merged;
        int conflicts;
        int rejected;
        int duplicates;
        int pulled;
        int uploaded;
        int waiting;
        int removed;
        int keptOutOfScope;
        int attention;
        long pushMillis;
        long pullMillis;

        SyncReport report() {
            return new SyncReport(pushed, applied, merged, conflicts, rejected, duplicates, pulled, uploaded, waiting,
                    removed, keptOutOfScope, attention, pushMillis, pullMillis);
        }
    }
}
