package cn.fieldsync.server.api.dto;

/**
 * The shape of an upload's answer ({@code PUT /api/attachments/{sha256}}). The device SDK resumes
 * from {@code received} and stops at {@code complete}; keep the names. Written by
 * {@link cn.fieldsync.server.dto.DtoJson}; described in {@code openapi.yml} (OpenApiShapesTest).
 */
public final class AttachmentDtos {

    private AttachmentDtos() {
    }

    /**
     * What the server holds of the file: {@code received} bytes of it (the whole length once
     * {@code complete}: the bytes arrived and their SHA-256 is the name).
     */
    public record UploadStatus(String sha256, long received, boolean complete) {
    }
}
