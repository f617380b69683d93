package cn.fieldsync.server.document.dto;

import java.util.List;

/**
 * The shapes of the printed documents' reads ({@code GET /api/documents}, {@code /{id}}). A
 * {@code null} component is left out. Written by {@link cn.fieldsync.server.dto.DtoJson};
 * described in {@code openapi.yml} (OpenApiShapesTest).
 */
public final class DocumentDtos {

    private DocumentDtos() {
    }

    /** The documents the caller may see, newest first. */
    public record DocumentList(List<Meta> items) {
    }

    /**
     * An issued document: its kind (with its Chinese name), its number and the year and sequence
     * it was taken from, what it printed ({@code subjectType}, {@code subjectId} and the record's
     * {@code subjectVersion}), its PDF's SHA-256 (hex) and size in bytes, who issued it and when.
     */
    public record Meta(String id, String kind, String kindName, String number, int year, int seq, String subjectType,
                       String subjectId, Integer subjectVersion, String sha256, long sizeBytes, String issuedBy, String issuedAt) {
    }
}
