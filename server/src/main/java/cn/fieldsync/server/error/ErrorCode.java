package cn.fieldsync.server.error;

/**
 * The catalogue of every error the server answers with. The code is part of the API contract:
 * clients branch on it, so a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400, "The body is not well-formed JSON"),
    INVALID_PARAMETER("invalid_parameter", 400, "A query or path parameter, or a member of a document or bundle request, is invalid"),
    UNKNOWN_MEMBER("unknown_member", 400, "The body holds a member this route does not take; nothing was changed"),
    INVALID_MEMBER("invalid_member", 400, "A member of the body is of the wrong kind (text, number, list, object); nothing was changed"),
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
    DUPLICATE_UNIT("duplicate_unit", 409, "A unit with this unified social credit code already exists"),
    VERSION_CONFLICT("version_conflict", 409, "The record changed since the version given"),
    UNKNOWN_DEVICE("unknown_device", 403, "The device is not enrolled; run init again"),
    INVALID_OPERATION("invalid_operation", 422, "The sync operation is not well formed"),
    OP_ID_REUSED("op_id_reused", 409, "This opId was used before for a different operation"),
    UNKNOWN_RECORD("unknown_record", 422, "The operation edits a record the server does not have"),
    UNKNOWN_BASE_VERSION("unknown_base_version", 422, "The operation's base version does not exist"),
    TYPE_MISMATCH("type_mismatch", 422, "The operation's type is not the record's type"),
    CONFLICT_ALREADY_RESOLVED("conflict_already_resolved", 409, "The conflict was resolved already"),
    INVALID_RESOLUTION("invalid_resolution", 422, "The resolution is not one of SERVER, DEVICE or MERGED with values, or names a version the conflict never had"),
    ATTACHMENT_TOO_LARGE("attachment_too_large", 413, "The attachment is larger than the server accepts"),
    UPLOAD_OFFSET_MISMATCH("upload_offset_mismatch", 409, "The upload does not continue where the server's copy ends"),
    HASH_MISMATCH("hash_mismatch", 422, "The bytes uploaded do not hash to the name they were sent under"),
    ATTACHMENT_MISSING("attachment_missing", 422, "The record refers to an attachment the server does not hold; upload it and retry"),
    SEALED("sealed", 409, "The record is sealed: it accepts no edit; record an amendment instead"),
    INVALID_SEAL("invalid_seal", 422, "The seal is missing or does not hold: the content or the signature is not what was sealed"),
    INVALID_PUBLIC_KEY("invalid_public_key", 422, "The device's public key is not an Ed25519 key"),
    UNAUTHENTICATED("unauthenticated", 401, "Log in first: the request carries no valid bearer token"),
    TOKEN_EXPIRED("token_expired", 401, "The token has expired; refresh it or log in again"),
    INVALID_CREDENTIALS("invalid_credentials", 401, "The user name or the password is wrong"),
    TOO_MANY_ATTEMPTS("too_many_attempts", 429, "Too many failed logins; wait before trying again"),
    FORBIDDEN("forbidden", 403, "The caller's role does not allow this"),
    OUT_OF_SCOPE("out_of_scope", 403, "The record is outside the caller's jurisdictions and units"),
    DEVICE_REVOKED("device_revoked", 403, "The device was revoked by an administrator"),
    DEVICE_REQUIRED("device_required", 403, "Syncing needs a token bound to an enrolled device"),
    USER_EXISTS("user_exists", 409, "A user with this name exists already"),
    INVALID_USER("invalid_user", 422, "The user account is not well formed"),
    HIDDEN_CHARACTER("hidden_character", 422, "The text holds a control character, a bidirectional control or half a character"),
    INVALID_CASE("invalid_case", 422, "The case request is not well formed"),
    INVESTIGATE_FIRST("investigate_first", 422, "Investigate first: a decision needs confirmed evidence and findings on its track"),
    CASE_NOT_CLOSABLE("case_not_closable", 409, "四不放过: the case cannot close while a checklist item is open"),
    CASE_CLOSED("case_closed", 409, "The case is closed"),
    ALREADY_LINKED("already_linked", 409, "The record is linked to this track of the case already"),
    WAITS_FOR_EARLIER("waits_for_earlier", 409, "The operation builds on an earlier operation of this device that the server has not applied yet"),
    WAITS_FOR_LINKED("waits_for_linked", 409, "The record links to a record whose operation waits or was refused earlier in the same push"),
    STALE_RESOLUTION("stale_resolution", 409, "The record changed since the view the resolution was decided on; reload the conflict"),
    VERSION_REQUIRED("version_required", 428, "Say which version of the record the decision was made on (If-Match or \"version\")"),
    DATABASE_UNAVAILABLE("database_unavailable", 503, "The database is unavailable for a moment; nothing was applied, retry after the time given"),
    SERVER_STOPPING("server_stopping", 503, "The server is stopping; nothing was applied, retry after the time given"),
    DEADLINE_REQUIRED("deadline_required", 422, "责令限期整改须有整改期限: the hidden danger needs a deadline (安全生产法 arts 65, 102)"),
    DATE_OUT_OF_ORDER("date_out_of_order", 422, "A date precedes the one it follows, or lies in the future"),
    STEP_NOT_RECORDED("step_not_recorded", 422, "A lifecycle step needs the record of who took it and on which day"),
    EXTENSION_REQUIRED("extension_required", 422, "The deadline changes only by a recorded extension"),
    APPEND_ONLY("append_only", 422, "An append-only history cannot be rewritten"),
    LISTING_REFUSED("listing_refused", 422, "The 挂牌督办 listing or de-listing is not allowed"),
    LISTING_NOT_PERMITTED("listing_not_permitted", 403, "The caller may not record a listing at this level"),
    GRADE_MUST_BE_MAJOR("grade_must_be_major", 422, "A failed forcesMajor checklist item yields a major hidden danger"),
    SIGNATURES_INCOMPLETE("signatures_incomplete", 422, "A sealed inspection needs the inspectors' and the unit's signatures, or a recorded refusal (安全生产法 art 68)"),
    ACTION_TARGET("action_target", 422, "The form of accountability cannot be aimed at this person or unit"),
    SIGNED_PLEDGE("signed_pledge", 409, "The pledge is signed: its content accepts no edit; a new pledge supersedes it"),
    AUDIT_LOG_ALTERED("audit_log_altered", 409, "The audit log was altered after its last signed checkpoint; nothing was signed"),
    PROTOCOL_UNSUPPORTED("protocol_unsupported", 426, "The client speaks a sync protocol version older than the server supports; update the app"),
    DOCUMENT_NOT_APPLICABLE("document_not_applicable", 422, "This document cannot be issued for this record (yet)"),
    DOCUMENT_FONT_MISSING("document_font_missing", 503, "No Chinese font to print documents with; install fonts-wqy-microhei or set fieldsync.documents.font"),
    ITEM_NOT_FAILED("item_not_failed", 422, "A hidden danger is raised only from a failed (FAIL) checklist item"),
    ITEM_HAS_DANGER("item_has_danger", 422, "A danger was raised from this checklist item: no second one, no edit of the item that the danger no longer fits"),
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

    /**
     * True for a sync refusal that is not final (docs/protocol.md, "What happens to every operation"): what
     * the operation needs has not arrived yet — its record's create or an earlier operation of the
     * same device, its attachment — or it falls outside the user's scope for now. (A link to a
     * record the server does not have is final, unless that record waits in the same push: the
     * device holds back what links to records it still holds.) Such a refusal is never remembered as the answer of its opId; the device sends the same
     * operation again and it applies once what it waits for is there.
     */
    public boolean notYet() {
        return switch (this) {
            case ATTACHMENT_MISSING, UNKNOWN_RECORD, OUT_OF_SCOPE, WAITS_FOR_EARLIER, WAITS_FOR_LINKED -> true;
            default -> false;
        };
    }
}
