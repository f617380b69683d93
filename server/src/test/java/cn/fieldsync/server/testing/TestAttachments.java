package cn.fieldsync.server.testing;

import cn.fieldsync.schemas.SchemaExamples;
import cn.fieldsync.server.attachment.FileAttachmentStore;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/** A real attachment store holding the content the schema examples refer to ("test"). */
public final class TestAttachments {

    /** SHA-256 of the bytes "test": the hash the examples in schemas/ use for photos and signatures. */
    public static final String EXAMPLE_SHA256 = SchemaExamples.ATTACHMENT_SHA256;
    public static final byte[] EXAMPLE_CONTENT = SchemaExamples.attachmentContent();

    private TestAttachments() {
    }

    /** The lower-case hex SHA-256 of some bytes: the name an attachment is stored under. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FileAttachmentStore withExampleContent(Path dir) {
        FileAttachmentStore store = new FileAttachmentStore(dir, 100L * 1024 * 1024);
        store.append(EXAMPLE_SHA256, 0, EXAMPLE_CONTENT.length, new ByteArrayInputStream(EXAMPLE_CONTENT));
        return store;
    }
}
