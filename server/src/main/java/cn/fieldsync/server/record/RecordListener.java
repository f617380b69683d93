package cn.fieldsync.server.record;

import java.util.Set;

/**
 * Told, after the transaction committed, which records a write stored (through the API or a
 * device's push): the case engine proposes evidence that arrives after a case was opened.
 */
@FunctionalInterface
public interface RecordListener {

    RecordListener NONE = ids -> { };

    void stored(Set<String> recordIds);
}
