package cn.fieldsync.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The contract, loaded from the classpath: validates a record document against its type's
 * JSON Schema (2020-12). Thread-safe; load once and share.
 */
public final class RecordSchemas {

    /** The {@code $id} prefix of every schema; resolved to the classpath so nothing is fetched. */
    public static final String ID_PREFIX = "https://fieldsync.cn/schemas/";

    /** The sync protocol's messages, by file name under schemas/sync/. */
    public enum Message { PUSH_REQUEST("push-request"), PUSH_ANSWER("push-answer"), CHANGES_PAGE("changes-page");

        private final String file;

        Message(String file) {
            this.file = file;
        }
    }

    private final Map<RecordType, Schema> schemas = new EnumMap<>(RecordType.class);
    private final Map<Message, Schema> messages = new EnumMap<>(Message.class);

    private RecordSchemas() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .locale(Locale.ENGLISH)
                .regularExpressionFactory(new WirePatterns())
                .build();
        // 2020-12 as the validator defines it, with the date formats answered quickly for the layout devices send (WireFormats)
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .format(WireFormats.date())
                .format(WireFormats.dateTime())
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect,
                builder -> builder.schemaRegistryConfig(config)
                        .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:schemas/")));
        for (RecordType type : RecordType.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + type.wireName() + ".schema.json"));
            schema.initializeValidators();
            schemas.put(type, schema);
        }
        for (Message message : Message.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + "sync/" + message.file + ".schema.json"));
            schema.initializeValidators();
            messages.put(message, schema);
        }
    }

    private static final class Holder {
        private static final RecordSchemas INSTANCE = new RecordSchemas();
    }

    public static RecordSchemas get() {
        return Holder.INSTANCE;
    }

    /**
     * Validates a JSON text. Syntax errors are not reported here: parse the text first, so that a
     * malformed document gets its own error rather than a schema complaint.
     */
    public List<Violation> validate(RecordType type, String json) {
        List<Error> errors = schemas.get(type).validate(json, InputFormat.JSON);
        return errors.stream().map(RecordSchemas::toViolation).collect(java.util.stream.Collectors.toList());
    }

    /**
     * Validates a document already parsed (a Gson tree), as {@link #validate(RecordType, String)}
     * does its text, without writing it out and parsing it again: the tree is copied into the
     * validator's own node types as it stands. Numbers keep their exact value: a whole number as a
     * whole number, a fraction as a double when the double is exactly the written value and as a
     * decimal otherwise (what parsing the text gives).
     */
    public List<Violation> validate(RecordType type, com.google.gson.JsonElement document) {
        List<Error> errors = schemas.get(type).validate(GsonNodes.of(document));
        return errors.stream().map(RecordSchemas::toViolation).collect(java.util.stream.Collectors.toList());
    }

    /** Validates a sync protocol message (push request, push answer, changes page). */
    public List<Violation> validate(Message message, String json) {
        return messages.get(message).validate(json, InputFormat.JSON).stream().map(RecordSchemas::toViolation).collect(java.util.stream.Collectors.toList());
    }

    private static Violation toViolation(Error error) {
        String pointer = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            pointer = pointer + "/" + error.getProperty();
        }
        if ("unevaluatedProperties".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword())) {
            if (error.getProperty() != null && !pointer.endsWith("/" + error.getProperty())) {
                pointer = pointer + "/" + error.getProperty();
            }
        }
        return new Violation(pointer, error.getKeyword(), error.getMessage());
    }
}
