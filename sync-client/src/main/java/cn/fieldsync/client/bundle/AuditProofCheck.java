package cn.fieldsync.client.bundle;

import cn.fieldsync.client.bundle.BundleVerifier.Item;
import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static cn.fieldsync.schemas.JsonFields.array;

/**
 * Checks a bundle's audit proof ({@code audit/audit.json}, written by the server's BundleService)
 * offline: every checkpoint is signed by the server's audit key (the one pinned with
 * {@code --server-key}, else the one in the bundle, whose id is reported); every audit entry of a
 * bundled record hashes to what it says and its chain, through the digests of the entries between,
 * reaches a signed checkpoint; and every version in a record's history, and the record itself, has
 * the SHA-256 its audit entry recorded. So an edited record, history or audit entry fails even when
 * the manifest was rewritten to match, unless the one who edited it holds the server's key.
 */
final class AuditProofCheck {

    static final String PATH = "audit/audit.json";
    /** Fields of a record file that the server manages, not part of the stored body. */
    private static final Set<String> SERVER_FIELDS = cn.fieldsync.client.internal.Api26.setOf("id", "type", "version", "deleted", "createdAt", "updatedAt",
            "overdue", "escalateTo", "sealVerified");

    private AuditProofCheck() {
    }

    /** One audit entry or link of the proof. */
    private record Node(long seq, String prevHash, String hash, JsonObject entry, String entrySha256) {

        /** What this node's hash must be, from its own content. */
        String computed() {
            return entry != null ? AuditChain.chain(prevHash, CanonicalJson.of(entry), AuditChain.format(entry))
                    : AuditChain.link(prevHash, entrySha256);
        }
    }

    static List<Item> check(JsonObject manifest, Map<String, byte[]> files, String pinnedKey) {
        List<Item> items = new ArrayList<>();
        byte[] bytes = files.get(PATH);
        String format = manifest.has("format") ? manifest.get("format").getAsString() : "";
        if (bytes == null) {
            boolean old = format.equals("fieldsync-bundle/1") && pinnedKey == null;
            items.add(new Item(PATH, old, old ? "absent: a bundle of format 1, made before the audit log was anchored"
                    : "missing: the bundle carries no audit proof"));
            return items;
        }
        JsonObject proof;
        PublicKey key;
        try {
            proof = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
            key = Sealing.publicKey(proof.getAsJsonObject("serverKey").get("publicKey").getAsString());
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            items.add(new Item(PATH, false, "not an audit proof: " + e.getMessage()));
            return items;
        }
        String keyId = AuditChain.keyId(key);
        if (pinnedKey != null) {
            PublicKey pinned;
            try {
                pinned = Sealing.publicKey(pinnedKey.trim());
            } catch (IllegalArgumentException e) {
                items.add(new Item("server key", false, "--server-key is not an Ed25519 public key: " + e.getMessage()));
                return items;
            }
            if (!AuditChain.keyId(pinned).equals(keyId)) {
                items.add(new Item("server key", false, "the bundle's checkpoints are signed with key " + keyId
                        + ", not with the server key given (" + AuditChain.keyId(pinned) + ")"));
                return items;
            }
            items.add(new Item("server key", true, "the pinned server audit key " + keyId));
        } else {
            items.add(new Item("server key", true, "checked against the key in the bundle, id " + keyId
                    + ": compare it with GET /api/audit/key, or pin it with --server-key"));
        }
        TreeMap<Long, JsonObject> checkpoints = new TreeMap<>();
        for (JsonElement element : array(proof, "checkpoints")) {
            JsonObject cp = element.getAsJsonObject();
            String problem = AuditChain.checkpointProblem(cp, key);
            String what = "audit checkpoint " + (cp.has("checkpoint") ? cp.get("checkpoint").getAsString() : "?");
            if (problem != null) {
                items.add(new Item(what, false, problem));
                return items;
            }
            checkpoints.put(cp.get("seq").getAsLong(), cp);
            items.add(new Item(what, true, "signed by the server: " + cp.get("seq").getAsLong() + " entries, head "
                    + cp.get("headHash").getAsString() + ", at " + cp.get("at").getAsString()));
        }
        Map<Long, Node> nodes = new HashMap<>();
        Map<String, List<Node>> byRecord = new HashMap<>();
        for (JsonElement element : array(proof, "entries")) {
            JsonObject item = element.getAsJsonObject();
            JsonObject entry = item.getAsJsonObject("entry");
            Node node = new Node(item.get("seq").getAsLong(), item.get("prevHash").getAsString(), item.get("hash").getAsString(), entry, null);
            nodes.put(node.seq(), node);
            if (entry.has("recordId")) {
                byRecord.computeIfAbsent(entry.get("recordId").getAsString(), k -> new ArrayList<>()).add(node);
            }
        }
        for (JsonElement element : array(proof, "links")) {
            JsonObject link = element.getAsJsonObject();
            Node node = new Node(link.get("seq").getAsLong(), link.get("prevHash").getAsString(), link.get("hash").getAsString(), null,
                    link.get("entrySha256").getAsString());
            nodes.putIfAbsent(node.seq(), node);
        }
        Set<Long> anchored = new HashSet<>();
        for (JsonElement element : manifest.getAsJsonArray("records")) {
            JsonObject listed = element.getAsJsonObject();
            String id = listed.get("id").getAsString();
            items.add(record(id, listed, files, byRecord.getOrDefault(id, java.util.Collections.emptyList()), nodes, checkpoints, anchored));
        }
        return items;
    }

    private static Item record(String id, JsonObject listed, Map<String, byte[]> files, List<Node> entries, Map<Long, Node> nodes,
                               TreeMap<Long, JsonObject> checkpoints, Set<Long> anchored) {
        String what = "audit trail of " + listed.get("path").getAsString();
        int proved = 0;
        for (Node node : entries) {
            if (node.entry().get("seq").getAsLong() != node.seq() || !node.computed().equals(node.hash())) {
                return new Item(what, false, "audit entry " + node.seq() + " was changed: its hash does not match its content");
            }
            if (AuditChain.format(node.entry()) < 2) {
                continue;
            }
            String problem = anchor(node, nodes, checkpoints, anchored);
            if (problem != null) {
                return new Item(what, false, problem);
            }
            proved++;
        }
        byte[] historyBytes = files.get(listed.get("history").getAsString());
        byte[] recordBytes = files.get(listed.get("path").getAsString());
        if (historyBytes == null || recordBytes == null) {
            return new Item(what, false, "the record or its history is missing");
        }
        JsonArray versions;
        JsonObject record;
        try {
            versions = StrictJson.parseObject(new String(historyBytes, StandardCharsets.UTF_8)).getAsJsonArray("versions");
            record = StrictJson.parseObject(new String(recordBytes, StandardCharsets.UTF_8));
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return new Item(what, false, "the record or its history is not JSON: " + e.getMessage());
        }
        Map<Integer, List<JsonObject>> recorded = new HashMap<>();
        for (Node node : entries) {
            JsonObject detail = node.entry().has("detail") ? node.entry().getAsJsonObject("detail") : new JsonObject();
            if (detail.has("contentSha256")) {
                recorded.computeIfAbsent(detail.get("version").getAsInt(), k -> new ArrayList<>()).add(detail);
            }
        }
        int unrecorded = 0;
        boolean seenRecorded = false;
        for (int i = 0; i < versions.size(); i++) {
            int version = i + 1;
            String sha = CanonicalJson.sha256(versions.get(i));
            List<JsonObject> details = recorded.getOrDefault(version, java.util.Collections.emptyList());
            if (details.isEmpty()) {
                if (seenRecorded) {
                    return new Item(what, false, "version " + version + " of the history has no audit entry in the bundle");
                }
                unrecorded++;
                continue;
            }
            seenRecorded = true;
            for (JsonObject detail : details) {
                if (!detail.get("contentSha256").getAsString().equals(sha)) {
                    return new Item(what, false, "version " + version + " of the history was changed: its SHA-256 is " + sha
                            + ", the audit entry recorded " + detail.get("contentSha256").getAsString());
                }
            }
        }
        if (versions.isEmpty() || !record.has("version") || record.get("version").getAsInt() != versions.size()) {
            return new Item(what, false, "the record's version is not the last of its history");
        }
        JsonObject body = record.deepCopy();
        SERVER_FIELDS.forEach(body::remove);
        if (!CanonicalJson.of(body).equals(CanonicalJson.of(versions.get(versions.size() - 1)))) {
            return new Item(what, false, "the record was changed: it is not the last version of its history");
        }
        for (JsonObject detail : recorded.getOrDefault(versions.size(), java.util.Collections.<JsonObject>emptyList())) {
            if (detail.has("deleted") && record.has("deleted") && detail.get("deleted").getAsBoolean() != record.get("deleted").getAsBoolean()) {
                return new Item(what, false, "the record's deleted flag is not the one its audit entry recorded");
            }
        }
        return new Item(what, true, proved + " audit entries chained to a signed checkpoint; " + (versions.size() - unrecorded)
                + " of " + versions.size() + " versions match the SHA-256 their entries recorded"
                + (unrecorded == 0 ? "" : " (" + unrecorded + " stored before the audit log was anchored)"));
    }

    /** Null when the chain from this entry reaches a signed checkpoint through the proof's nodes, else why not. */
    private static String anchor(Node from, Map<Long, Node> nodes, TreeMap<Long, JsonObject> checkpoints, Set<Long> anchored) {
        String hash = from.hash();
        List<Long> path = new ArrayList<>();
        for (long seq = from.seq(); ; seq++) {
            if (seq != from.seq()) {
                Node node = nodes.get(seq);
                if (node == null) {
                    return "the chain from audit entry " + from.seq() + " breaks: entry " + seq + " is missing from the proof";
                }
                if (!node.prevHash().equals(hash) || !node.computed().equals(node.hash())) {
                    return "the chain from audit entry " + from.seq() + " breaks at entry " + seq;
                }
                hash = node.hash();
            }
            path.add(seq);
            if (anchored.contains(seq)) {
                break;
            }
            JsonObject cp = checkpoints.get(seq);
            if (cp != null) {
                if (!cp.get("headHash").getAsString().equals(hash)) {
                    return "audit entry " + seq + " is not the one checkpoint " + cp.get("checkpoint").getAsString() + " signed";
                }
                break;
            }
            if (checkpoints.ceilingKey(seq) == null) {
                return "audit entry " + from.seq() + " is not followed by any signed checkpoint in the bundle";
            }
        }
        anchored.addAll(path);
        return null;
    }
}
