package cn.fieldsync.client;

import cn.fieldsync.client.internal.JsonSchemaValidator;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Violation;

import java.util.List;

/**
 * Checks a record against its JSON Schema before the device stores it (the server checks the same
 * contract again). The JVM default, {@link #jsonSchema()}, runs the packaged schemas with
 * networknt json-schema-validator, which needs Jackson 3 and so Java 17 APIs that Android 8.0
 * (API 26) lacks: an Android app supplies its own (a validator that runs there, or
 * {@link #serverOnly()}, leaving the check to the server, which refuses an invalid record as
 * {@code invalid_record} and the record then needs the inspector's attention).
 *
 * <p>Called on the writing thread, inside the store's write transaction; must be thread-safe.
 */
@FunctionalInterface
public interface RecordValidator {

    /**
     * @param type     the record's type
     * @param document the record as JSON text (the body, without id and version)
     * @return what is wrong, empty when the record is valid; never null
     */
    List<Violation> validate(RecordType type, String document);

    /** The packaged JSON Schemas (JVM only). */
    static RecordValidator jsonSchema() {
        return new JsonSchemaValidator();
    }

    /** No check on the device: the server's check alone (for a platform where the schema validator cannot run). */
    static RecordValidator serverOnly() {
        return (type, document) -> java.util.Collections.emptyList();
    }
}
