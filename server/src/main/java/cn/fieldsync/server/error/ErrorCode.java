package cn.fieldsync.server.error;

/**
 * The catalogue of every error the server answers with. The code is part of the API contract:
 * clients branch on it, so a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400, "The body is not well-formed JSON"),
    INVALID_PARAMETER("invalid_parameter", 400, "A query or path parameter is invalid"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The body must be JSON"),
    NOT_ACCEPTABLE("not_acceptable", 406, "The server answers only in JSON"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "The body is larger than allowed"),
    INVALID_RECORD("invalid_record", 422, "The record does not match its schema"),
    UNKNOWN_REFERENCE("unknown_reference", 422, "The record refers to a record that does not exist"),
    ILLEGAL_TRANSITION("illegal_transition", 422, "The status change is not allowed by the lifecycle"),
    STATUS_NOT_OF_GRADE("status_not_of_grade", 422, "The status does not belong to the hazard's grade"),
    TREATMENT_PLAN_INCOMPLETE("treatment_plan_incomplete", 422, "A major hazard needs all six parts of its treatment plan"),
    GRADE_CHANGE_NOT_ALLOWED("grade_change_not_allowed", 422, "The grade can only change while the hazard is registered"),
    NOT_FOUND("not_found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "The method is not allowed on this resource"),
    DUPLICATE_ID("duplicate_id", 409, "A record with this id already exists"),
    VERSION_CONFLICT("version_conflict", 409, "The record changed since the version given"),
    INTERNAL_ERROR("internal_error", 500, "The server failed; the request may not have been applied");

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
