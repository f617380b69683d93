package cn.fieldsync.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The example documents packaged beside the schemas ({@code schemas/examples/TYPE/valid-*.json}
 * and {@code invalid-*.json}), listed in {@code examples/index.txt} so they can be read from a jar.
 * Contract tests on both sides use them. The examples name the units and people of the server's demo
 * data (栖霞市鑫源化工有限公司 and its chairman 李建国, 栖霞市应急管理局 and its head 王卫东), so a user
 * copying one onto a demo server succeeds.
 */
public final class SchemaExamples {

    /**
     * The SHA-256 (lower-case hex) the examples' photos and signature images name: the four bytes
     * {@code FF D8 FF D9}, the smallest JPEG stream (start and end of image), so an example photo
     * declared {@code image/jpeg} is one ({@link #attachmentContent()}, {@link ImageBytes}). A record naming it waits on a device
     * until the device or the server holds that content (an inspector may only name attachments
     * they uploaded or that records in their scope name: docs/security.md).
     */
    public static final String ATTACHMENT_SHA256 = "32461d5bd1773012acef0ba15636752949bd7c2ce50f9172159d9f56cf0dd9af";

    private SchemaExamples() {
    }

    /** The content the examples' attachments name ({@link #ATTACHMENT_SHA256}); a new array each call. */
    public static byte[] attachmentContent() {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    }

    /** Paths relative to {@code schemas/}, e.g. {@code examples/hazard/valid-general.json}. */
    public static List<String> all() {
        return java.util.Arrays.stream(read("examples/index.txt").split("\\R")).filter(l -> !l.trim().isEmpty())
                .collect(java.util.stream.Collectors.toList());
    }

    public static List<String> of(RecordType type, boolean valid) {
        return all().stream().filter(p -> typeOf(p) == type && isValid(p) == valid).collect(java.util.stream.Collectors.toList());
    }

    public static String read(String path) {
        try (InputStream in = SchemaExamples.class.getClassLoader().getResourceAsStream("schemas/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + path);
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RecordType typeOf(String path) {
        return RecordType.fromWireName(path.split("/")[1])
                .orElseThrow(() -> new IllegalArgumentException("no record type for " + path));
    }

    public static boolean isValid(String path) {
        return path.substring(path.lastIndexOf('/') + 1).startsWith("valid-");
    }
}
