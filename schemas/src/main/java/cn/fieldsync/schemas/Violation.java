package cn.fieldsync.schemas;

/**
 * One way a document breaks its schema.
 *
 * @param field   JSON Pointer of the offending value ("" for the document itself); for a missing
 *                required property, the pointer of the property that is missing
 * @param keyword the schema keyword that failed (required, pattern, enum, ...)
 * @param message a human-readable explanation
 */
public record Violation(String field, String keyword, String message) {
}
