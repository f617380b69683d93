package cn.fieldsync.server.attachment;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where attachment bytes live, content-addressed by SHA-256: a directory now, an object store
 * when one node is not enough (DESIGN.md). Uploads are resumable: bytes arrive in order from an
 * offset, and the content becomes visible only once its hash has been verified.
 */
public interface AttachmentStore extends AttachmentCatalog {

    /** What the server has of this content. */
    Status status(String sha256);

    /**
     * Appends bytes at {@code offset} (which must be what was received so far) of content whose
     * whole length is {@code totalLength}. When the last byte arrives the hash is checked: the
     * content is kept if it matches, and thrown away if it does not.
     */
    Status append(String sha256, long offset, long totalLength, InputStream bytes);

    /** The verified content, for reading. */
    Optional<InputStream> open(String sha256);

    /**
     * @param complete whether the whole content is stored and verified
     * @param received bytes held: the size when complete, the resumable offset otherwise
     */
    record Status(boolean complete, long received) {
        public static final Status ABSENT = new Status(false, 0);
    }
}
