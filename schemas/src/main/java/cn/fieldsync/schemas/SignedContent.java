package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a signer confirms (安全生产法 art 68: "检查人员和被检查单位的负责人签字" — the inspectors and the
 * inspected unit's person in charge sign the written record of the inspection), and the acts that
 * confirm it. One definition, used by the device before it saves, by the server's rules
 * ({@link RecordChecks#signedContentKept}) and by the server's merge of a device's edit made on an
 * older version (a signature given on content that changed since is never merged onto the new
 * content).
 *
 * <ul>
 *   <li>The <em>attestations</em> ({@link #ATTESTATIONS}) are what a signer's act writes: the
 *       inspection's {@code signatures} (each with its {@code signatureImage}, the handwritten
 *       signature as an attachment — never one of the record's {@code photos}), the
 *       {@code refusalToSign} with its witness, a pledge's {@code signatureImage} and
 *       {@code signedAt}, and the device's {@code seal}.</li>
 *   <li>The <em>signed content</em> ({@link #of}) is everything else the record holds, the
 *       evidence photos included, but for the fields the server manages, the {@code status} and the
 *       report of a refusal made after sealing ({@link Sealing#UNSEALED}).</li>
 * </ul>
 *
 * <p>Pure Java on Gson, safe on Android API 26. Stateless; thread-safe.
 */
public final class SignedContent {

    /** The fields a signer's (or the sealing device's) act writes. */
    public static final Set<String> ATTESTATIONS = Collections.unmodifiableSet(new LinkedHashSet<>(
            Arrays.asList("signatures", "refusalToSign", "signatureImage", "signedAt", "seal")));

    /**
     * The fields a device's signing changes with its attestations: the attestations and the
     * {@code status} (sealing moves it to SEALED together with the seal).
     */
    public static final Set<String> SIGNING_FIELDS;

    private static final Set<String> NOT_CONTENT;

    static {
        Set<String> signing = new LinkedHashSet<>(ATTESTATIONS);
        signing.add("status");
        SIGNING_FIELDS = Collections.unmodifiableSet(signing);
        Set<String> fields = new HashSet<>(Sealing.UNSEALED);
        fields.addAll(signing);
        NOT_CONTENT = Collections.unmodifiableSet(fields);
    }

    private SignedContent() {
    }

    /** The record's signed content: a copy without its attestations, status and server fields. */
    public static JsonObject of(JsonObject record) {
        JsonObject content = record.deepCopy();
        for (String field : NOT_CONTENT) {
            content.remove(field);
        }
        return content;
    }

    /** The hex SHA-256 of the canonical JSON of {@link #of the signed content}: what a signer saw, in 64 characters. */
    public static String sha256(JsonObject record) {
        return CanonicalJson.sha256(of(record));
    }

    /** The top-level fields whose values differ between two records' signed contents, in name order. */
    public static List<String> differences(JsonObject a, JsonObject b) {
        JsonObject left = of(a);
        JsonObject right = of(b);
        Set<String> names = new TreeSet<>(left.keySet());
        names.addAll(right.keySet());
        List<String> differ = new ArrayList<>();
        for (String name : names) {
            JsonElement l = left.get(name);
            JsonElement r = right.get(name);
            if (l == null ? r != null : !l.equals(r)) {
                differ.add(name);
            }
        }
        return differ;
    }

    /**
     * Whether {@code after} carries an attestation {@code before} lacks: a signature not among
     * before's, or a refusal to sign, seal, pledge signature image or signing day that is new or
     * different. Removing one is not adding one.
     */
    public static boolean addsAttestation(JsonObject before, JsonObject after) {
        for (String field : ATTESTATIONS) {
            JsonElement now = after.get(field);
            if (now == null || now.isJsonNull()) {
                continue;
            }
            JsonElement was = before.get(field);
            if ("signatures".equals(field) && now.isJsonArray()) {
                JsonArray had = was != null && was.isJsonArray() ? was.getAsJsonArray() : new JsonArray();
                for (JsonElement signature : now.getAsJsonArray()) {
                    if (!had.contains(signature)) {
                        return true;
                    }
                }
            } else if (!now.equals(was)) {
                return true;
            }
        }
        return false;
    }
}
