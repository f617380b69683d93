package cn.fieldsync.server.attachment;

/** Whether the server holds the whole, verified content of an attachment. */
@FunctionalInterface
public interface AttachmentCatalog {

    boolean holds(String sha256);
}
