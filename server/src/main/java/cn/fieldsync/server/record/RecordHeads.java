package cn.fieldsync.server.record;

import cn.fieldsync.schemas.Uuids;
import jakarta.persistence.EntityManager;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the checks of a write read of a record it links to — its type, whether it is deleted, and
 * where it lies (jurisdiction, unit, case) — remembered for the rest of the transaction. A pushed
 * batch of a thousand hazards names the same unit a thousand times, and links to records the same
 * batch created a moment before (rows written by plain JDBC, {@link RecordRows}, which EclipseLink
 * would read back and build into a whole entity, body and all, one at a time).
 *
 * <p>Always what the transaction's own row says: a record's row changes only in
 * {@link RecordStore#update} (the entity, and its unit's members when a unit moves), which
 * forgets everything remembered ({@link #changed}), and in {@link RecordRows#insertRecord},
 * whose row is remembered as written ({@link #inserted}). Only for an entity manager inside a
 * transaction; held weakly, as {@code Statements}. Thread-safe.
 */
final class RecordHeads {

    /** The columns of a record's row the link, sight and place checks read. */
    record Head(String id, String recordType, boolean deleted, String jurisdiction, String unitId, String caseId) {

        static Head of(RecordEntity entity) {
            return new Head(entity.id(), entity.recordType(), entity.deleted(), entity.jurisdiction(), entity.unitId(),
                    entity.caseId());
        }
    }

    private static final Map<EntityManager, Map<String, Head>> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    private RecordHeads() {
    }

    /** The record's head as this transaction sees it, or null when there is no such record (or the id is not a UUID). */
    static Head find(EntityManager em, String id) {
        if (id == null || !Uuids.isCanonical(id)) {
            return null;
        }
        Map<String, Head> known = KNOWN.computeIfAbsent(em, k -> new HashMap<>());
        Head head = known.get(id);
        if (head == null) {
            RecordEntity entity = em.find(RecordEntity.class, id);
            if (entity == null) {
                // never remembered: the batch may create it next
                return null;
            }
            head = Head.of(entity);
            known.put(id, head);
        }
        return head;
    }

    /** A new record's row, just written in this transaction. */
    static void inserted(EntityManager em, Head head) {
        KNOWN.computeIfAbsent(em, k -> new HashMap<>()).put(head.id(), head);
    }

    /** Rows of records this transaction read before may have changed: read them again. */
    static void changed(EntityManager em) {
        Map<String, Head> known = KNOWN.get(em);
        if (known != null) {
            known.clear();
        }
    }
}
