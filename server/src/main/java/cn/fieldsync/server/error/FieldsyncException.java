package cn.fieldsync.server.error;

import java.util.List;

/**
 * A refusal the client can act on: a catalogued code, a message for a person, and the offending
 * field (a JSON Pointer into the body, or a parameter name) when there is one.
 */
public class FieldsyncException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final List<FieldError> errors;

    public FieldsyncException(ErrorCode code, String field, String message) {
        this(code, field, message, List.of(), null);
    }

    public FieldsyncException(ErrorCode code, String field, String message, List<FieldError> errors, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Every problem found, when there were several (schema violations). */
    public List<FieldError> errors() {
        return errors;
    }

    public record FieldError(String field, String message) {
    }
}
