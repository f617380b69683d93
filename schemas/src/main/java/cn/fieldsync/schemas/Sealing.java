package cn.fieldsync.schemas;

import com.google.gson.JsonObject;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * Seals of inspection records and pledges (schemas/CANONICAL.md): SHA-256 over the record's
 * canonical JSON — its own fields, without the server's and without the seal — signed with the
 * device's Ed25519 key. The same code seals on the device and verifies on the server and offline.
 */
public final class Sealing {

    public static final String ALGORITHM = "Ed25519";

    /**
     * Not part of what is sealed: managed or computed by the server, the seal itself, and the
     * report of a refusal to sign (安全生产法 art 68), which is made after the record is sealed.
     */
    public static final Set<String> UNSEALED = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            java.util.Arrays.asList("id", "type", "version", "deleted", "createdAt", "updatedAt",
                    "overdue", "escalateTo", "sealVerified", "seal", "refusalReport")));

    private Sealing() {
    }

    /** The hex SHA-256 a seal covers. */
    public static String hash(JsonObject record) {
        JsonObject sealed = record.deepCopy();
        UNSEALED.forEach(sealed::remove);
        return CanonicalJson.sha256(sealed);
    }

    /** Base64 Ed25519 signature of the hash's 32 bytes. */
    public static String sign(PrivateKey key, String hash) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(Hex.parse(hash));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the device key: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, String hash, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(Hex.parse(hash));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A device's public key as enrolled: Base64 of its X.509 encoding. */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Why a seal does not hold, for a reader to be told in their own words (see {@link #flaw}). */
    public enum Flaw { NO_SEAL, CONTENT_CHANGED, KEY_UNKNOWN, WRONG_SIGNATURE }

    /**
     * Checks a sealed record on its own: the hash it names is the record's, and the signature is the
     * named key's. Null when the seal holds, else what is wrong (said to people from the label
     * catalogue: problems.sealContentChanged, sealKeyUnknown, sealSignatureWrong).
     */
    public static Flaw flaw(JsonObject record, PublicKey key) {
        if (!record.has("seal") || !record.get("seal").isJsonObject()) {
            return Flaw.NO_SEAL;
        }
        JsonObject seal = record.getAsJsonObject("seal");
        String actual = hash(record);
        if (!seal.has("hash") || !actual.equals(seal.get("hash").getAsString())) {
            return Flaw.CONTENT_CHANGED;
        }
        if (key == null) {
            return Flaw.KEY_UNKNOWN;
        }
        if (!seal.has("signature") || !verify(key, actual, seal.get("signature").getAsString())) {
            return Flaw.WRONG_SIGNATURE;
        }
        return null;
    }
}
