package cn.fieldsync.server.attachment;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Attachments as files: {@code <root>/ab/cd/<sha256>} once verified, {@code <root>/partial/<sha256>-<uploader key>}
 * while arriving (one partial file per uploader; the key is a digest of the user name, so any
 * name makes a safe file name). Bytes are streamed in 64 KiB blocks both ways; no file is held
 * in memory.
 */
public final class FileAttachmentStore implements AttachmentStore {

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final int BLOCK = 64 * 1024;

    private final Path root;
    private final long maxBytes;
    /** One upload of a given content at a time; others wait rather than interleave their bytes. */
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public FileAttachmentStore(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(root.resolve("partial"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the attachment directory " + root + ": " + e.getMessage(), e);
        }
    }

    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    @Override
    public boolean holds(String sha256) {
        return isSha256(sha256) && Files.isRegularFile(complete(sha256));
    }

    @Override
    public Status status(String sha256, String uploader) {
        check(sha256);
        try {
            if (Files.isRegularFile(complete(sha256))) {
                return new Status(true, Files.size(complete(sha256)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return partial(sha256, uploader);
    }

    @Override
    public Status partial(String sha256, String uploader) {
        check(sha256);
        Path partial = partialFile(sha256, uploader);
        return Files.isRegularFile(partial) ? new Status(false, sizeOf(partial)) : Status.ABSENT;
    }

    @Override
    public Status append(String sha256, String uploader, long offset, long totalLength, InputStream bytes) {
        check(sha256);
        if (totalLength < 0 || totalLength > maxBytes) {
            throw new FieldsyncException(ErrorCode.ATTACHMENT_TOO_LARGE, "Content-Range",
                    Labels.say("attachmentTooLarge", totalLength, maxBytes));
        }
        Path partial = partialFile(sha256, uploader);
        synchronized (locks.computeIfAbsent(partial.getFileName().toString(), k -> new Object())) {
            if (uploader == null && holds(sha256)) {
                drain(bytes);
                return status(sha256, null);
            }
            Status now = partial(sha256, uploader);
            if (offset != now.received()) {
                throw new FieldsyncException(ErrorCode.UPLOAD_OFFSET_MISMATCH, "Content-Range",
                        Labels.say("uploadResumeAt", sha256, now.received(), offset,
                                "Content-Range", "bytes " + now.received() + "-"));
            }
            long received = now.received();
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                byte[] block = new byte[BLOCK];
                int n;
                while ((n = read(bytes, block)) > 0) {
                    if (received + n > totalLength) {
                        throw new FieldsyncException(ErrorCode.UPLOAD_OFFSET_MISMATCH, "Content-Range",
                                Labels.say("uploadBeyondTotal", totalLength, "Content-Range", "Content-Length"));
                    }
                    out.write(block, 0, n);
                    received += n;
                }
            } catch (IOException e) {
                // the connection dropped: what arrived is kept, and the upload resumes from there
                return new Status(false, sizeOf(partial));
            }
            return received == totalLength ? verify(sha256, partial) : new Status(false, received);
        }
    }

    /** A read from the request; the web server reports a dropped connection as an unchecked exception. */
    private static int read(InputStream in, byte[] block) throws IOException {
        try {
            return in.read(block);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("the upload was cut off: " + e.getMessage(), e);
        }
    }

    private Status verify(String sha256, Path partial) {
        String actual = hash(partial);
        if (!actual.equals(sha256)) {
            delete(partial);
            throw new FieldsyncException(ErrorCode.HASH_MISMATCH, "sha256",
                    Labels.say("uploadHashMismatch", actual, sha256));
        }
        Path target = complete(sha256);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Status(true, Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> open(String sha256) {
        if (!holds(sha256)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(complete(sha256)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hash(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] block = new byte[BLOCK];
            while (in.read(block) > 0) {
                // the digest reads along
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Path complete(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private Path partialFile(String sha256, String uploader) {
        return root.resolve("partial").resolve(sha256 + "-" + uploaderKey(uploader));
    }

    /** A file-name-safe key of the uploader: 16 hex digits of the SHA-256 of the name ("server" for the server itself). */
    private static String uploaderKey(String uploader) {
        if (uploader == null) {
            return "server";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uploader.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void check(String sha256) {
        if (!isSha256(sha256)) {
            throw notAName();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away: nothing to keep
        }
    }

    /** invalid_parameter for a name that is no lower-case hex SHA-256. */
    public static FieldsyncException notAName() {
        return new FieldsyncException(ErrorCode.INVALID_PARAMETER, "sha256", Labels.say("attachmentName", "SHA-256",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
    }
}
