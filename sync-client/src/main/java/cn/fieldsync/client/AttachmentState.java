package cn.fieldsync.client;

/**
 * What the server holds of an attachment.
 *
 * @param complete the whole content, verified
 * @param received bytes held (where a resumed upload starts)
 */
public record AttachmentState(boolean complete, long received) {
}
