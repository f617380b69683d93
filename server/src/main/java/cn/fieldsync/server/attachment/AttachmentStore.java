package cn.fieldsync.server.attachment;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where attachment bytes live, content-addressed by SHA-256: a directory now, an object store
 * when one node is not enough (docs/architecture.md, "Scale"). Uploads are resumable: bytes arrive in order from an
 * offset, and the content becomes visible only once its hash has been verified.
 *
 * <p>Each uploader has its own partial upload of a content ({@code uploader} is the user name;
 * null stands for the server itself): one uploader's bytes never touch another's partial file,
 * so a wrong second half sent by someone else cannot throw away a good first half. The verified
 * content is stored once, whoever completed it.
 */
public interface AttachmentStore extends AttachmentCatalog {

    /** What the server itself has of this content (the whole of it, or its own partial upload). */
    default Status status(String sha256) {
        return status(sha256, null);
    }

    /** The whole verified content when held; otherwise what this uploader has sent of it. */
    Status status(String sha256, String uploader);

    /** What this uploader has sent of the content, whether or not the whole content is held. */
    Status partial(String sha256, String uploader);

    /** {@link #append(String, String, long, long, InputStream)} by the server itself; a no-op once the content is held. */
    default Status append(String sha256, long offset, long totalLength, InputStream bytes) {
        return append(sha256, null, offset, totalLength, bytes);
    }

    /**
     * Appends bytes at {@code offset} (which must be what this uploader has sent so far) of
     * content whose whole length is {@code totalLength}. When the last byte arrives the hash is
     * checked: the content is kept if it matches (stored once: bytes that match content already
     * held are simply dropped), and this uploader's partial upload is thrown away if it does not.
     * When {@code uploader} is null and the content is held already, the bytes are drained.
     */
    Status append(String sha256, String uploader, long offset, long totalLength, InputStream bytes);

    /** The verified content, for reading. */
    Optional<InputStream> open(String sha256);

    /** The first bytes of the verified content, read from {@link #open}. */
    @Override
    default Optional<byte[]> head(String sha256, int length) {
        Optional<InputStream> content = open(sha256);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = content.get()) {
            return Optional.of(in.readNBytes(length));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param complete whether the whole content is stored and verified
     * @param received bytes held: the size when complete, the resumable offset otherwise
     */
    record Status(boolean complete, long received) {
        public static final Status ABSENT = new Status(false, 0);
    }
}
