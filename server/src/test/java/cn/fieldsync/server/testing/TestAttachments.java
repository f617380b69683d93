package cn.fieldsync.server.testing;

import cn.fieldsync.schemas.SchemaExamples;
import cn.fieldsync.server.attachment.FileAttachmentStore;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/** A real attachment store holding the content the schema examples refer to (the smallest JPEG). */
public final class TestAttachments {

    /** SHA-256 of the examples' photo content (FF D8 FF D9): the hash the examples in schemas/ use for photos and signatures. */
    public static final String EXAMPLE_SHA256 = SchemaExamples.ATTACHMENT_SHA256;
    public static final byte[] EXAMPLE_CONTENT = SchemaExamples.attachmentContent();

    private TestAttachments() {
    }

    /**
     * A test photo: the content after the signature of the image type its file name says (a
     * {@code .png} starts as a PNG, anything else as a JPEG), as the device and the server check
     * a photo's first bytes against its declared type (cn.fieldsync.schemas.ImageBytes).
     */
    public static byte[] image(String fileName, byte[] content) {
        byte[] magic = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".png")
                ? new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}
                : new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        byte[] bytes = java.util.Arrays.copyOf(magic, magic.length + content.length);
        System.arraycopy(content, 0, bytes, magic.length, content.length);
        return bytes;
    }

    /** {@link #image(String, byte[])} of text (UTF-8). */
    public static byte[] image(String fileName, String content) {
        return image(fileName, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
