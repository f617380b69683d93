package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.record.RecordStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One operation of a push as far as it can be checked without the database: parsed (with its
 * request hash), or the reason it is malformed; and for what can only be a create, its document
 * made ready and checked against the JSON Schema and the record rules ({@link RecordStore#checkNewDocument}). A push
 * checks its whole batch so before it takes the database's writer lock — the schema check and
 * the canonical hash are most of an operation's work — and spreads a large batch over the
 * processors. Nothing here is decided yet: {@link OperationApplier} answers each operation in
 * order, with the same checks in the same order as before.
 *
 * @param raw       the operation as sent
 * @param op        the parsed operation, or null when it is malformed
 * @param malformed why it could not be parsed, or null
 * @param create    a create's checked document, or null when the operation cannot be a create
 * @param createSha256 the hex SHA-256 of that document's canonical JSON (the content hash its
 *                  audit entry proves, {@link cn.fieldsync.server.audit.AuditLog#content}), or null
 *                  when there is no create or the schema refused it
 */
record PushedOperation(JsonElement raw, SyncOperation op, FieldsyncException malformed, RecordStore.CheckedDocument create,
                       String createSha256) {

    /** Below this many operations a batch is checked on the request's own thread. */
    private static final int PARALLEL_FROM = 64;

    /** How a create's document is checked before the lock: {@link RecordStore#checkNewDocument} for the pushing writer. */
    interface CreateCheck {
        RecordStore.CheckedDocument check(RecordType type, JsonObject document);
    }

    static PushedOperation of(JsonElement raw, CreateCheck check) {
        SyncOperation op;
        try {
            op = SyncOperation.parse(raw);
        } catch (FieldsyncException e) {
            return new PushedOperation(raw, null, e, null, null);
        }
        boolean mayCreate = op.baseVersion() == 0 && !op.delete() && op.prevOpId() == null && op.type().clientWritable();
        RecordStore.CheckedDocument create = mayCreate ? check.check(op.type(), op.fields()) : null;
        // the create's stored body is this document exactly: its content hash needs no lock either
        String sha256 = create != null && create.refusal() == null ? CanonicalJson.sha256(create.body()) : null;
        return new PushedOperation(raw, op, null, create, sha256);
    }

    /** Every operation of the batch, in order. */
    static List<PushedOperation> all(JsonArray operations, CreateCheck check) {
        PushedOperation[] checked = new PushedOperation[operations.size()];
        IntStream indexes = IntStream.range(0, checked.length);
        (checked.length >= PARALLEL_FROM ? indexes.parallel() : indexes)
                .forEach(i -> checked[i] = of(operations.get(i), check));
        return Arrays.asList(checked);
    }
}
