package cn.fieldsync.client.bundle;

import cn.fieldsync.client.internal.Api26;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an evidence bundle offline, with no server: every file against the manifest's SHA-256
 * and size (and the ZIP's own CRC), nothing unlisted, and every sealed record's seal against the
 * sealing device's public key in the bundle, and the audit proof ({@link AuditProofCheck}): the
 * records' audit entries chained to checkpoints signed by the server's audit key, and every
 * version's SHA-256 as its entry recorded it.
 *
 * <p>Reads the ZIP once, as a stream, hashing each file while it reads it: attachments (and any
 * file the checks do not read) are never held in memory, so a bundle of any size verifies in a
 * small heap; only the JSON files the checks parse (manifest, records, histories, keys, audit
 * proof), each up to {@link #KEEP_LIMIT}, are kept until the checks have run.
 */
public final class BundleVerifier {

    /**
     * The largest file the checks read that is kept for them (bytes); a larger one is hashed
     * only, and the check that needs it reports it as missing.
     */
    static final long KEEP_LIMIT = 16L * 1024 * 1024;

    /** The folders and files whose content the checks parse; everything else is hashed only. */
    private static final List<String> READ_BY_CHECKS = Arrays.asList("manifest.json", AuditProofCheck.PATH, "records/", "history/", "keys/");

    private BundleVerifier() {
    }

    /**
     * @param path    the file in the bundle, or what the check is about
     * @param ok      verified
     * @param comment why not, or what was verified
     */
    public record Item(String path, boolean ok, String comment) {
    }

    public static List<Item> verify(Path bundle) {
        return verify(bundle, null);
    }

    /**
     * @param expectedSha256 the whole bundle's SHA-256 as the server gave it at export (and logged
     *                       it), or null: with it any changed byte is found, without it every change
     *                       of content, manifest or seal is
     */
    public static List<Item> verify(Path bundle, String expectedSha256) {
        return verify(bundle, expectedSha256, null);
    }

    /**
     * @param serverKey the server's audit public key (Base64 X.509, from GET /api/audit/key), or
     *                  null to check the audit proof against the key the bundle carries (and report its id)
     */
    public static List<Item> verify(Path bundle, String expectedSha256, String serverKey) {
        List<Item> items = new ArrayList<>();
        if (expectedSha256 != null) {
            String actual = sha256(bundle);
            items.add(actual.equalsIgnoreCase(expectedSha256)
                    ? new Item(bundle.getFileName().toString(), true, say("file_sha_ok"))
                    : new Item(bundle.getFileName().toString(), false, say("file_sha_changed", actual, expectedSha256)));
        }
        Map<String, Found> found = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (found.containsKey(entry.getName())) {
                    items.add(new Item(entry.getName(), false, say("twice")));
                }
                found.put(entry.getName(), read(zip, readByChecks(entry.getName())));
            }
        } catch (IOException | IllegalArgumentException e) {
            items.add(new Item(bundle.getFileName().toString(), false, found.isEmpty() ? say("damaged_at_start", e.getMessage())
                    : say("damaged_after", found.keySet().stream().reduce((x, y) -> y).get(), e.getMessage())));
            return items;
        }
        Found manifestFile = found.remove("manifest.json");
        if (manifestFile == null || manifestFile.bytes == null) {
            items.add(new Item("manifest.json", false, say("manifest_missing")));
            return items;
        }
        JsonObject manifest;
        try {
            manifest = StrictJson.parseObject(new String(manifestFile.bytes, StandardCharsets.UTF_8));
        } catch (StrictJson.MalformedJsonException e) {
            items.add(new Item("manifest.json", false, say("manifest_not_json", e.getMessage())));
            return items;
        }
        Map<String, Found> unlisted = new LinkedHashMap<>(found);
        for (JsonElement element : manifest.getAsJsonArray("files")) {
            JsonObject file = element.getAsJsonObject();
            String path = file.get("path").getAsString();
            Found actual = unlisted.remove(path);
            if (actual == null) {
                items.add(new Item(path, false, say("listed_missing")));
            } else if (!actual.sha256.equals(file.get("sha256").getAsString()) || actual.size != file.get("size").getAsLong()) {
                items.add(new Item(path, false, say("changed", actual.sha256, file.get("sha256").getAsString())));
            } else {
                items.add(new Item(path, true, say("file_ok", actual.sha256)));
            }
        }
        unlisted.keySet().forEach(path -> items.add(new Item(path, false, say("unlisted"))));
        for (JsonElement element : manifest.getAsJsonArray("records")) {
            JsonObject record = element.getAsJsonObject();
            if (record.has("sealedBy")) {
                items.add(seal(record, found));
            }
            Item compared = againstHistory(record, found);
            if (compared != null) {
                items.add(compared);
            }
        }
        Map<String, byte[]> kept = new LinkedHashMap<>();
        found.forEach((path, f) -> {
            if (f.bytes != null) {
                kept.put(path, f.bytes);
            }
        });
        items.addAll(AuditProofCheck.check(manifest, kept, serverKey));
        JsonElement leftOut = manifest.get("leftOut");
        if (leftOut != null && leftOut.isJsonArray() && leftOut.getAsJsonArray().size() > 0) {
            // not a fault of the bundle, but it is not the whole case: said where every reader of the check sees it
            StringBuilder named = new StringBuilder();
            for (JsonElement element : leftOut.getAsJsonArray()) {
                JsonObject left = element.getAsJsonObject();
                named.append(named.length() == 0 ? "" : "、").append(cn.fieldsync.schemas.RecordType.fromWireName(
                        left.get("type").getAsString()).map(cn.fieldsync.client.Labels::of).orElse(left.get("type").getAsString()))
                        .append(" ").append(left.get("id").getAsString());
            }
            items.add(new Item(LEFT_OUT, true, say("left_out", leftOut.getAsJsonArray().size(), named)));
        }
        return items;
    }

    /** The item that names a case's confirmed evidence the bundle does not hold (outside the case's reach). */
    public static final String LEFT_OUT = "manifest.json#leftOut";

    private static Item seal(JsonObject listed, Map<String, Found> found) {
        String path = listed.get("path").getAsString();
        String what = say("seal_of", path);
        Found record = found.get(path);
        Found key = found.get("keys/" + listed.get("sealedBy").getAsString() + ".pub");
        if (record == null || record.bytes == null) {
            return new Item(what, false, say("seal_record_missing"));
        }
        if (key == null || key.bytes == null) {
            return new Item(what, false, say("seal_key_missing"));
        }
        try {
            JsonObject json = StrictJson.parseObject(new String(record.bytes, StandardCharsets.UTF_8));
            PublicKey publicKey = Sealing.publicKey(new String(key.bytes, StandardCharsets.US_ASCII).trim());
            Sealing.Flaw flaw = Sealing.flaw(json, publicKey);
            return flaw == null ? new Item(what, true, say("seal_holds")) : new Item(what, false, sealFlaw(flaw, json));
        } catch (StrictJson.MalformedJsonException | IllegalArgumentException e) {
            return new Item(what, false, e.getMessage());
        }
    }

    /** The members of a record file the server writes beside its content (not in its history's versions). */
    private static final List<String> SERVER_MEMBERS = Arrays.asList("id", "type", "version", "deleted", "createdAt", "updatedAt",
            "overdue", "escalateTo", "sealVerified");

    /**
     * The record against the same version in its history, field by field: the checks above say
     * that a record was changed; this says what, in the fields' Chinese names, so a reviewer knows
     * which statement of the evidence not to trust. Null when the bundle holds no history for it
     * (the other checks report that).
     */
    private static Item againstHistory(JsonObject listed, Map<String, Found> found) {
        String path = listed.get("path").getAsString();
        Found record = found.get(path);
        Found history = listed.has("history") ? found.get(listed.get("history").getAsString()) : null;
        if (record == null || record.bytes == null || history == null || history.bytes == null) {
            return null;
        }
        JsonObject current;
        com.google.gson.JsonArray versions;
        try {
            current = StrictJson.parseObject(new String(record.bytes, StandardCharsets.UTF_8));
            versions = StrictJson.parseObject(new String(history.bytes, StandardCharsets.UTF_8)).getAsJsonArray("versions");
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return null;
        }
        if (versions == null || versions.size() == 0) {
            return null;
        }
        int version = current.has("version") && current.get("version").isJsonPrimitive() ? current.get("version").getAsInt() : versions.size();
        int at = Math.max(1, Math.min(version, versions.size()));
        JsonObject kept = versions.get(at - 1).getAsJsonObject();
        cn.fieldsync.schemas.RecordType type = cn.fieldsync.schemas.RecordType.fromWireName(
                listed.has("type") ? listed.get("type").getAsString() : "").orElse(null);
        List<String> changed = new ArrayList<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(current.keySet());
        names.addAll(kept.keySet());
        for (String name : names) {
            if (!SERVER_MEMBERS.contains(name) && !java.util.Objects.equals(current.get(name), kept.get(name))) {
                changed.add(cn.fieldsync.schemas.PlainWords.fieldName(type, "/" + name));
            }
        }
        String what = say("compared_of", path);
        return changed.isEmpty() ? new Item(what, true, say("same_as_history", at))
                : new Item(what, false, say("differs_from_history", at, String.join("、", changed)));
    }

    private record Found(String sha256, long size, byte[] bytes) {
    }

    /** A sentence of the label catalogue's bundleCheck section: the report is read by the people who weigh the evidence. */
    static String say(String key, Object... args) {
        return Labels.sayIn("bundleCheck", key, args);
    }

    /** Why a seal does not hold, in the words the server uses for it (problems.seal*). */
    private static String sealFlaw(Sealing.Flaw flaw, JsonObject record) {
        if (flaw == Sealing.Flaw.NO_SEAL) {
            return say("seal_none");
        }
        if (flaw == Sealing.Flaw.CONTENT_CHANGED) {
            return Labels.say("sealContentChanged", Sealing.hash(record));
        }
        return Labels.say(flaw == Sealing.Flaw.KEY_UNKNOWN ? "sealKeyUnknown" : "sealSignatureWrong");
    }

    private static boolean readByChecks(String path) {
        return READ_BY_CHECKS.stream().anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p));
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, false).sha256();
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /** Hashes the stream to its end; keeps the bytes only when asked and not over KEEP_LIMIT. */
    private static Found read(InputStream in, boolean keep) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
        byte[] block = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = in.read(block)) > 0) {
            digest.update(block, 0, n);
            size += n;
            if (kept != null && size > KEEP_LIMIT) {
                kept = null;
            } else if (kept != null) {
                kept.write(block, 0, n);
            }
        }
        return new Found(Api26.hex(digest.digest()), size, kept == null ? null : kept.toByteArray());
    }
}
