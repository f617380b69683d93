package cn.fieldsync.client.internal;

import cn.fieldsync.client.RecordValidator;
import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Violation;

import java.util.List;

/**
 * {@link RecordValidator} with the packaged schemas (networknt json-schema-validator on Jackson 3:
 * JVM only). The only class of the core that touches the validator, so an app on Android that
 * supplies its own validator never loads it.
 */
public final class JsonSchemaValidator implements RecordValidator {

    @Override
    public List<Violation> validate(RecordType type, String document) {
        return RecordSchemas.get().validate(type, document);
    }
}
