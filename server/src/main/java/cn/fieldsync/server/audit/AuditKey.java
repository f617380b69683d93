package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.Sealing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The server's audit signing key: an Ed25519 key pair kept in files, outside the database, with
 * which the server signs checkpoints of the audit chain's head. Whoever can write the database
 * but cannot read this file cannot sign a checkpoint, so cannot rewrite the anchored chain.
 *
 * <p>Files: {@code KEYFILE} holds the private key (Base64 of its PKCS#8 encoding, mode 600 where
 * the file system has POSIX permissions); {@code KEYFILE.pub} the public key (Base64 of its X.509
 * encoding, as {@link Sealing#publicKey} reads it). The key id is the hex SHA-256 of the public
 * key's X.509 encoding.
 */
public final class AuditKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Reads the key pair from the file, or makes one and writes it there when the file is absent. */
    public static AuditKey loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            byte[] pkcs8 = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
            PrivateKey privateKey = KeyFactory.getInstance(Sealing.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = readPublic(publicFile(keyFile));
            AuditKey key = new AuditKey(privateKey, publicKey);
            // the two files must belong together: a replaced public key would make every checkpoint fail later
            if (!verify(publicKey, "fieldsync", key.sign("fieldsync"))) {
                throw new IllegalStateException("the audit key files do not belong together: " + keyFile + " and " + publicFile(keyFile));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit key " + keyFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit key " + keyFile + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static void create(Path keyFile) throws IOException, GeneralSecurityException {
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        KeyPair pair = KeyPairGenerator.getInstance(Sealing.ALGORITHM).generateKeyPair();
        Path tmp = Files.createTempFile(dir, "audit-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection has to do
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n", StandardCharsets.US_ASCII);
            Files.writeString(publicFile(keyFile), Sealing.encode(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
            // the private key appears last and whole: a start that dies half-way makes a new pair next time
            Files.move(tmp, keyFile);
        } catch (FileAlreadyExistsException e) {
            // another process made it first; use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Path publicFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    /** A public key file as written beside the key: Base64 X.509. */
    public static PublicKey readPublic(Path publicKeyFile) throws IOException {
        return Sealing.publicKey(Files.readString(publicKeyFile, StandardCharsets.US_ASCII).trim());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Base64 X.509, as {@code GET /api/audit/key} gives it out. */
    public String publicKeyBase64() {
        return Sealing.encode(publicKey);
    }

    public String keyId() {
        return keyId(publicKey);
    }

    public static String keyId(PublicKey key) {
        return AuditChain.keyId(key);
    }

    /** Base64 Ed25519 signature of the text's UTF-8 bytes. */
    public String sign(String text) {
        try {
            Signature signature = Signature.getInstance(Sealing.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, String text, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(Sealing.ALGORITHM);
            signature.initVerify(key);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
