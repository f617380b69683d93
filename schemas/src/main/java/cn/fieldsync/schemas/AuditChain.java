package cn.fieldsync.schemas;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The audit chain's arithmetic, shared by the server (which writes and verifies the chain) and
 * the device's {@code verify-bundle} (which checks a bundle's audit entries offline).
 *
 * <ul>
 *   <li>An entry of format 2 ({@code "v":2} in its canonical JSON): hash = SHA-256( previous hash
 *       + "\n" + hex SHA-256 of its canonical JSON ). Format 1 (no {@code v}, written before the log
 *       was anchored): hash = SHA-256( previous hash + "\n" + canonical JSON ).</li>
 *   <li>A checkpoint: {@code {"at","checkpoint","keyId","seq","headHash","signature"}}, where
 *       {@code signature} is the Base64 Ed25519 signature of the canonical JSON of the other fields
 *       (UTF-8), by the server's audit key; {@code keyId} is the hex SHA-256 of that key's X.509
 *       encoding; {@code seq} is the head entry's seq, which is also the number of entries.</li>
 * </ul>
 */
public final class AuditChain {

    public static final String GENESIS = new String(new char[64]).replace('\0', '0');

    private AuditChain() {
    }

    /** SHA-256( previous hash + "\n" + what ), hex. */
    public static String link(String previousHash, String what) {
        byte[] whatBytes = what.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = CanonicalJson.digest();
        digest.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(whatBytes);
        return Hex.of(digest.digest());
    }

    /** The chain's step for an entry of the given format. */
    public static String chain(String previousHash, String canonicalEntry, int format) {
        return format >= 2 ? link(previousHash, sha256(canonicalEntry)) : link(previousHash, canonicalEntry);
    }

    /** The format an entry's JSON says it has: its {@code v}, 1 when it has none. */
    public static int format(JsonObject entry) {
        return entry.has("v") && entry.get("v").isJsonPrimitive() ? entry.get("v").getAsInt() : 1;
    }

    public static String sha256(String text) {
        return Hex.of(CanonicalJson.digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a checkpoint's signature covers: the canonical JSON of all its other fields. */
    public static String signedText(JsonObject checkpoint) {
        JsonObject signed = checkpoint.deepCopy();
        signed.remove("signature");
        return CanonicalJson.of(signed);
    }

    /** Why a checkpoint does not hold. */
    public enum FaultKind {
        /** a field is missing; the detail names it */
        MISSING_FIELD,
        /** it names another key; the detail is that key's id */
        OTHER_KEY,
        /** the signature does not verify */
        SIGNATURE_FAILS,
        /** the signature cannot be read (not Base64, not an Ed25519 signature); the detail is why */
        SIGNATURE_UNREADABLE
    }

    /**
     * Why a checkpoint does not hold, said in Chinese ({@link #chinese()}, from the label catalogue's
     * {@code auditBroken} section, as the server's audit verifier and the bundle check say it: said of
     * the checkpoint, it follows the checkpoint's name, 检查点文件中的第 2 号签名检查点 + 的签名不成立：…).
     */
    public record CheckpointFault(FaultKind kind, String detail) {

        // if, not an exhaustive switch: the schemas run on Android 8 (API 26) too, which has no MatchException

        public String chinese() {
            if (kind == FaultKind.MISSING_FIELD) {
                String name = Labels.find("auditBroken", "checkpoint_field." + detail).map(n -> n + "（" + detail + "）").orElse(detail);
                return Labels.sayIn("auditBroken", "checkpoint_field_missing", name);
            }
            if (kind == FaultKind.OTHER_KEY) {
                return Labels.sayIn("auditBroken", "checkpoint_other_key", detail);
            }
            if (kind == FaultKind.SIGNATURE_FAILS) {
                return Labels.sayIn("auditBroken", "checkpoint_signature_fails");
            }
            return Labels.sayIn("auditBroken", "checkpoint_signature_unreadable");
        }
    }

    /** Null when the checkpoint is signed by the key (and names it), else why not. */
    public static CheckpointFault checkpointFault(JsonObject checkpoint, PublicKey key) {
        for (String field : new String[] {"checkpoint", "seq", "headHash", "at", "keyId", "signature"}) {
            if (!checkpoint.has(field) || !checkpoint.get(field).isJsonPrimitive()) {
                return new CheckpointFault(FaultKind.MISSING_FIELD, field);
            }
        }
        if (!checkpoint.get("keyId").getAsString().equals(keyId(key))) {
            return new CheckpointFault(FaultKind.OTHER_KEY, checkpoint.get("keyId").getAsString());
        }
        try {
            Signature signature = Signature.getInstance(Sealing.ALGORITHM);
            signature.initVerify(key);
            signature.update(signedText(checkpoint).getBytes(StandardCharsets.UTF_8));
            if (!signature.verify(Base64.getDecoder().decode(checkpoint.get("signature").getAsString()))) {
                return new CheckpointFault(FaultKind.SIGNATURE_FAILS, null);
            }
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new CheckpointFault(FaultKind.SIGNATURE_UNREADABLE, e.getMessage());
        }
    }

    /** The hex SHA-256 of a public key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Hex.of(sha().digest(key.getEncoded()));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
