package cn.fieldsync.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        // a plain map: Map.ofEntries is Android API 30+, and the core library runs on API 26
        BY_EXTENSION.put("jpg", "image/jpeg");
        BY_EXTENSION.put("jpeg", "image/jpeg");
        BY_EXTENSION.put("png", "image/png");
        BY_EXTENSION.put("heic", "image/heic");
        BY_EXTENSION.put("heif", "image/heif");
        BY_EXTENSION.put("webp", "image/webp");
        BY_EXTENSION.put("pdf", "application/pdf");
        BY_EXTENSION.put("mp3", "audio/mpeg");
        BY_EXTENSION.put("m4a", "audio/mp4");
        BY_EXTENSION.put("aac", "audio/aac");
        BY_EXTENSION.put("amr", "audio/amr");
        BY_EXTENSION.put("wav", "audio/wav");
        BY_EXTENSION.put("mp4", "video/mp4");
        BY_EXTENSION.put("mov", "video/quicktime");
    }

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
