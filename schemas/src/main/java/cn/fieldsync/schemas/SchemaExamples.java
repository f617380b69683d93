package cn.fieldsync.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The example documents packaged beside the schemas ({@code schemas/examples/TYPE/valid-*.json}
 * and {@code invalid-*.json}), listed in {@code examples/index.txt} so they can be read from a jar.
 * Contract tests on both sides use them.
 */
public final class SchemaExamples {

    /** Ids the valid examples refer to: a test that stores them creates these units first. */
    public static final String UNIT_ID = "0190a1b2-0000-7000-8000-000000000001";
    public static final String SUPERVISING_UNIT_ID = "0190a1b2-0000-7000-8000-000000000002";

    private SchemaExamples() {
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
