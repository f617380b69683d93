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

import static cn.fieldsync.client.bundle.BundleVerifier.say;
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
            items.add(new Item(PATH, old, say(old ? "proof_absent_v1" : "proof_missing")));
            return items;
        }
        JsonObject proof;
        PublicKey key;
        try {
            proof = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
            key = Sealing.publicKey(proof.getAsJsonObject("serverKey").get("publicKey").getAsString());
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            items.add(new Item(PATH, false, say("proof_invalid", e.getMessage())));
            return items;
        }
        String keyId = AuditChain.keyId(key);
        if (pinnedKey != null) {
            PublicKey pinned;
            try {
                pinned = Sealing.publicKey(pinnedKey.trim());
            } catch (IllegalArgumentException e) {
                items.add(new Item(say("server_key"), false, say("pinned_invalid", e.getMessage())));
                return items;
            }
            if (!AuditChain.keyId(pinned).equals(keyId)) {
                items.add(new Item(say("server_key"), false, say("pinned_other", keyId, AuditChain.keyId(pinned))));
                return items;
            }
            items.add(new Item(say("server_key"), true, say("pinned_ok", keyId)));
        } else {
            items.add(new Item(say("server_key"), true, say("bundle_key", keyId)));
        }
        TreeMap<Long, JsonObject> checkpoints = new TreeMap<>();
        for (JsonElement element : array(proof, "checkpoints")) {
            JsonObject cp = element.getAsJsonObject();
            AuditChain.CheckpointFault fault = AuditChain.checkpointFault(cp, key);
            String what = say("checkpoint_of", cp.has("checkpoint") ? cp.get("checkpoint").getAsString() : "?");
            if (fault != null) {
                items.add(new Item(what, false, say("checkpoint_problem", fault.chinese())));
                return items;
            }
            checkpoints.put(cp.get("seq").getAsLong(), cp);
            items.add(new Item(what, true, say("checkpoint_ok", cp.get("seq").getAsLong(), cp.get("headHash").getAsString(),
                    signedAt(cp.get("at").getAsString()))));
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
        Set<String> listedIds = new HashSet<>();
        for (JsonElement element : manifest.getAsJsonArray("records")) {
            JsonObject listed = element.getAsJsonObject();
            String id = listed.get("id").getAsString();
            listedIds.add(id);
            items.add(record(id, listed, files, byRecord.getOrDefault(id, java.util.Collections.emptyList()), nodes, checkpoints, anchored));
        }
        // the proof carries the entries of the bundled records only: an entry of a record the manifest no
        // longer lists means that record was taken out of the bundle, manifest and all (a tester's finding)
        for (Map.Entry<String, List<Node>> e : new TreeMap<>(byRecord).entrySet()) {
            if (!listedIds.contains(e.getKey())) {
                items.add(new Item(say("record_of", e.getKey()), false, say("record_removed", e.getValue().size())));
            }
        }
        return items;
    }

    private static Item record(String id, JsonObject listed, Map<String, byte[]> files, List<Node> entries, Map<Long, Node> nodes,
                               TreeMap<Long, JsonObject> checkpoints, Set<Long> anchored) {
        String what = say("trail_of", listed.get("path").getAsString());
        int proved = 0;
        for (Node node : entries) {
            if (node.entry().get("seq").getAsLong() != node.seq() || !node.computed().equals(node.hash())) {
                return new Item(what, false, say("entry_changed", node.seq()));
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
            return new Item(what, false, say("trail_missing"));
        }
        JsonArray versions;
        JsonObject record;
        try {
            versions = StrictJson.parseObject(new String(historyBytes, StandardCharsets.UTF_8)).getAsJsonArray("versions");
            record = StrictJson.parseObject(new String(recordBytes, StandardCharsets.UTF_8));
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return new Item(what, false, say("trail_not_json", e.getMessage()));
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
                    return new Item(what, false, say("version_no_entry", version));
                }
                unrecorded++;
                continue;
            }
            seenRecorded = true;
            for (JsonObject detail : details) {
                if (!detail.get("contentSha256").getAsString().equals(sha)) {
                    return new Item(what, false, say("version_changed", version, sha, detail.get("contentSha256").getAsString()));
                }
            }
        }
        if (versions.isEmpty() || !record.has("version") || record.get("version").getAsInt() != versions.size()) {
            return new Item(what, false, say("not_last"));
        }
        JsonObject body = record.deepCopy();
        SERVER_FIELDS.forEach(body::remove);
        if (!CanonicalJson.of(body).equals(CanonicalJson.of(versions.get(versions.size() - 1)))) {
            return new Item(what, false, say("record_changed"));
        }
        for (JsonObject detail : recorded.getOrDefault(versions.size(), java.util.Collections.<JsonObject>emptyList())) {
            if (detail.has("deleted") && record.has("deleted") && detail.get("deleted").getAsBoolean() != record.get("deleted").getAsBoolean()) {
                return new Item(what, false, say("deleted_flag"));
            }
        }
        return new Item(what, true, say("trail_ok", proved, versions.size(), versions.size() - unrecorded,
                unrecorded == 0 ? "" : say("trail_unanchored", unrecorded)));
    }

    /** Null when the chain from this entry reaches a signed checkpoint through the proof's nodes, else why not. */
    private static String anchor(Node from, Map<Long, Node> nodes, TreeMap<Long, JsonObject> checkpoints, Set<Long> anchored) {
        String hash = from.hash();
        List<Long> path = new ArrayList<>();
        for (long seq = from.seq(); ; seq++) {
            if (seq != from.seq()) {
                Node node = nodes.get(seq);
                if (node == null) {
                    return say("chain_missing", from.seq(), seq);
                }
                if (!node.prevHash().equals(hash) || !node.computed().equals(node.hash())) {
                    return say("chain_breaks", from.seq(), seq);
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
                    return say("not_signed_one", seq, cp.get("checkpoint").getAsString());
                }
                break;
            }
            if (checkpoints.ceilingKey(seq) == null) {
                return say("no_checkpoint_after", from.seq());
            }
        }
        anchored.addAll(path);
        return null;
    }

    /**
     * A checkpoint's signing time as a reviewer reads it: Beijing time to the minute, then the exact
     * instant the signature covers ("2026年12月3日 16:58（2026-12-03T08:58:25.123Z）"), since it is the
     * signed text that a second check compares.
     */
    static String signedAt(String at) {
        String shown = cn.fieldsync.schemas.ChineseDates.format(at, cn.fieldsync.client.internal.DeviceDb.DEFAULT_ZONE);
        return shown.equals(at) ? at : shown + "（" + at + "）";
    }
}
