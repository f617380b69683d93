package cn.fieldsync.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A file's media type (RFC 6838 name, as the attachment schema's {@code mediaType} takes it):
 * from the extensions of field recordings below, else from what the system knows, else
 * {@code application/octet-stream}. The table comes first so a device labels the same file the
 * same way whatever its system's MIME database says (Debian's once called {@code .m4a} MP3).
 */
public final class MediaTypes {

    /**
     * Extension → registered type. {@code .m4a} is AAC in an MPEG-4 container: {@code audio/mp4}
     * (RFC 4337), not {@code audio/mpeg}, which is MP3 (RFC 3003).
     */
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("heic", "image/heic"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("amr", "audio/amr"),
            Map.entry("wav", "audio/wav"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("mov", "video/quicktime"));

    private MediaTypes() {
    }

    public static String guess(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String known = BY_EXTENSION.get(name.substring(name.lastIndexOf('.') + 1));
        if (known != null) {
            return known;
        }
        try {
            String probed = Files.isRegularFile(file) ? Files.probeContentType(file) : null;
            if (probed != null && probed.matches("[a-z]+/[a-z0-9.+-]+")) {
                return probed;
            }
        } catch (IOException e) {
            // unknown to the system too
        }
        return "application/octet-stream";
    }
}
