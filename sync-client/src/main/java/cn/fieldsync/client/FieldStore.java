package cn.fieldsync.client;

import cn.fieldsync.client.internal.Attachments;
import cn.fieldsync.client.internal.Attention;
import cn.fieldsync.client.internal.DeviceDb;
import cn.fieldsync.client.internal.DeviceKeys;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.client.internal.Json;
import cn.fieldsync.client.internal.Records;
import cn.fieldsync.client.internal.Session;
import cn.fieldsync.client.internal.SyncEngine;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Sealing;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonObject;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device's offline store: the public face of the sync client.
 *
 * <pre>{@code
 * try (FieldStore store = FieldStore.open(Path.of("store"))) {
 *     store.init("http://localhost:8080", "平板-01", "zhangming");
 *     String id = store.create(RecordType.HAZARD, hazardJson);
 *     store.edit(id, Map.of("status", new JsonPrimitive("RECTIFIED")));
 *     SyncReport report = store.sync(SyncListener.NONE);
 * }
 * }</pre>
 *
 * Writes work offline; {@link #sync} reconciles with the server. A store is safe to share
 * between threads (a background sync while the inspector writes): every write is one
 * transaction, and no two threads' transactions mix. One store is used by one process at a time.
 */
public final class FieldStore implements AutoCloseable {

    private final DeviceDb db;
    private final Records records;

    private FieldStore(DeviceDb db) {
        this.db = db;
        this.records = new Records(db);
    }

    /** Opens (and creates, when new) the store in a directory. */
    public static FieldStore open(Path dir) {
        return new FieldStore(DeviceDb.open(dir));
    }

    /**
     * Logs in, enrols this device with the server for that user, and remembers all three; needs
     * the network once. The password is not stored: the device keeps a token pair bound to itself.
     */
    public String init(String serverUrl, String deviceName, String user, String password) {
        return init(new HttpTransport(serverUrl), serverUrl, deviceName, user, password);
    }

    public String init(SyncTransport transport, String serverUrl, String deviceName, String user, String password) {
        if (db.meta("device.id").isPresent()) {
            throw new InputRefusedException("this store is initialised already (device " + db.meta("device.id").get()
                    + "); use login to log in again, or another --store for another device");
        }
        if (cn.fieldsync.client.internal.Api26.isBlank(user)) {
            throw new InputRefusedException("init needs the user who works on this device (--user)");
        }
        JsonObject session = Json.fromServer(transport.login(user, password, null));
        java.security.KeyPair keys = DeviceKeys.create(db.dir());
        JsonObject device = Json.fromServer(transport.enrol(session.get("token").getAsString(), deviceName,
                Sealing.encode(keys.getPublic())));
        String deviceId = device.get("id").getAsString();
        db.inTransaction(c -> {
            DeviceDb.setMeta(c, "server", serverUrl);
            DeviceDb.setMeta(c, "device.id", deviceId);
            DeviceDb.setMeta(c, "device.name", deviceName);
            DeviceDb.setMeta(c, "user", user);
            DeviceDb.log(c, "init", "enrolled as " + deviceId + " with " + serverUrl + " for " + user);
            return null;
        });
        Session.login(db, transport, user, password, deviceId);
        return deviceId;
    }

    /** Logs in again (an ended session, a changed password); only the device's own user may. */
    public void login(String user, String password) {
        String server = db.meta("server").orElseThrow(() -> new InputRefusedException("this store is not initialised: run init"));
        login(new HttpTransport(server), user, password);
    }

    public void login(SyncTransport transport, String user, String password) {
        String deviceId = db.meta("device.id").orElseThrow(() -> new InputRefusedException("this store is not initialised: run init"));
        String owner = db.meta("user").orElse(user);
        if (!owner.equals(user)) {
            throw new InputRefusedException("this device is enrolled for " + owner + "; " + user
                    + " needs a device of their own (init with another --store)");
        }
        Session.login(db, transport, user, password, deviceId);
        db.inTransaction(c -> {
            DeviceDb.log(c, "login", user);
            return null;
        });
    }

    /** Stores a new record (validated against its schema) and queues it for the server; returns its id. */
    public String create(RecordType type, JsonObject document) {
        return records.create(type, document);
    }

    /** Stores many new records in one transaction (an import); returns their ids in order. */
    public List<String> createAll(RecordType type, List<JsonObject> documents) {
        return records.createAll(type, documents);
    }

    /** Changes top-level fields of a record (a JSON null removes one) and queues the change. */
    public void edit(String id, Map<String, JsonElement> fields) {
        records.edit(id, fields);
    }

    /**
     * Adds a file to a record: the file is copied into the store under its SHA-256, an attachment
     * record holds its metadata, and a hazard's or an inspection's photos name it. The bytes go
     * to the server at the next sync, before the records that name them.
     *
     * @param capturedAt when the photo or recording was made, or null
     * @param location   where, as the schema's location object, or null
     * @return the attachment record's id
     */
    public String attach(String recordId, Path file, String mediaType, Instant capturedAt, JsonObject location) {
        LocalRecord record = get(recordId).orElseThrow(() -> FieldsyncException.noRecord(recordId));
        refuseIfTooLarge(file);
        Attachments.Imported imported = new Attachments(db.dir().resolve("attachments")).add(file);
        String attachmentId = describe(recordId, file, imported, mediaType, capturedAt, location);
        if (record.type() == RecordType.HAZARD || record.type() == RecordType.INSPECTION) {
            JsonArray photos = record.body().has("photos") ? record.body().getAsJsonArray("photos").deepCopy() : new JsonArray();
            if (!photos.contains(new JsonPrimitive(imported.sha256()))) {
                photos.add(imported.sha256());
                edit(recordId, java.util.Collections.singletonMap("photos", photos));
            }
        }
        return attachmentId;
    }

    /** The server's size limit, as it last told this device (checked offline, so a file is refused now, not at sync). */
    private void refuseIfTooLarge(Path file) {
        Optional<Long> limit = db.meta(SyncEngine.LIMIT_ATTACHMENT_BYTES).map(Long::parseLong);
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new InputRefusedException("无法读取文件 " + file + " (cannot read: " + e.getMessage() + ")");
        }
        if (limit.isPresent() && size > limit.get()) {
            throw new InputRefusedException("文件 " + file.getFileName() + " 有 " + size + " 字节，超过服务器允许的 " + limit.get()
                    + " 字节，无法同步；请压缩或换用较小的文件 (attachment_too_large)");
        }
    }

    /** The attachment record: what a file is, when and where it was captured, and whose it is. */
    private String describe(String recordId, Path file, Attachments.Imported imported, String mediaType, Instant capturedAt,
                            JsonObject location) {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("sha256", imported.sha256());
        metadata.addProperty("size", imported.size());
        metadata.addProperty("mediaType", mediaType);
        String name = file.getFileName().toString();
        if (name.matches("[^/\\\u0000-\u001f]{1,200}")) {
            metadata.addProperty("fileName", name);
        }
        if (capturedAt != null) {
            metadata.addProperty("capturedAt", capturedAt.toString());
        }
        if (location != null) {
            metadata.add("location", location);
        }
        metadata.addProperty("recordId", recordId);
        return create(RecordType.ATTACHMENT, metadata);
    }

    /**
     * Seals an inspection record or a pledge, signed on site: the signer's handwritten signature
     * (an image file) is attached, the record is marked SEALED, and its canonical JSON is hashed
     * and signed with this device's key. From then on it accepts no edit; corrections are
     * amendments (new records with {@code "amends": id}).
     */
    public void seal(String id, String signerName, String signerPosition, Path signatureImage) {
        LocalRecord record = sealable(id);
        refuseIfTooLarge(signatureImage);
        Attachments.Imported image = new Attachments(db.dir().resolve("attachments")).add(signatureImage);
        describe(id, signatureImage, image, MediaTypes.guess(signatureImage), Instant.now(), null);
        String sha256 = image.sha256();
        JsonObject body = record.body();
        Map<String, JsonElement> changes = new java.util.LinkedHashMap<>();
        if (record.type() == RecordType.INSPECTION) {
            JsonArray signatures = body.has("signatures") ? body.getAsJsonArray("signatures").deepCopy() : new JsonArray();
            JsonObject signature = new JsonObject();
            signature.addProperty("role", "UNIT_PERSON_IN_CHARGE");
            signature.addProperty("name", signerName);
            if (signerPosition != null) {
                signature.addProperty("position", signerPosition);
            }
            signature.addProperty("signedAt", now());
            signature.addProperty("signatureImage", sha256);
            signatures.add(signature);
            changes.put("signatures", signatures);
        } else {
            changes.put("signatureImage", new JsonPrimitive(sha256));
            changes.put("signedAt", new JsonPrimitive(now()));
        }
        sealWith(id, body, changes);
    }

    /**
     * Seals an inspection record whose inspected unit's person in charge refused to sign
     * (安全生产法 art 68): the refusal and its witness are recorded and sealed.
     */
    public void sealRefused(String id, String refusedBy, String refusedByRole, String witness) {
        LocalRecord record = sealable(id);
        if (record.type() != RecordType.INSPECTION) {
            throw new InputRefusedException("only an inspection record can record a refusal to sign");
        }
        JsonObject refusal = new JsonObject();
        refusal.addProperty("refusedBy", refusedBy);
        refusal.addProperty("refusedByRole", refusedByRole);
        JsonObject witnessed = new JsonObject();
        witnessed.addProperty("name", witness);
        refusal.add("witness", witnessed);
        refusal.addProperty("recordedAt", now());
        Map<String, JsonElement> changes = new java.util.LinkedHashMap<>();
        changes.put("refusalToSign", refusal);
        sealWith(id, record.body(), changes);
    }

    private LocalRecord sealable(String id) {
        LocalRecord record = get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
        if (record.type() != RecordType.INSPECTION && record.type() != RecordType.PLEDGE) {
            throw new InputRefusedException("only inspection records and pledges are sealed");
        }
        if ("SEALED".equals(record.body().has("status") ? record.body().get("status").getAsString() : null)) {
            throw new InputRefusedException("record " + id + " is sealed already");
        }
        return record;
    }

    private void sealWith(String id, JsonObject body, Map<String, JsonElement> changes) {
        JsonObject sealedBody = body.deepCopy();
        changes.forEach(sealedBody::add);
        sealedBody.addProperty("status", "SEALED");
        if (get(id).get().type() == RecordType.INSPECTION) {
            // the server refuses a sealed record without them, and a sealed record cannot be fixed
            String[] problem = cn.fieldsync.schemas.InspectionSignatures.problem(sealedBody,
                    cn.fieldsync.schemas.InspectionSignatures.DEFAULT_MIN_INSPECTORS);
            if (problem != null) {
                throw new InputRefusedException("not sealed: " + problem[1] + " (" + problem[0]
                        + "; add each inspector's signature with edit ID signatures=[...] first)");
            }
        }
        String hash = Sealing.hash(sealedBody);
        JsonObject seal = new JsonObject();
        seal.addProperty("algorithm", Sealing.ALGORITHM);
        seal.addProperty("deviceId", db.meta("device.id").orElseThrow(() -> new InputRefusedException("this store is not initialised: run init")));
        seal.addProperty("hash", hash);
        seal.addProperty("signature", Sealing.sign(DeviceKeys.privateKey(db.dir()), hash));
        seal.addProperty("sealedAt", now());
        changes.put("status", new JsonPrimitive("SEALED"));
        changes.put("seal", seal);
        edit(id, changes);
    }

    private static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** Marks a record deleted (a tombstone: evidence is never erased) and queues the deletion. */
    public void delete(String id) {
        records.delete(id);
    }

    public Optional<LocalRecord> get(String id) {
        return records.get(id);
    }

    /** All records of a type, in memory: for small stores; {@link #forEach} streams. */
    public List<LocalRecord> list(RecordType type) {
        return records.list(type);
    }

    /** Each record of a type in id order, one at a time, however many there are. */
    public void forEach(RecordType type, java.util.function.Consumer<LocalRecord> action) {
        records.forEach(type, action);
    }

    /** One sync round against the server given at init. */
    public SyncReport sync(SyncListener listener) {
        String server = db.meta("server").orElseThrow(() -> new InputRefusedException("this store is not initialised: run init"));
        return sync(new HttpTransport(server), listener);
    }

    public SyncReport sync(SyncTransport transport, SyncListener listener) {
        return new SyncEngine(db, transport, listener).run();
    }

    public StoreStatus status() {
        return db.read(c -> {
            int pending = count(c, "SELECT COUNT(*) FROM outbox");
            int open = count(c, "SELECT COUNT(*) FROM conflict WHERE status = 'OPEN'");
            int rejected = count(c, "SELECT COUNT(*) FROM rejected");
            Instant last = db.meta("last-sync").map(v -> Instant.ofEpochMilli(Long.parseLong(v))).orElse(null);
            return new StoreStatus(db.meta("server").orElse(null), db.meta("device.id").orElse(null),
                    db.meta("device.name").orElse(null), pending, last, open, rejected,
                    db.meta("cursor").map(Long::parseLong).orElse(0L),
                    count(c, "SELECT COUNT(DISTINCT record_id) FROM outbox WHERE state = 'attention'"),
                    count(c, "SELECT COUNT(DISTINCT record_id) FROM outbox WHERE state = 'pending' AND code IS NOT NULL"
                            + " AND record_id NOT IN (SELECT record_id FROM outbox WHERE state = 'attention')"));
        });
    }

    /**
     * What needs the inspector, one item per record: changes the server refused for good
     * ({@link AttentionItem.Kind#NEEDS_ACTION}: fix with {@link #edit} and {@link #resend}, or
     * {@link #withdraw}) first, then changes that wait ({@link AttentionItem.Kind#WAITING}: sent
     * again at every sync). Filled by {@link #sync}; reads the store only.
     */
    public List<AttentionItem> attention() {
        return new Attention(db).list();
    }

    /**
     * Sends a refused record again at the next sync, as it is now on the device (after the
     * inspector's fixes): its held changes become one operation with a new opId.
     *
     * @throws FieldsyncException when nothing of the record was refused, or it is still not valid
     */
    public void resend(String id) {
        new Attention(db).resend(id);
    }

    /**
     * Withdraws the refused or waiting changes of a record: they are kept on the device as
     * withdrawn (see {@link #withdrawn()}), never erased, and the record shows the server's state
     * again (or, never synced, leaves the lists).
     *
     * @param note why, in the inspector's words (may be null)
     */
    public void withdraw(String id, String note) {
        new Attention(db).withdraw(id, note);
    }

    /** The withdrawn operations, newest first: {@code opId, recordId, type, operation, code, reason, note, withdrawnAt}. */
    public List<JsonObject> withdrawn() {
        return new Attention(db).withdrawn();
    }

    public List<LocalConflict> conflicts() {
        return db.read(c -> {
            List<LocalConflict> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, record_id, op_id, status, fields FROM conflict ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new LocalConflict(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5) == null ? new JsonObject() : Json.fromStore(rs.getString(5))));
                }
            }
            return list;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    private static int count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
