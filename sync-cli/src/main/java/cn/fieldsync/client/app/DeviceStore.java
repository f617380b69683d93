package cn.fieldsync.client.app;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.StoreStatus;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The app's only door to the device library: every call the inspector's app makes on
 * {@link FieldStore} goes through here, so when the library's API changes (typed exceptions,
 * listeners, queries) only this class follows it. Thread-safe as {@link FieldStore} is.
 */
final class DeviceStore implements AutoCloseable {

    private final Path dir;
    private final FieldStore store;

    DeviceStore(Path dir) {
        this.dir = dir;
        this.store = FieldStore.open(dir);
    }

    /** Whether this store has enrolled a device (init ran). */
    boolean enrolled() {
        return status().deviceId() != null;
    }

    StoreStatus status() {
        return store.status();
    }

    String enrol(String server, String deviceName, String user, String password) {
        return store.init(server, deviceName, user, password);
    }

    void login(String user, String password) {
        store.login(user, password);
    }

    List<LocalRecord> list(RecordType type) {
        return store.list(type);
    }

    Optional<LocalRecord> get(String id) {
        return store.get(id);
    }

    String create(RecordType type, JsonObject document) {
        return store.create(type, document);
    }

    void edit(String id, Map<String, JsonElement> fields) {
        store.edit(id, fields);
    }

    /**
     * A photo of a record (or of one checklist item of an inspection: then the item's evidence
     * names it too). Answers the photo's SHA-256, the name records use for it.
     */
    String addPhoto(String recordId, byte[] bytes, String mediaType, Instant capturedAt, JsonObject location, String itemCode) {
        String sha256 = sha256(bytes);
        // the item's new evidence is made before anything is stored: a refused request leaves the record as it was
        // (a tester found the photo attached under a 422 "没有检查项 HC-99"); attaching touches only the photos
        JsonArray changed = itemCode == null ? null : withEvidence(recordId, itemCode, sha256);
        Path file = temporary(bytes, mediaType);
        try {
            store.attach(recordId, file, mediaType, capturedAt, location);
        } catch (InputRefusedException e) {
            // the app's own temporary file is no name the inspector knows (a tester saw "文件 photo-1768….jpg 不是 JPEG 图片")
            throw new InputRefusedException(e.getMessage().replace("文件 " + file.getFileName() + " ", "这张照片"));
        } finally {
            delete(file);
        }
        if (changed != null) {
            edit(recordId, Map.of("checklist", changed));
        }
        return sha256;
    }

    /** The record's checklist with the photo named as the item's evidence; refused when the record has no such item. */
    private JsonArray withEvidence(String recordId, String itemCode, String sha256) {
        LocalRecord record = get(recordId).orElseThrow(() -> FieldsyncException.noRecord(recordId));
        JsonArray checklist = record.body().getAsJsonArray("checklist");
        if (checklist == null) {
            throw new FieldsyncException("该检查记录没有检查项目");
        }
        JsonArray changed = checklist.deepCopy();
        boolean found = false;
        for (JsonElement e : changed) {
            JsonObject item = e.getAsJsonObject();
            if (itemCode.equals(item.get("itemCode").getAsString())) {
                JsonArray evidence = item.has("evidence") ? item.getAsJsonArray("evidence") : new JsonArray();
                if (!evidence.contains(new JsonPrimitive(sha256))) {
                    evidence.add(sha256);
                }
                item.add("evidence", evidence);
                found = true;
            }
        }
        if (!found) {
            throw new FieldsyncException("该检查记录没有检查项 " + itemCode);
        }
        return changed;
    }

    /**
     * The zone the inspector's days and times are counted and shown in: the server's
     * {@code fieldsync.zone}, learned at sync ({@link FieldStore#zone}), whatever the phone's own zone.
     */
    java.time.ZoneId zone() {
        return store.zone();
    }

    /**
     * An inspector's handwritten signature on an inspection (安全生产法 art 68): the image is kept
     * as an attachment of the record ({@link FieldStore#attachSignatureImage}, never one of its
     * photos: those are signed content) and the signature names it, in one edit of
     * {@code signatures} only — so a second inspector signs beside the first without changing
     * what the first signed.
     */
    void signAsInspector(String id, String name, String certificateNumber, byte[] png) {
        String sha256;
        Path file = temporary(png, "image/png");
        try {
            sha256 = store.attachSignatureImage(id, file);
        } finally {
            delete(file);
        }
        JsonObject body = get(id).orElseThrow(() -> FieldsyncException.noRecord(id)).body();
        JsonArray signatures = body.has("signatures") ? body.getAsJsonArray("signatures").deepCopy() : new JsonArray();
        JsonArray kept = new JsonArray();
        for (JsonElement s : signatures) {
            JsonObject signature = s.getAsJsonObject();
            // signing again replaces the person's earlier signature: the person is the certificate number
            // (two officers may share a name), the name only for a signature made without one
            boolean same = "INSPECTOR".equals(signature.get("role").getAsString()) && (certificateNumber != null
                    ? certificateNumber.equals(RecordViews.text(signature, "certificateNumber"))
                    : name.equals(signature.get("name").getAsString()) && RecordViews.text(signature, "certificateNumber").isEmpty());
            if (!same) {
                kept.add(signature);
            }
        }
        JsonObject signature = new JsonObject();
        signature.addProperty("role", "INSPECTOR");
        signature.addProperty("name", name);
        if (certificateNumber != null) {
            signature.addProperty("certificateNumber", certificateNumber);
        }
        signature.addProperty("signedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        signature.addProperty("signatureImage", sha256);
        kept.add(signature);
        edit(id, Map.of("signatures", kept));
    }

    /**
     * Whether a file the record names is one of its photos rather than a signature only: named by
     * a checklist item, or (when {@code unlessSignature}) not any signature's image.
     */
    private static boolean stillAPhoto(JsonObject body, String sha256, boolean unlessSignature) {
        if (unlessSignature && !body.toString().contains("\"signatureImage\":\"" + sha256)) {
            return true;
        }
        if (!body.has("checklist")) {
            return false;
        }
        for (JsonElement e : body.getAsJsonArray("checklist")) {
            JsonObject item = e.getAsJsonObject();
            if (item.has("evidence") && item.getAsJsonArray("evidence").contains(new JsonPrimitive(sha256))) {
                return true;
            }
        }
        return false;
    }

    /** Seals an inspection (the unit's person in charge signed) or a pledge (its signer signed) with the device key. */
    void seal(String id, String signerName, String signerPosition, byte[] png) {
        Path file = temporary(png, "image/png");
        try {
            store.seal(id, signerName, signerPosition, file);
        } finally {
            delete(file);
        }
    }

    /** Seals an inspection whose unit's person in charge refused to sign, with the refusal and its witness. */
    void sealRefused(String id, String refusedBy, String refusedByRole, String witness) {
        store.sealRefused(id, refusedBy, refusedByRole, witness);
    }

    SyncReport sync(SyncListener listener) {
        return store.sync(listener);
    }

    List<AttentionItem> attention() {
        return store.attention();
    }

    List<LocalConflict> conflicts() {
        return store.conflicts();
    }

    void resend(String id) {
        store.resend(id);
    }

    /**
     * Discards a draft ("删除草稿") through the device library's delete: a tombstone (never erased;
     * a record the server refused and never had is withdrawn instead, kept as withdrawn).
     *
     * @throws FieldsyncException when the rules ({@code cn.fieldsync.schemas.Deletions}) keep it: sealed,
     *                            evidence past its draft, or a record a danger or correction stands on
     */
    void delete(String id) {
        store.delete(id);
    }

    void withdraw(String id, String note) {
        store.withdraw(id, note);
    }

    /** What the inspector withdrew, newest first (see {@link FieldStore#withdrawn()}): kept on the device, never erased. */
    List<JsonObject> withdrawn() {
        return store.withdrawn();
    }

    /** The note a withdrawal by {@link #amend} carries: it names the new record, so the two are found from each other. */
    static final String AMENDED_AS = "改正后重新记录为 ";

    /**
     * "改正后重新记录", first half: what the new record starts from, stored nowhere yet. A sealed
     * record the server refused cannot be edited (its seal covers it), so its content is offered
     * as a new draft — every field, the photos (and checklist items' photos) whose bytes this
     * device holds — without the signatures, refusal and seal: the corrected record is signed and
     * sealed afresh (安全生产法 art 68: the signatures are of what is signed). A unit no longer on
     * this device (removed on the server: the usual reason) is left for the inspector to choose.
     *
     * @return {@code {"record": draft, "reason": the server's reason}}
     * @throws FieldsyncException when the record does not exist, is not sealed, or was not refused
     */
    JsonObject amendment(String id) {
        Optional<String> begun = amendedBy(id);
        if (begun.isPresent()) {
            // asked again (or after the app was killed mid-way): the correction made then is opened, never a second one
            finishAmendment(id, begun.get());
            JsonObject answer = new JsonObject();
            answer.addProperty("existing", begun.get());
            return answer;
        }
        LocalRecord refused = amendable(id);
        JsonObject draft = refused.body().deepCopy();
        for (String field : List.of("seal", "signatures", "refusalToSign", "signatureImage", "signedAt", "sealVerified", "amends", "id")) {
            draft.remove(field);
        }
        if (refused.version() > 0) {
            draft.addProperty("amends", id);
        }
        draft.addProperty("status", "DRAFT");
        // only photos this device holds come along: a name without its bytes could never be uploaded
        JsonArray photos = new JsonArray();
        if (draft.has("photos")) {
            draft.getAsJsonArray("photos").forEach(p -> {
                if (store.file(p.getAsString()).isPresent() && stillAPhoto(refused.body(), p.getAsString(), true)) {
                    photos.add(p);
                }
            });
            draft.remove("photos");
        }
        if (!photos.isEmpty()) {
            draft.add("photos", photos);
        }
        if (draft.has("checklist")) {
            for (JsonElement e : draft.getAsJsonArray("checklist")) {
                JsonObject item = e.getAsJsonObject();
                if (item.has("evidence")) {
                    JsonArray kept = new JsonArray();
                    item.getAsJsonArray("evidence").forEach(sha -> {
                        if (photos.contains(sha)) {
                            kept.add(sha);
                        }
                    });
                    if (kept.isEmpty()) {
                        item.remove("evidence");
                    } else {
                        item.add("evidence", kept);
                    }
                }
            }
        }
        JsonObject unitHolder = draft.has("signer") && draft.get("signer").isJsonObject() ? draft.getAsJsonObject("signer") : draft;
        String unitId = RecordViews.text(unitHolder, "unitId");
        if (!unitId.isEmpty() && get(unitId).filter(u -> !u.deleted()).isEmpty()) {
            unitHolder.remove("unitId");
        }
        JsonObject answer = new JsonObject();
        answer.add("record", draft);
        answer.addProperty("reason", attention().stream().filter(a -> a.recordId().equals(id)).map(AttentionItem::reason)
                .findFirst().orElse(""));
        answer.addProperty("dangers", list(RecordType.HAZARD).stream().filter(h -> !h.deleted() && h.version() == 0
                && id.equals(RecordViews.text(h.body(), "inspectionId"))).count());
        return answer;
    }

    /**
     * "改正后重新记录", second half: the corrected document becomes a new record, the photos it
     * names are linked to it again from this device's copies (with when and where they were taken),
     * and the refused record is withdrawn with a note naming the new one — kept on the device,
     * listed among the withdrawn: nothing lost or hidden.
     *
     * @return the new record's id
     * @throws FieldsyncException as {@link #amendment}, or when the document is not valid
     */
    String amend(String id, JsonObject corrected) {
        Optional<String> begun = amendedBy(id);
        if (begun.isPresent()) {
            finishAmendment(id, begun.get());
            return begun.get();
        }
        LocalRecord refused = amendable(id);
        corrected.remove("amends");
        if (refused.version() > 0) {
            // the server holds the refused record: the correction names it (a record the server never had cannot be named)
            corrected.addProperty("amends", id);
        }
        // the new id is chosen and noted before anything is stored, so a killed app finds the half-made correction
        String created = Optional.ofNullable(RecordViews.text(corrected, "id")).filter(s -> !s.isEmpty())
                .orElseGet(() -> UUID.randomUUID().toString());
        corrected.addProperty("id", created);
        note(id, created);
        createAndAttach(id, created, refused.type(), corrected);
        carryDangers(id, created);
        withdraw(id, AMENDED_AS + created);
        forget(id);
        return created;
    }

    /**
     * The correction begun for a refused record, when one was: a record of this device that
     * amends it, or the one noted when "改正后重新记录" began (see {@link #amend}).
     */
    Optional<String> amendedBy(String id) {
        for (RecordType type : List.of(RecordType.INSPECTION, RecordType.PLEDGE)) {
            for (LocalRecord r : list(type)) {
                if (!r.deleted() && id.equals(RecordViews.text(r.body(), "amends"))) {
                    return Optional.of(r.id());
                }
            }
        }
        return noted(id).filter(created -> get(created).filter(r -> !r.deleted()).isPresent());
    }

    /**
     * Finishes every correction a killed app left half-made (the new record stored, the refused
     * one not yet withdrawn): its photos linked, the refused record withdrawn. Answers how many.
     */
    int finishAmendments() {
        int finished = 0;
        Path notes = dir.resolve(AMENDING);
        if (!Files.isDirectory(notes)) {
            return 0;
        }
        try (var files = Files.list(notes)) {
            for (Path f : files.toList()) {
                String original = f.getFileName().toString();
                Optional<String> created = amendedBy(original);
                if (created.isPresent()) {
                    finishAmendment(original, created.get());
                    finished++;
                } else if (get(original).isEmpty() || attention().stream().noneMatch(a -> a.recordId().equals(original))) {
                    forget(original);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return finished;
    }

    private void finishAmendment(String id, String created) {
        LocalRecord made = get(created).orElseThrow(() -> FieldsyncException.noRecord(created));
        Map<String, JsonObject> described = described(id);
        if (made.body().has("photos")) {
            java.util.Set<String> linked = new java.util.HashSet<>();
            for (LocalRecord a : list(RecordType.ATTACHMENT)) {
                if (created.equals(RecordViews.text(a.body(), "recordId"))) {
                    linked.add(RecordViews.text(a.body(), "sha256"));
                }
            }
            for (JsonElement p : made.body().getAsJsonArray("photos")) {
                if (!linked.contains(p.getAsString())) {
                    attachCopy(created, p.getAsString(), described);
                }
            }
        }
        carryDangers(id, created);
        if (attention().stream().anyMatch(a -> a.recordId().equals(id) && a.kind() == AttentionItem.Kind.NEEDS_ACTION)) {
            withdraw(id, AMENDED_AS + created);
        }
        forget(id);
    }

    /**
     * The dangers raised from the refused inspection's items follow its correction: one the server
     * never took (refused with the inspection, or not sent yet) is re-pointed to the new inspection
     * and its unit — the same danger, nothing re-typed or lost, still one per failed item — and a
     * refused one is queued again. A danger the server holds stays as the server holds it. Safe to
     * run again (a correction finished after the app was killed).
     */
    private void carryDangers(String id, String created) {
        LocalRecord made = get(created).orElseThrow(() -> FieldsyncException.noRecord(created));
        if (made.type() != RecordType.INSPECTION) {
            return;
        }
        String unitId = RecordViews.text(made.body(), "unitId");
        for (LocalRecord h : list(RecordType.HAZARD)) {
            if (h.deleted() || h.version() > 0 || !id.equals(RecordViews.text(h.body(), "inspectionId"))) {
                continue;
            }
            Map<String, JsonElement> changes = new LinkedHashMap<>();
            changes.put("inspectionId", new JsonPrimitive(created));
            if (!unitId.isEmpty()) {
                changes.put("unitId", new JsonPrimitive(unitId));
            }
            try {
                edit(h.id(), changes);
            } catch (FieldsyncException e) {
                // the correction took the finding back (the item passes now): the danger stays as it was, for the
                // inspector to fix or withdraw — never in the way of the correction itself
                continue;
            }
            // refused or waiting for the refused inspection: sent again as one create naming the new inspection
            if (inAttention(h.id())) {
                resend(h.id());
            }
            for (LocalRecord a : list(RecordType.ATTACHMENT)) {
                if (h.id().equals(RecordViews.text(a.body(), "recordId")) && needsAction(a.id())) {
                    resend(a.id());
                }
            }
        }
    }

    /** Whether the record has refused or waiting operations (the attention list names it). */
    private boolean inAttention(String id) {
        return attention().stream().anyMatch(a -> a.recordId().equals(id));
    }

    private boolean needsAction(String id) {
        return attention().stream().anyMatch(a -> a.recordId().equals(id) && a.kind() == AttentionItem.Kind.NEEDS_ACTION);
    }

    private static final String AMENDING = "app-amending";

    private void note(String id, String created) {
        try {
            Path notes = Files.createDirectories(dir.resolve(AMENDING));
            Path tmp = Files.writeString(notes.resolve(id + ".tmp"), created);
            Files.move(tmp, notes.resolve(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> noted(String id) {
        Path f = dir.resolve(AMENDING).resolve(id);
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void forget(String id) {
        delete(dir.resolve(AMENDING).resolve(id));
    }

    private Map<String, JsonObject> described(String id) {
        Map<String, JsonObject> described = new LinkedHashMap<>();
        for (LocalRecord a : list(RecordType.ATTACHMENT)) {
            if (id.equals(RecordViews.text(a.body(), "recordId"))) {
                described.put(RecordViews.text(a.body(), "sha256"), a.body());
            }
        }
        return described;
    }

    /** Links a photo this device holds to the new record, with when and where the original was taken. */
    private void attachCopy(String created, String sha256, Map<String, JsonObject> described) {
        Optional<Path> file = store.file(sha256);
        if (file.isEmpty()) {
            return;
        }
        JsonObject about = described.getOrDefault(sha256, new JsonObject());
        String mediaType = RecordViews.text(about, "mediaType");
        String capturedAt = RecordViews.text(about, "capturedAt");
        store.attach(created, file.get(), mediaType.isEmpty() ? "image/jpeg" : mediaType,
                capturedAt.isEmpty() ? null : Instant.parse(capturedAt),
                about.has("location") ? about.getAsJsonObject("location").deepCopy() : null);
    }

    /** Stores the corrected record and links its photos; only {@link #amend} calls it, after noting the new id. */
    private void createAndAttach(String id, String created, RecordType type, JsonObject corrected) {
        Map<String, JsonObject> described = described(id);
        create(type, corrected);
        if (corrected.has("photos")) {
            for (JsonElement p : corrected.getAsJsonArray("photos")) {
                attachCopy(created, p.getAsString(), described);
            }
        }
    }

    private LocalRecord amendable(String id) {
        LocalRecord refused = get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
        if (!"SEALED".equals(RecordViews.text(refused.body(), "status"))) {
            throw new FieldsyncException("这条记录尚未封存，可直接修改后重新发送");
        }
        if (attention().stream().noneMatch(a -> a.recordId().equals(id) && a.kind() == AttentionItem.Kind.NEEDS_ACTION)) {
            throw new FieldsyncException("这条记录没有被服务器拒收，无需改正后重新记录");
        }
        return refused;
    }

    @Override
    public void close() {
        store.close();
    }

    /** The file is copied into the store under its hash; this copy only carries the bytes there. */
    private Path temporary(byte[] bytes, String mediaType) {
        try {
            Path incoming = Files.createDirectories(dir.resolve("app-incoming"));
            String suffix = mediaType != null && mediaType.endsWith("png") ? ".png" : mediaType != null && mediaType.endsWith("webp")
                    ? ".webp" : ".jpg";
            Path file = Files.createTempFile(incoming, "photo-", suffix);
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover copy in app-incoming costs disk only; the store holds its own
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
