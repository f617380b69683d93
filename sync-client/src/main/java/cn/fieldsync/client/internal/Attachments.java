package cn.fieldsync.client.internal;

import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Set;

/** The device's attachment files, named by their SHA-256, under the store's attachments/ folder. */
public final class Attachments {

    private final Path dir;

    public Attachments(Path dir) {
        this.dir = dir;
    }

    /** A copy of the file, hashed while copied (never read whole into memory). */
    public Imported add(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputRefusedException("没有这个文件：" + file + " (no such file)");
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "incoming", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                size = Api26.copy(in, out);
            }
            String sha256 = Api26.hex(digest.digest());
            Files.move(temp, path(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Imported(sha256, size);
        } catch (IOException e) {
            throw new InputRefusedException("无法把 " + file + " 存入设备存储：" + e.getMessage() + " (cannot copy the file into the store)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public boolean holds(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    public Path path(String sha256) {
        return dir.resolve(sha256);
    }

    public record Imported(String sha256, long size) {
    }

    /** The attachments an operation's fields name: photos, evidence, signature images, an attachment's own content. */
    static Set<String> referencedBy(String type, JsonObject fields) {
        return RecordType.fromWireName(type).map(t -> (Set<String>) new LinkedHashSet<>(AttachmentRefs.of(t, fields).values()))
                .orElse(java.util.Collections.<String>emptySet());
    }
}
