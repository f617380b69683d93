package cn.fieldsync.client;

import cn.fieldsync.client.internal.Attachments;
import cn.fieldsync.client.internal.Attention;
import cn.fieldsync.client.internal.DeviceDb;
import cn.fieldsync.client.internal.DeviceKeys;
import cn.fieldsync.client.internal.CancellableTransport;
import cn.fieldsync.client.internal.RecordStates;
import cn.fieldsync.client.internal.Json;
import cn.fieldsync.client.internal.Records;
import cn.fieldsync.client.internal.Session;
import cn.fieldsync.client.internal.SyncEngine;
import cn.fieldsync.schemas.ImageBytes;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Sealing;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A device's offline store: the public face of the device library (the SDK an app embeds, on the
 * JVM and on Android 8.0+). Records are written offline; {@link #sync} reconciles them with the
 * server.
 *
 * <pre>{@code
 * try (FieldStore store = FieldStore.open(Path.of("store"))) {
 *     store.init(serverUrl, "平板-01", "zhangming", password);      // once, with the network
 *     String id = store.create(RecordType.HAZARD, hazardJson);        // JSON text of the hazard; offline
 *     store.edit(id, "{\"responsiblePerson\":\"李某\"}");
 *     SyncReport report = store.sync(SyncListener.NONE);
 *     FieldRecord hazard = store.record(id).orElseThrow(IllegalStateException::new);
 *     System.out.println(hazard.state() + " " + report.summary());     // SYNCED pushed 2, ...
 * }
 * }</pre>
 *
 * <p>On Android the app plugs in its SQLite (a JDBC driver over the platform's SQLite, see
 * {@link StoreStorage}) and a validator that runs there; its own HTTP client too, if it wishes
 * ({@link Builder#transport}):
 * <pre>{@code
 * FieldStore store = FieldStore.builder(new File(filesDir, "store").toPath())
 *         .storage(file -> DriverManager.getConnection("jdbc:sqldroid:" + file))
 *         .validator(RecordValidator.serverOnly())
 *         .open();
 * }</pre>
 * Both examples are compiled, the first also run, by {@code ExamplesCompileAndRunTest}.
 *
 * <p>Threads: a store is safe to share between threads (a background sync while the inspector
 * writes): every write is one transaction, and no two threads' transactions mix; calls block
 * while another thread's transaction runs. One store directory may be opened by two processes
 * (the command line beside the app): each waits up to 10 s for the other's write, then throws
 * {@link StoreBusyException}. Every method but {@link #close()} may throw a
 * {@link FieldsyncException} subclass, named in its javadoc. Nothing returns null unless said;
 * parameters are non-null unless said.
 */
public final class FieldStore implements AutoCloseable {

    /** The store's database, in its directory: {@code fieldsync.db} (SQLite). */
    public static final String DATABASE_FILE = "fieldsync.db";
    /** The device's private sealing key (Ed25519, PKCS#8, readable by its owner only), in the store's directory. */
    public static final String DEVICE_KEY_FILE = "device-key";

    private final DeviceDb db;
    private final Records records;
    private final java.util.function.Function<String, SyncTransport> transports;
    private final java.util.List<RecordListener> recordListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FieldStore(DeviceDb db, java.util.function.Function<String, SyncTransport> transports) {
        this.db = db;
        this.records = new Records(db);
        this.transports = transports;
    }

    /**
     * Opens the store in a directory on the JVM (sqlite-jdbc, the default HTTP transport, the
     * packaged JSON Schemas), creating it when new.
     *
     * @param dir the store's directory (created when absent); it holds {@code fieldsync.db} and {@code attachments/}
     * @throws StoreException when the database cannot be opened (busy, damaged, or from a newer fieldsync)
     * @throws InputRefusedException when the directory cannot be created
     */
    public static FieldStore open(Path dir) {
        return builder(dir).open();
    }

    /** Whether the directory holds a store (its {@link #DATABASE_FILE}); opens nothing, makes nothing. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(DATABASE_FILE));
    }

    /**
     * The names of the files a store is made of in its directory, besides {@code attachments/}:
     * the database with SQLite's journal files, and the device key. A tool that made a store and
     * must take it back (a refused enrolment) deletes these and nothing else in the directory.
     */
    public static List<String> fileNames() {
        return java.util.Arrays.asList(DATABASE_FILE, DATABASE_FILE + "-wal", DATABASE_FILE + "-shm", DATABASE_FILE + "-journal",
                DEVICE_KEY_FILE);
    }

    /** A store with the app's own storage, transport or validator (see the class javadoc for Android). */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /**
     * What a store is opened with. Not thread-safe; build on one thread. Every setter answers
     * this builder.
     */
    public static final class Builder {
        private final Path dir;
        private StoreStorage storage = StoreStorage.sqliteJdbc();
        private RecordValidator validator = RecordValidator.jsonSchema();
        private java.util.function.Function<String, SyncTransport> transports = SyncTransport::http;

        private Builder(Path dir) {
            this.dir = java.util.Objects.requireNonNull(dir, "dir");
        }

        /** How the SQLite database is reached (default {@link StoreStorage#sqliteJdbc()}). */
        public Builder storage(StoreStorage value) {
            this.storage = java.util.Objects.requireNonNull(value, "storage");
            return this;
        }

        /** How records are checked before they are stored (default {@link RecordValidator#jsonSchema()}, JVM only). */
        public Builder validator(RecordValidator value) {
            this.validator = java.util.Objects.requireNonNull(value, "validator");
            return this;
        }

        /**
         * The transport for a server address (default {@link SyncTransport#http(String)}): used by
         * {@link #init(String, String, String, String)}, {@link #login(String, String)} and
         * {@link #sync(SyncListener)}; the methods that take a transport use the one given.
         */
        public Builder transport(java.util.function.Function<String, SyncTransport> forServerUrl) {
            this.transports = java.util.Objects.requireNonNull(forServerUrl, "transport");
            return this;
        }

        /**
         * Opens the store, creating it when new.
         *
         * @throws StoreException when the database cannot be opened
         * @throws InputRefusedException when the directory cannot be created
         */
        public FieldStore open() {
            return new FieldStore(DeviceDb.open(dir, storage, validator), transports);
        }
    }

    /**
     * Tells a listener of every change to records from now on (see {@link RecordListener} for
     * the thread it is called on).
     *
     * @return call {@link Registration#remove()} to stop
     */
    public Registration addRecordListener(RecordListener listener) {
        recordListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> recordListeners.remove(listener);
    }

    /** A listener's registration. */
    @FunctionalInterface
    public interface Registration {
        /** Stops telling the listener; idempotent. */
        void remove();
    }

    private void changed(RecordListener.Origin origin, java.util.Collection<String> ids) {
        if (ids.isEmpty() || recordListeners.isEmpty()) {
            return;
        }
        java.util.Set<String> set = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(ids));
        for (RecordListener listener : recordListeners) {
            try {
                listener.changed(set, origin);
            } catch (RuntimeException e) {
                // one listener's failure must not undo or break a committed write or a sync
            }
        }
    }

    private void changed(String id) {
        changed(RecordListener.Origin.LOCAL, java.util.Collections.singletonList(id));
    }

    /**
     * Logs in, enrols this device with the server for that user, and remembers all three; needs
     * the network once. The password is not stored: the device keeps a token pair bound to itself.
     * Blocks for the two requests (seconds); call it off the UI thread.
     *
     * @param serverUrl  {@code http://} or {@code https://} address of the server
     * @param deviceName how the administrator sees this device (e.g. 平板-01)
     * @param user       the inspector's user name
     * @param password   the password, used once and not kept
     * @return the device's id, as the server enrolled it
     * @throws InputRefusedException      when the store is initialised already, or the address or user is not usable
     * @throws ServerRefusedException     when the server refuses the login or the enrolment (its code says why)
     * @throws ServerUnreachableException when the server cannot be reached
     */
    public String init(String serverUrl, String deviceName, String user, String password) {
        return init(transports.apply(serverUrl), serverUrl, deviceName, user, password);
    }

    /** {@link #init(String, String, String, String)} through the given transport (tests, or a one-off client). */
    public String init(SyncTransport transport, String serverUrl, String deviceName, String user, String password) {
        if (db.meta("device.id").isPresent()) {
            throw new InputRefusedException("本设备存储已登记过（设备 " + db.meta("device.id").get()
                    + "）：请直接登录；另一台设备须在那台设备上单独登记 (this store is initialised already: log in)");
        }
        if (cn.fieldsync.client.internal.Api26.isBlank(user)) {
            throw new InputRefusedException("登记须写明使用本设备的用户 --user (init needs the user)");
        }
        JsonObject session;
        KeyPair keys;
        JsonObject device;
        try {
            session = Json.fromServer(transport.login(user, password, null));
            keys = DeviceKeys.create(db.dir());
            device = Json.fromServer(transport.enrol(session.get("token").getAsString(), deviceName,
                    Sealing.encode(keys.getPublic())));
        } catch (ServerUnreachableException e) {
            // the transport's words speak of records kept on the device: before enrolment there are none
            throw new ServerUnreachableException("无法连接服务器 " + serverUrl + "，本设备尚未登记，也还没有记录：请检查服务器地址"
                    + "（含 http:// 或 https:// 和端口号）和网络后再登记 (cannot reach the server; nothing enrolled yet)", e);
        }
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

    /**
     * Logs in again (after {@link SessionEndedException}: an ended session, a changed password);
     * only the device's own user may. Blocks for one request.
     *
     * @throws InputRefusedException      when the store is not initialised, or the user is not the device's
     * @throws ServerRefusedException     when the server refuses the login ({@code invalid_credentials}, ...)
     * @throws ServerUnreachableException when the server cannot be reached
     */
    public void login(String user, String password) {
        String server = db.meta("server").orElseThrow(() -> new InputRefusedException("本设备存储尚未登记，请先运行 fieldsync init (this store is not initialised: run init)"));
        login(transports.apply(server), user, password);
    }

    /** {@link #login(String, String)} through the given transport. */
    public void login(SyncTransport transport, String user, String password) {
        String deviceId = db.meta("device.id").orElseThrow(() -> new InputRefusedException("本设备存储尚未登记，请先运行 fieldsync init (this store is not initialised: run init)"));
        String owner = db.meta("user").orElse(user);
        if (!owner.equals(user)) {
            throw new InputRefusedException("本设备登记给了 " + owner + "；" + user
                    + " 须在自己的设备上登记后使用 (this device is enrolled for " + owner + ")");
        }
        Session.login(db, transport, user, password, deviceId);
        db.inTransaction(c -> {
            DeviceDb.log(c, "login", user);
            return null;
        });
    }

    /**
     * Stores a new record and queues it for the server; works offline. The document is checked
     * against its schema (the {@link RecordValidator}) and its links against the records on the
     * device before anything is stored.
     *
     * @param type     the record's type
     * @param document the record as a JSON object text, the schema's fields ({@code id} optional:
     *                 a lower-case UUID; one is made when absent)
     * @return the new record's id
     * @throws InputRefusedException when the document is not JSON, not valid (the message names
     *                               the field and the rule, in Chinese), links to a record the device
     *                               does not hold, or its id exists already
     * @throws StoreException        when the store fails (busy, damaged)
     */
    public String create(RecordType type, String document) {
        return create(type, parse(document));
    }

    /**
     * {@link #create(RecordType, String)} with a Gson document: for JVM tooling (the command line,
     * tests); an app uses the JSON text form.
     */
    public String create(RecordType type, JsonObject document) {
        String id = records.create(type, document);
        changed(id);
        return id;
    }

    /**
     * Stores many new records in one transaction (an import): all of them, or none when one is
     * refused. Gson documents: for JVM tooling.
     *
     * @return their ids, in order
     * @throws InputRefusedException when one is refused (the message says which); nothing is stored
     */
    public List<String> createAll(RecordType type, List<JsonObject> documents) {
        List<String> ids = records.createAll(type, documents);
        changed(RecordListener.Origin.LOCAL, ids);
        return ids;
    }

    /**
     * Changes top-level fields of a record and queues the change; works offline.
     *
     * @param id     the record's id
     * @param fields a JSON object text of the fields to change: {@code {"status":"RECTIFYING"}};
     *               a field set to {@code null} is removed
     * @throws InputRefusedException when the record does not exist on the device, is deleted or
     *                               sealed, the fields are not JSON, or the result is not valid
     *                               (an illegal status change, a server-managed field)
     * @throws StoreException        when the store fails
     */
    public void edit(String id, String fields) {
        Map<String, JsonElement> changes = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : parse(fields).entrySet()) {
            changes.put(e.getKey(), e.getValue());
        }
        edit(id, changes);
    }

    /** {@link #edit(String, String)} with Gson values (a JSON null removes a field): for JVM tooling. */
    public void edit(String id, Map<String, JsonElement> fields) {
        refuseMediaTypeEdit(id, fields);
        records.edit(id, fields);
        changed(id);
    }

    private static JsonObject parse(String json) {
        try {
            return cn.fieldsync.schemas.StrictJson.parseObject(java.util.Objects.requireNonNull(json, "document"));
        } catch (cn.fieldsync.schemas.StrictJson.MalformedJsonException e) {
            throw new InputRefusedException("不是有效的 JSON 对象 (not a JSON object): " + e.getMessage(), "malformed_json");
        }
    }

    /**
     * Adds a file to a record: the file is copied into the store under its SHA-256, an attachment
     * record holds its metadata, and a hazard's or an inspection's photos name it — unless the
     * record names the file already (a photo, a checklist item's evidence, a signature's image):
     * then only its bytes are given. The bytes go to the server at the next sync, before the
     * records that name them. A new photo on a signed inspection is refused (安全生产法 art 68,
     * {@code RecordChecks#signedContentKept}): clear the signatures first.
     *
     * @param capturedAt when the photo or recording was made, or null; kept as the clock time of
     *                   {@link #zone()} with its offset ({@code 2026-11-20T09:31:00+08:00})
     * @param location   where, as the schema's location object, or null
     * @return the attachment record's id
     */
    public String attach(String recordId, Path file, String mediaType, Instant capturedAt, JsonObject location) {
        String id = attachFile(recordId, file, mediaType, capturedAt, location);
        changed(RecordListener.Origin.LOCAL, java.util.Arrays.asList(recordId, id));
        return id;
    }

    /**
     * The stored copy of a file this device holds, by its SHA-256 (the name records use for it):
     * to show it, or to attach it to another record (an amendment). Read it; never write it.
     *
     * @return the file, or empty when its bytes are not on this device (or the name is no SHA-256)
     */
    public Optional<Path> file(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Attachments files = new Attachments(db.dir().resolve("attachments"));
        return files.holds(sha256) ? Optional.of(files.path(sha256)) : Optional.empty();
    }

    /**
     * {@link #attach(String, Path, String, Instant, JsonObject)} without a location.
     *
     * @param mediaType the file's media type ({@code image/jpeg}, ...)
     * @param capturedAt when the photo was taken, or null
     * @return the attachment record's id
     * @throws InputRefusedException when the record does not exist, the file cannot be read, or it
     *                               is larger than the server accepts (as the server last told)
     */
    public String attach(String recordId, Path file, String mediaType, Instant capturedAt) {
        return attach(recordId, file, mediaType, capturedAt, null);
    }

    private String attachFile(String recordId, Path file, String mediaType, Instant capturedAt, JsonObject location) {
        LocalRecord record = get(recordId).orElseThrow(() -> FieldsyncException.noRecord(recordId));
        refuseIfTooLarge(file);
        refuseIfNotTheImage(file, mediaType, record.type() == RecordType.HAZARD || record.type() == RecordType.INSPECTION);
        // the bytes first (content-addressed: kept once, harmless unnamed), so the check knows the photo's name
        Attachments.Imported imported = new Attachments(db.dir().resolve("attachments")).add(file);
        boolean picture = record.type() == RecordType.HAZARD || record.type() == RecordType.INSPECTION;
        // a file the record names already (a photo, a checklist item's evidence, a signature's image)
        // only gets its bytes here: it does not become one more photo
        boolean newPhoto = picture && !cn.fieldsync.schemas.AttachmentRefs.of(record.type(), record.body()).containsValue(imported.sha256());
        if (newPhoto) {
            refusePhotoUnderSignatures(record, imported.sha256());
        }
        String attachmentId = describe(recordId, file, imported, mediaType, capturedAt, location);
        if (newPhoto) {
            JsonArray photos = record.body().has("photos") ? record.body().getAsJsonArray("photos").deepCopy() : new JsonArray();
            photos.add(imported.sha256());
            edit(recordId, java.util.Collections.singletonMap("photos", photos));
        }
        return attachmentId;
    }

    /**
     * Keeps a handwritten signature's image for a record (安全生产法 art 68: the signers sign the
     * written record): the image is copied into the store under its SHA-256 and an attachment
     * record holds its metadata, to be uploaded at the next sync. The record itself is not
     * changed — a signature image is never one of its {@code photos}, which are evidence and signed
     * content ({@code cn.fieldsync.schemas.SignedContent}): the caller names it in the signature it
     * adds ({@code "signatureImage": sha256}), in the same edit as the signature.
     *
     * @param image the signature as an image file (PNG, JPEG, ...; its type is read from its name)
     * @return the image's SHA-256 (lower-case hex), the name a signature uses for it
     * @throws InputRefusedException when the record does not exist, the file cannot be read, is
     *                               not an image of its type, or is larger than the server accepts
     */
    public String attachSignatureImage(String recordId, Path image) {
        get(recordId).orElseThrow(() -> FieldsyncException.noRecord(recordId));
        String sha256 = storeSignatureImage(recordId, image);
        changed(RecordListener.Origin.LOCAL, java.util.Collections.singletonList(recordId));
        return sha256;
    }

    private String storeSignatureImage(String recordId, Path image) {
        refuseIfTooLarge(image);
        refuseIfNotTheImage(image, MediaTypes.guess(image), true);
        Attachments.Imported imported = new Attachments(db.dir().resolve("attachments")).add(image);
        describe(recordId, image, imported, MediaTypes.guess(image), Instant.now(), null);
        return imported.sha256();
    }

    /**
     * A photo added to a signed record changes what the signers signed (安全生产法 art 68;
     * {@code RecordChecks#signedContentKept}): refused before its attachment record is stored,
     * with the shared rule's reason, as the edit itself would be.
     */
    private static void refusePhotoUnderSignatures(LocalRecord record, String sha256) {
        JsonObject after = record.body().deepCopy();
        JsonArray photos = after.has("photos") ? after.getAsJsonArray("photos") : new JsonArray();
        photos.add(sha256);
        after.add("photos", photos);
        cn.fieldsync.schemas.RecordChecks.signedContentKept(record.body(), after).ifPresent(r -> {
            throw new InputRefusedException(r.pointer() + "：" + Reasons.describe(r.code(), r.message()) + " (" + r.code() + ")");
        });
    }

    /** The server's size limit, as it last told this device (checked offline, so a file is refused now, not at sync). */
    private void refuseIfTooLarge(Path file) {
        Optional<Long> limit = db.meta(SyncEngine.LIMIT_ATTACHMENT_BYTES).map(Long::parseLong);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InputRefusedException("无法读取文件 " + file + " (cannot read: " + e.getMessage() + ")");
        }
        if (limit.isPresent() && size > limit.get()) {
            throw new InputRefusedException("文件 " + file.getFileName() + " 有 " + size + " 字节，超过服务器允许的 " + limit.get()
                    + " 字节，无法同步；请压缩或换用较小的文件 (attachment_too_large)");
        }
    }

    /**
     * A photo whose bytes are not an image of its declared type (JPEG, PNG, WebP, HEIC:
     * {@link ImageBytes}) is refused now, in Chinese, as the server would refuse its record.
     */
    private static void refuseIfNotTheImage(Path file, String mediaType, boolean picture) {
        if (!picture && !ImageBytes.isChecked(mediaType)) {
            return;
        }
        byte[] head = new byte[ImageBytes.HEAD_LENGTH];
        int read = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n; read < head.length && (n = in.read(head, read, head.length - read)) >= 0; ) {
                read += n;
            }
        } catch (IOException e) {
            throw new InputRefusedException("无法读取文件 " + file + " (cannot read: " + e.getMessage() + ")");
        }
        byte[] bytes = java.util.Arrays.copyOf(head, read);
        String name = file.getFileName().toString();
        String problem = picture ? ImageBytes.photoProblem(mediaType, bytes, name) : ImageBytes.problem(mediaType, bytes, name);
        if (problem != null) {
            throw new InputRefusedException(problem + " (invalid_record: /mediaType)");
        }
    }

    /**
     * An edit of an attachment's media type is checked against its bytes as an attach is (the
     * server reads the bytes the same way): a text file does not become a JPEG by saying so, and
     * a file of a danger or an inspection (a photo or signature) stays an image.
     */
    private void refuseMediaTypeEdit(String id, Map<String, JsonElement> fields) {
        JsonElement declared = fields.get("mediaType");
        if (declared == null || !declared.isJsonPrimitive()) {
            return;
        }
        Optional<LocalRecord> attachment = get(id);
        if (!attachment.isPresent() || attachment.get().type() != RecordType.ATTACHMENT) {
            return;
        }
        JsonObject body = attachment.get().body();
        String owner = body.has("recordId") ? body.get("recordId").getAsString() : null;
        Optional<LocalRecord> record = owner == null ? Optional.<LocalRecord>empty() : get(owner);
        boolean picture = record.isPresent() && (record.get().type() == RecordType.HAZARD || record.get().type() == RecordType.INSPECTION);
        Optional<Path> file = file(body.has("sha256") ? body.get("sha256").getAsString() : null);
        if (file.isPresent()) {
            refuseIfNotTheImage(file.get(), declared.getAsString(), picture);
        } else if (picture && !ImageBytes.isChecked(declared.getAsString())) {
            throw new InputRefusedException(ImageBytes.photoProblem(declared.getAsString(), null, null) + " (invalid_record: /mediaType)");
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
            // in the store's zone with its offset (2026-11-20T09:31:00+08:00), as every time of the store is shown,
            // not in UTC: the inspector reads back the clock time they gave (a tester's finding)
            metadata.addProperty("capturedAt", java.time.OffsetDateTime.ofInstant(capturedAt, zone())
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
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
     *
     * @param signerPosition the signer's post, or null
     * @param signatureImage the handwritten signature as an image file (copied into the store)
     * @throws InputRefusedException when the record does not exist, is not an inspection or a
     *                               pledge, is sealed already, lacks the inspectors' signatures
     *                               (安全生产法 art 68), or the store is not initialised
     */
    public void seal(String id, String signerName, String signerPosition, Path signatureImage) {
        LocalRecord record = sealable(id);
        String sha256 = storeSignatureImage(id, signatureImage);
        JsonObject body = record.body();
        Map<String, JsonElement> changes = new LinkedHashMap<>();
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
     *
     * @throws InputRefusedException when the record does not exist, is not an inspection, is
     *                               sealed already, or lacks the inspectors' signatures
     */
    public void sealRefused(String id, String refusedBy, String refusedByRole, String witness) {
        LocalRecord record = sealable(id);
        if (record.type() != RecordType.INSPECTION) {
            throw new InputRefusedException("只有现场检查记录可以记录拒签 (only an inspection record can record a refusal to sign)");
        }
        JsonObject refusal = new JsonObject();
        refusal.addProperty("refusedBy", refusedBy);
        refusal.addProperty("refusedByRole", refusedByRole);
        JsonObject witnessed = new JsonObject();
        witnessed.addProperty("name", witness);
        refusal.add("witness", witnessed);
        refusal.addProperty("recordedAt", now());
        Map<String, JsonElement> changes = new LinkedHashMap<>();
        changes.put("refusalToSign", refusal);
        sealWith(id, record.body(), changes);
    }

    private LocalRecord sealable(String id) {
        LocalRecord record = get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
        if (record.type() != RecordType.INSPECTION && record.type() != RecordType.PLEDGE) {
            throw new InputRefusedException("只有现场检查记录和责任书需要签字封存 (only inspection records and pledges are sealed)");
        }
        if ("SEALED".equals(record.body().has("status") ? record.body().get("status").getAsString() : null)) {
            throw new InputRefusedException("记录 " + id + " 已签字封存 (sealed already)");
        }
        return record;
    }

    private void sealWith(String id, JsonObject body, Map<String, JsonElement> changes) {
        JsonObject sealedBody = body.deepCopy();
        changes.forEach(sealedBody::add);
        sealedBody.addProperty("status", "SEALED");
        if (get(id).get().type() == RecordType.INSPECTION) {
            // the server refuses a sealed record without them, and a sealed record cannot be fixed
            String[] problem = InspectionSignatures.problem(sealedBody,
                    InspectionSignatures.DEFAULT_MIN_INSPECTORS);
            if (problem != null) {
                // the hint only where it helps: an officer who has not signed yet
                String hint = problem[1].contains("尚未签字的执法人员") ? "（先为每位执法人员签名，例如 edit ID signatures=[...]）" : "";
                throw new InputRefusedException("未封存：" + problem[1] + hint + " (not sealed: " + problem[0] + ")");
            }
        }
        String hash = Sealing.hash(sealedBody);
        JsonObject seal = new JsonObject();
        seal.addProperty("algorithm", Sealing.ALGORITHM);
        seal.addProperty("deviceId", db.meta("device.id").orElseThrow(() -> new InputRefusedException("本设备存储尚未登记，请先运行 fieldsync init (this store is not initialised: run init)")));
        seal.addProperty("hash", hash);
        seal.addProperty("signature", Sealing.sign(DeviceKeys.privateKey(db.dir()), hash));
        seal.addProperty("sealedAt", now());
        changes.put("status", new JsonPrimitive("SEALED"));
        changes.put("seal", seal);
        edit(id, changes);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Marks a record deleted (a tombstone: evidence is never erased) and queues the deletion; a
     * record never synced whose changes the server refused, and a unit or person made here and
     * not yet sent (the inspector's draft), are withdrawn instead ({@link #withdraw}).
     *
     * @throws InputRefusedException when the record does not exist on the device, or is sealed; or
     *                               may not be deleted from a device ({@code cn.fieldsync.schemas.Deletions}):
     *                               a unit or person, evidence past its draft (sealed, listed, in
     *                               treatment), or a record a danger or amendment on this device stands on
     */
    public void delete(String id) {
        records.delete(id);
        changed(id);
    }

    /** The record as Gson sees it (JVM tooling); an app uses {@link #record(String)}. Empty when the device has no such record. */
    public Optional<LocalRecord> get(String id) {
        return records.get(id);
    }

    /** All records of a type as Gson sees them, in memory (JVM tooling); an app uses {@link #find}. */
    public List<LocalRecord> list(RecordType type) {
        return records.list(type);
    }

    /** Each record of a type in id order, one at a time, however many there are (JVM tooling). */
    public void forEach(RecordType type, Consumer<LocalRecord> action) {
        records.forEach(type, action);
    }

    /**
     * The record with its state, or empty when the device holds none with this id.
     *
     * @throws StoreException when the store fails
     */
    public Optional<FieldRecord> record(String id) {
        Optional<LocalRecord> record = records.get(id);
        if (!record.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(RecordStates.read(db).of(record.get()));
    }

    /**
     * The records a query names, in id order (ids are time-ordered UUIDs: oldest first). Reads
     * the store only; streams through the records of the type, so it suits stores of any size,
     * and answers the matches in memory.
     *
     * @throws StoreException when the store fails
     */
    public List<FieldRecord> find(RecordQuery query) {
        RecordStates states = RecordStates.read(db);
        List<FieldRecord> found = new ArrayList<>();
        for (RecordType type : query.type() == null ? java.util.Arrays.asList(RecordType.values())
                : java.util.Collections.singletonList(query.type())) {
            records.forEach(type, r -> {
                if (states.matches(r, query)) {
                    found.add(states.of(r));
                }
            });
        }
        return found;
    }

    /**
     * One sync round against the server given at init: push the outbox (files first), then pull
     * the changes of the user's scope. Blocks until done (seconds to minutes): run it off the UI
     * thread. See {@link #sync(SyncTransport, SyncListener, CancellationToken)}.
     */
    public SyncReport sync(SyncListener listener) {
        return sync(listener, CancellationToken.none());
    }

    /** {@link #sync(SyncListener)} that another thread may cancel with the token. */
    public SyncReport sync(SyncListener listener, CancellationToken cancel) {
        String server = db.meta("server").orElseThrow(() -> new InputRefusedException("本设备存储尚未登记，请先运行 fieldsync init (this store is not initialised: run init)"));
        return sync(transports.apply(server), listener, cancel);
    }

    /** {@link #sync(SyncTransport, SyncListener, CancellationToken)} that only an interrupt stops. */
    public SyncReport sync(SyncTransport transport, SyncListener listener) {
        return sync(transport, listener, CancellationToken.none());
    }

    /**
     * One sync round through the given transport. Safe to run beside the inspector's writes on
     * other threads; two syncs of one store at once are not (the second waits for the first's
     * transactions and may send the same batch again, which the server answers as a duplicate).
     * Every batch and page is committed as it arrives, so a sync stopped anywhere — cancelled,
     * interrupted, the network lost, the app killed — loses nothing and the next sync resumes.
     *
     * @param listener told the progress after each batch or page, on this thread
     * @param cancel   cancels the round from another thread (between two requests)
     * @return what the round did
     * @throws SyncCancelledException     when cancelled or interrupted
     * @throws ServerUnreachableException when the server cannot be reached (the outbox is kept)
     * @throws SessionEndedException      when the device must log in again ({@link #login})
     * @throws ProtocolUnsupportedException when the server no longer speaks this library's protocol
     * @throws ServerRefusedException     when the server refuses the round (a revoked device, ...)
     * @throws InputRefusedException      when the store is not initialised
     * @throws StoreException             when the store fails
     */
    public SyncReport sync(SyncTransport transport, SyncListener listener, CancellationToken cancel) {
        java.util.Set<String> changedIds = new java.util.LinkedHashSet<>();
        SyncListener progress = (phase, done, total) -> {
            // each call follows a committed batch or page: tell the record listeners, then stop here if cancelled
            changed(RecordListener.Origin.SYNC, changedIds);
            changedIds.clear();
            listener.progress(phase, done, total);
            cancel.throwIfCancelled();
        };
        try {
            return new SyncEngine(db, new CancellableTransport(transport, cancel), progress).onRecordChanged(changedIds::add).run();
        } finally {
            changed(RecordListener.Origin.SYNC, changedIds);
        }
    }

    /**
     * The store at a glance: server, device, pending operations, last sync, conflicts, refusals,
     * what needs attention. Reads only; never needs the network.
     *
     * @return never null; its server and device fields are null before {@link #init}
     * @throws StoreException when the store fails
     */
    public StoreStatus status() {
        return db.read(c -> {
            int pending = count(c, "SELECT COUNT(*) FROM outbox");
            int open = count(c, "SELECT COUNT(*) FROM conflict WHERE status IN ('OPEN', 'OUT_OF_SCOPE')");
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
     * The zone the server counts days and shows times in (its {@code fieldsync.zone}, learned at each
     * sync; {@code Asia/Shanghai}, the server's default, before the first): show every time of this
     * store in it, never in the device's own zone, so the inspector reads the clock time the server,
     * the console and printed documents give. Reads only.
     *
     * @throws StoreException when the store fails
     */
    public java.time.ZoneId zone() {
        return db.read(DeviceDb::zone);
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
     * inspector's fixes): its held changes become one operation with a new opId. A record whose
     * changes wait (for a linked record, say) is folded the same way, so what it links to now
     * (a corrected inspection) is what goes. A record whose changes are queued and neither refused
     * nor waiting is left as it is: the next sync sends it anyway.
     *
     * @throws FieldsyncException when the record has no change waiting to be sent, or is still not valid
     */
    public void resend(String id) {
        new Attention(db).resend(id);
        changed(id);
    }

    /**
     * Withdraws the refused or waiting changes of a record: they are kept on the device as
     * withdrawn (see {@link #withdrawn()}), never erased, and the record shows the server's state
     * again (or, never synced, leaves the lists). A record made on this device and never sent is
     * withdrawn whole, the same way (a draft discarded), with the photos described for it.
     *
     * @param note why, in the inspector's words (may be null)
     * @throws InputRefusedException when nothing of the record is refused, waiting or unsent; or
     *                               it was never sent and another record on the device links to it
     */
    public void withdraw(String id, String note) {
        new Attention(db).withdraw(id, note);
        changed(id);
    }

    /** The withdrawn operations, newest first: {@code opId, recordId, type, operation, code, reason, note, withdrawnAt}. */
    public List<JsonObject> withdrawn() {
        return new Attention(db).withdrawn();
    }

    /**
     * The conflicts the server reported for this device's edits, oldest first, as of the last
     * sync ({@code status} OPEN until an administrator decides). Reads only.
     *
     * @throws StoreException when the store fails
     */
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

    /** Closes the database connection; the store must not be used afterwards. Idempotent only as the JDBC driver's close is. */
    @Override
    public void close() {
        db.close();
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
