package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;

/**
 * A record on the device in the library's own terms (no JSON library's types): its document as
 * JSON text, and where it stands with the server. A snapshot: it does not change when the store
 * does; read the store again (or listen with {@link FieldStore#addRecordListener}).
 *
 * @param id      the record's UUID (lower case)
 * @param type    its type
 * @param version the server's version the device holds (0: never synced)
 * @param deleted true for a tombstone (evidence is never erased)
 * @param json    the document as JSON text, the record's fields without id, type and version; never null
 * @param pending how many of the device's changes of it wait to be sent (or wait for the inspector)
 * @param state   where it stands; never null
 * @param summary a few words naming it (its name, description, title…; at most 41 characters); never null
 * @param date    the day it is about ({@code yyyy-MM-dd} of its foundAt, startedAt, signedAt or
 *                capturedAt, as recorded with its offset), or null when it has none
 */
public record FieldRecord(String id, RecordType type, int version, boolean deleted, String json, int pending,
                          RecordState state, String summary, String date) {
}
