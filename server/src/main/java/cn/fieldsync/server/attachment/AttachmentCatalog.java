package cn.fieldsync.server.attachment;

/** Whether the server holds the whole, verified content of an attachment. */
@FunctionalInterface
public interface AttachmentCatalog {

    boolean holds(String sha256);

    /**
     * The first {@code length} bytes of a held file (fewer when it is shorter), to tell what kind
     * of file it is; empty when the catalogue cannot read contents (it only knows what it holds).
     */
    default java.util.Optional<byte[]> head(String sha256, int length) {
        return java.util.Optional.empty();
    }
}
