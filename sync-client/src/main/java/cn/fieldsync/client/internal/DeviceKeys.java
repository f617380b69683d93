package cn.fieldsync.client.internal;

import cn.fieldsync.client.FieldsyncException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * The device's Ed25519 key pair (the JDK's own implementation). The private key stays in the
 * store ({@code device-key}, readable by its owner only); the public key is enrolled with the
 * server, which verifies this device's seals with it.
 */
public final class DeviceKeys {

    private static final String FILE = cn.fieldsync.client.FieldStore.DEVICE_KEY_FILE;

    private DeviceKeys() {
    }

    /** Makes the pair and keeps the private half; returns the pair. */
    public static KeyPair create(Path storeDir) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path file = storeDir.resolve(FILE);
            Files.write(file, pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the store's own directory permissions protect it
            }
            return pair;
        } catch (GeneralSecurityException | IOException e) {
            throw new FieldsyncException("cannot make the device key: " + e.getMessage());
        }
    }

    public static PrivateKey privateKey(Path storeDir) {
        Path file = storeDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new FieldsyncException("this store has no device key (it was made before sealing existed); init a new store to seal");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        } catch (GeneralSecurityException | IOException e) {
            throw new FieldsyncException("cannot read the device key: " + e.getMessage());
        }
    }
}
