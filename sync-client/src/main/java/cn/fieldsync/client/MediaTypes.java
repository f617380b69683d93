package cn.fieldsync.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A file's media type, from what the system knows or, failing that, its extension. */
public final class MediaTypes {

    private MediaTypes() {
    }

    public static String guess(Path file) {
        try {
            String probed = Files.isRegularFile(file) ? Files.probeContentType(file) : null;
            if (probed != null && probed.matches("[a-z]+/[a-z0-9.+-]+")) {
                return probed;
            }
        } catch (IOException e) {
            // fall back to the extension
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (name.endsWith(".mp3") || name.endsWith(".m4a")) {
            return "audio/mpeg";
        }
        return "application/octet-stream";
    }
}
