package cn.fieldsync.server.evidence;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.identity.Scope;

import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.server.audit.AuditAnchor;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.audit.Checkpoints;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.Sql;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Evidence bundles: one ZIP with the chosen records, their version histories, the attachments
 * they name, the public keys of the devices that sealed them, and a manifest of every file's
 * SHA-256 and size. {@code fieldsync verify-bundle} checks it offline.
 *
 * <pre>
 * manifest.json                   {"format","createdAt","records":[...],"leftOut"?:[{"id","type","reason"}],"files":[{"path","sha256","size"}]}
 * records/&lt;id&gt;.json            the record as the API shows it (seal included)
 * history/&lt;id&gt;.json            every stored version, oldest first
 * attachments/&lt;sha256&gt;         the bytes
 * keys/&lt;deviceId&gt;.pub          the sealing device's Ed25519 public key, Base64 X.509
 * audit/audit.json                the audit proof, below
 * </pre>
 *
 * <p>The audit proof ({@code "format":"fieldsync-audit-proof/1"}): {@code serverKey} (the server's
 * audit public key: algorithm, publicKey Base64 X.509, keyId), {@code entries} (every audit entry
 * of the bundled records, whole: {@code {"seq","entry","prevHash","hash"}}; those that record a
 * stored version carry its {@code contentSha256}), {@code links} (the other entries between each of
 * those and the checkpoint after it, as {@code {"seq","prevHash","hash","entrySha256"}} only: their
 * content is not the bundle's to show) and {@code checkpoints} (those signed checkpoints, see
 * {@link cn.fieldsync.schemas.AuditChain}). The server signs a checkpoint before it writes the
 * bundle, so every entry is anchored. Offline, the chain from each entry is recomputed up to a
 * signed checkpoint, and each version in the history is hashed against its entry.
 */
public final class BundleService {

    public static final int MAX_RECORDS = 1000;

    private final Database database;
    private final RecordStore store;
    private final AttachmentStore attachments;
    private final Clock clock;
    private final Path workDir;
    private final AuditLog audit;
    private final AuditAnchor anchor;

    public BundleService(Database database, RecordStore store, AttachmentStore attachments, Clock clock, Path workDir,
                         AuditAnchor anchor) {
        this.anchor = anchor;
        this.database = database;
        this.store = store;
        this.attachments = attachments;
        this.clock = clock;
        this.workDir = workDir;
        this.audit = new AuditLog(clock);
    }

    /**
     * @param file   the ZIP, in the work directory until it has been sent
     * @param sha256 the whole file's SHA-256, recorded in the audit log with the records it holds
     */
    public record Export(Path file, String sha256) {
    }

    /**
     * Writes the bundle to a file (so its hash is known before the first byte is sent) and logs
     * the export — who, which records, which hash — in the audit chain.
     */
    public Export export(List<StoredRecord> records, String actor) {
        return export(records, actor, java.util.Map.of());
    }

    /**
     * @param leftOut a case's confirmed evidence not in the bundle (outside the case's reach now), id → record type:
     *                listed in the manifest as {@code "leftOut":[{"id","type","reason":"outside_case_reach"}]}, so
     *                the bundle says it is not the whole case (verify-bundle shows them)
     */
    public Export export(List<StoredRecord> records, String actor, java.util.Map<String, String> leftOut) {
        // every entry the bundle carries must reach a signed checkpoint; a log altered since the
        // last one is not signed, and then the bundle cannot prove its trail. Signed after the
        // records were read (records()), so it covers the entry of every version they show.
        Checkpoints.Checkpoint anchored = anchor.checkpoint().orElseThrow(() ->
                new FieldsyncException(ErrorCode.AUDIT_LOG_ALTERED, null,
                        Labels.say("bundleRefusedAuditAltered", "GET /api/audit/verify")));
        try {
            Files.createDirectories(workDir);
            Path file = Files.createTempFile(workDir, "bundle", ".zip");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                write(records, anchored.seq(), leftOut, out);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            JsonObject detail = new JsonObject();
            detail.addProperty("sha256", sha256);
            JsonArray ids = new JsonArray();
            records.forEach(r -> ids.add(r.id()));
            detail.add("recordIds", ids);
            if (!leftOut.isEmpty()) {
                JsonArray left = new JsonArray();
                leftOut.keySet().forEach(left::add);
                detail.add("leftOut", left);
            }
            database.inTransaction(em -> {
                audit.append(em, actor, "BUNDLE_EXPORTED", null, detail);
                return null;
            });
            return new Export(file, sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle could not be written: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the request before any byte is sent, so that a refusal is still a problem answer. */
    public List<StoredRecord> records(Scope scope, List<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_RECORDS) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/recordIds",
                    Labels.say("bundleSize", MAX_RECORDS));
        }
        return database.read(em -> {
            List<StoredRecord> records = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (!seen.add(id)) {
                    continue; // named twice: in the bundle once (a tester's finding: a ZIP duplicate entry, 500)
                }
                int at = i;
                records.add(store.current(em, id).filter(r -> store.sees(em, scope, id))
                        .orElseThrow(() -> new FieldsyncException(ErrorCode.NOT_FOUND, "/recordIds/" + at,
                                Labels.say("recordNotFound", id))));
            }
            return records;
        });
    }

    /**
     * Writes the bundle of these records as they were read, with their audit entries up to
     * {@code anchoredSeq} (the head a signed checkpoint names). A record edited while the bundle is
     * written keeps the version that was read: its history stops there, and the entries appended
     * since — that new version's, this export's — are left out, since no checkpoint the bundle can
     * carry covers them yet; the bundle proves the record as it was asked for.
     */
    private void write(List<StoredRecord> records, long anchoredSeq, java.util.Map<String, String> leftOut, OutputStream out) throws IOException {
        Map<String, JsonObject> files = new LinkedHashMap<>();
        JsonArray listed = new JsonArray();
        Set<String> shas = new LinkedHashSet<>();
        Set<String> devices = new LinkedHashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (StoredRecord record : records) {
                JsonObject json = record.toJson();
                put(zip, files, "records/" + record.id() + ".json", pretty(json));
                JsonObject history = new JsonObject();
                JsonArray versions = new JsonArray();
                // versions never change once written, so the first record.version() of them are
                // exactly the history of the version read
                database.read(em -> store.history(em, record.type(), record.id())).stream()
                        .limit(record.version()).forEach(versions::add);
                history.add("versions", versions);
                put(zip, files, "history/" + record.id() + ".json", pretty(history));
                shas.addAll(attachmentsOf(record.type(), record.body()));
                JsonObject item = new JsonObject();
                item.addProperty("id", record.id());
                item.addProperty("type", record.type().wireName());
                item.addProperty("version", record.version());
                item.addProperty("path", "records/" + record.id() + ".json");
                item.addProperty("history", "history/" + record.id() + ".json");
                if (record.body().has("seal")) {
                    String device = record.body().getAsJsonObject("seal").get("deviceId").getAsString();
                    devices.add(device);
                    item.addProperty("sealedBy", device);
                }
                listed.add(item);
            }
            for (String sha : shas) {
                try (InputStream content = attachments.open(sha).orElseThrow(() ->
                        new IllegalStateException("attachment " + sha + " is named by a stored record but missing from the store"))) {
                    putStream(zip, files, "attachments/" + sha, content);
                }
            }
            for (String device : devices) {
                String key = publicKey(device);
                if (key != null) {
                    put(zip, files, "keys/" + device + ".pub", key.getBytes(StandardCharsets.US_ASCII));
                }
            }
            put(zip, files, "audit/audit.json", pretty(auditProof(records, anchoredSeq)));
            JsonObject manifest = new JsonObject();
            manifest.addProperty("format", "fieldsync-bundle/2");
            manifest.addProperty("createdAt", Instant.ofEpochMilli(clock.millis()).toString());
            manifest.add("records", listed);
            if (!leftOut.isEmpty()) {
                JsonArray left = new JsonArray();
                leftOut.forEach((id, type) -> {
                    JsonObject item = new JsonObject();
                    item.addProperty("id", id);
                    item.addProperty("type", type);
                    item.addProperty("reason", "outside_case_reach");
                    left.add(item);
                });
                manifest.add("leftOut", left);
            }
            JsonArray fileList = new JsonArray();
            files.values().forEach(fileList::add);
            manifest.add("files", fileList);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(pretty(manifest));
            zip.closeEntry();
        }
    }

    /** The records' audit entries, the links from each to the next signed checkpoint, and those checkpoints. */
    private JsonObject auditProof(List<StoredRecord> records, long anchoredSeq) {
        List<Checkpoints.Checkpoint> checkpoints = Checkpoints.readFile(anchor.checkpointFile()).checkpoints();
        return database.withConnection(c -> {
            TreeMap<Long, JsonObject> own = new TreeMap<>();
            List<String> ids = records.stream().map(StoredRecord::id).distinct().toList();
            for (int from = 0; from < ids.size(); from += 200) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
                String marks = Sql.placeholders(chunk.size());
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, entry, prev_hash, hash FROM audit_entry"
                        + " WHERE record_id IN (" + marks + ") AND seq <= ?")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    ps.setLong(chunk.size() + 1, anchoredSeq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            JsonObject item = new JsonObject();
                            item.addProperty("seq", rs.getLong(1));
                            item.add("entry", JsonParser.parseString(rs.getString(2)));
                            item.addProperty("prevHash", rs.getString(3));
                            item.addProperty("hash", rs.getString(4));
                            own.put(rs.getLong(1), item);
                        }
                    }
                }
            }
            // the checkpoint after each entry (format 2 only: a format-1 chain needs every entry's text)
            TreeMap<Long, Checkpoints.Checkpoint> bySeq = new TreeMap<>();
            checkpoints.forEach(cp -> bySeq.putIfAbsent(cp.seq(), cp));
            TreeMap<Long, Long> ranges = new TreeMap<>();
            Map<Long, Checkpoints.Checkpoint> used = new TreeMap<>();
            for (JsonObject item : own.values()) {
                long seq = item.get("seq").getAsLong();
                Map.Entry<Long, Checkpoints.Checkpoint> cp = bySeq.ceilingEntry(seq);
                if (cp == null || AuditChain.format(item.getAsJsonObject("entry")) < 2) {
                    continue;
                }
                used.put(cp.getValue().number(), cp.getValue());
                if (cp.getKey() > seq) {
                    ranges.merge(seq + 1, cp.getKey(), Math::max);
                }
            }
            JsonArray links = new JsonArray();
            long covered = 0;
            for (Map.Entry<Long, Long> range : ranges.entrySet()) {
                long from = Math.max(range.getKey(), covered + 1);
                if (from > range.getValue()) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, entry, prev_hash, hash FROM audit_entry"
                        + " WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
                    ps.setLong(1, from);
                    ps.setLong(2, range.getValue());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (own.containsKey(rs.getLong(1))) {
                                continue;
                            }
                            JsonObject link = new JsonObject();
                            link.addProperty("seq", rs.getLong(1));
                            link.addProperty("prevHash", rs.getString(3));
                            link.addProperty("hash", rs.getString(4));
                            link.addProperty("entrySha256", AuditChain.sha256(rs.getString(2)));
                            links.add(link);
                        }
                    }
                }
                covered = Math.max(covered, range.getValue());
            }
            JsonObject proof = new JsonObject();
            proof.addProperty("format", "fieldsync-audit-proof/1");
            JsonObject key = new JsonObject();
            key.addProperty("algorithm", "Ed25519");
            key.addProperty("publicKey", anchor.key().publicKeyBase64());
            key.addProperty("keyId", anchor.key().keyId());
            proof.add("serverKey", key);
            JsonArray entries = new JsonArray();
            own.values().forEach(entries::add);
            proof.add("entries", entries);
            proof.add("links", links);
            JsonArray signed = new JsonArray();
            used.values().forEach(cp -> signed.add(cp.json().deepCopy()));
            proof.add("checkpoints", signed);
            return proof;
        });
    }

    private String publicKey(String deviceId) {
        // server.sync's table, read with plain SQL (docs/architecture.md, "Data access")
        List<String> keys = database.withConnection(c -> Sql.list(c, "SELECT public_key FROM device WHERE id = ?",
                row -> row.getString(1), deviceId));
        return keys.isEmpty() ? null : keys.getFirst();
    }

    private static Set<String> attachmentsOf(RecordType type, JsonObject body) {
        return new LinkedHashSet<>(AttachmentRefs.of(type, body).values());
    }

    private static byte[] pretty(JsonObject json) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ZipOutputStream zip, Map<String, JsonObject> files, String path, byte[] bytes) throws IOException {
        putStream(zip, files, path, new ByteArrayInputStream(bytes));
    }

    private static void putStream(ZipOutputStream zip, Map<String, JsonObject> files, String path, InputStream content)
            throws IOException {
        zip.putNextEntry(new ZipEntry(path));
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OutputStream hashing = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
        byte[] block = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = content.read(block)) > 0) {
            zip.write(block, 0, n);
            hashing.write(block, 0, n);
            size += n;
        }
        zip.closeEntry();
        JsonObject file = new JsonObject();
        file.addProperty("path", path);
        file.addProperty("sha256", HexFormat.of().formatHex(digest.digest()));
        file.addProperty("size", size);
        files.put(path, file);
    }
}
