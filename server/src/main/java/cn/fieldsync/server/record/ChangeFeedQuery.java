package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.identity.Scope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The change feed as a scope sees it: pages of the latest state of each changed record and of
 * removals (a record that moved out of the scope's sight), in change-sequence order, written as
 * JSON text straight from the stored bodies. Thread-safe; read-only.
 */
public final class ChangeFeedQuery {

    private final Clock clock;
    private final ZoneId zone;
    private final HazardPolicy hazardPolicy;

    ChangeFeedQuery(Clock clock, ZoneId zone, HazardPolicy hazardPolicy) {
        this.clock = clock;
        this.zone = zone;
        this.hazardPolicy = hazardPolicy;
    }

    /**
     * Changes after a position of the change sequence that the scope sees, in order: the latest
     * state of each record, and a removal where a record moved from where the scope saw it to
     * where it does not. Up to {@code limit} entries.
     *
     * <p>The records and the removals are two statements, and a transaction may commit between
     * them (each statement sees what is committed when it starts). Both are therefore read only
     * up to the change sequence's committed value, read first: transactions commit in sequence
     * order (see {@link ChangeSequence#next}), so everything up to that value is committed and seen by both
     * statements, and nothing above it is seen by either. Without that bound a batch committing
     * in between — a hidden danger created in the reader's county at seq n, another moved out of
     * it at n+1 — gave the reader the removal at n+1 and a cursor past the record at n, which it
     * then never got.
     */
    Feed changesAfter(EntityManager em, Scope scope, long since, int limit) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        long upTo = ChangeSequence.committed(em);
        if (upTo <= since) {
            return new Feed(List.of(), since, false);
        }
        StringBuilder where = new StringBuilder("r.seq > :since AND r.seq <= :upTo");
        Map<String, Object> params = new HashMap<>();
        params.put("since", since);
        params.put("upTo", upTo);
        ScopeClause.append(scope, where, params);
        // the columns the feed writes, not whole entities: EclipseLink then builds no object, no
        // working copy and no backup clone per row (the page is read, never changed)
        TypedQuery<Object[]> query = em.createQuery("SELECT " + FEED_COLUMNS + " FROM RecordEntity r WHERE " + where
                + " ORDER BY r.seq", Object[].class);
        params.forEach(query::setParameter);
        List<Object[]> recordRows = query.setMaxResults(limit + 1).getResultList();
        List<Change> records = new ArrayList<>(recordRows.size());
        for (Object[] row : recordRows) {
            records.add(new Change(((Number) row[0]).longValue(), changeText(row, today), false));
        }
        List<Change> exits = new ArrayList<>();
        long exitsRead = 0;
        long lastExit = since;
        if (!scope.everything()) {
            List<?> rows = em.createNativeQuery("SELECT seq, record_id, record_type, old_jurisdiction, old_unit_id, "
                            + "new_jurisdiction, new_unit_id FROM scope_exit WHERE seq > ?1 AND seq <= ?2 ORDER BY seq")
                    .setParameter(1, since).setParameter(2, upTo).setMaxResults(limit + 1).getResultList();
            exitsRead = rows.size();
            List<Object[]> leaving = new ArrayList<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                lastExit = ((Number) r[0]).longValue();
                String self = RecordType.UNIT.wireName().equals(r[2]) ? (String) r[1] : null;
                if (scope.sees((String) r[3], (String) r[4], self) && !scope.sees((String) r[5], (String) r[6], self)) {
                    leaving.add(r);
                }
            }
            // evidence of an assigned case stays in sight wherever it moves
            Set<String> kept = RecordSight.caseEvidence(em, scope, leaving.stream().map(r -> (String) r[1]).toList());
            for (Object[] r : leaving) {
                if (!kept.contains((String) r[1])) {
                    exits.add(new Change(((Number) r[0]).longValue(), "{\"id\":\"" + r[1] + "\",\"type\":\"" + r[2] + "\"}", true));
                }
            }
        }
        // each list is complete up to its last row read when it was cut short; merge below that bound
        long bound = Long.MAX_VALUE;
        if (records.size() > limit) {
            bound = records.get(limit).seq() - 1;
        }
        if (exitsRead > limit) {
            bound = Math.min(bound, lastExit - 1);
        }
        List<Change> merged = new ArrayList<>(records.size() + exits.size());
        merged.addAll(records);
        merged.addAll(exits);
        merged.sort(Comparator.comparingLong(Change::seq));
        final long cut = bound;
        List<Change> within = merged.stream().filter(c -> c.seq() <= cut).toList();
        boolean more = within.size() > limit || bound != Long.MAX_VALUE;
        List<Change> page = within.size() > limit ? within.subList(0, limit) : within;
        // read through to upTo: the next page starts there, past what this scope does not see
        long next = within.size() > limit ? page.getLast().seq()
                : bound != Long.MAX_VALUE ? Math.max(bound, since) : upTo;
        return new Feed(page, next, more);
    }

    /** A page of the change feed, with the position to continue from. */
    public record Feed(List<Change> changes, long nextCursor, boolean hasMore) {
    }

    /**
     * One entry of the change feed: its position and the record as JSON text, the same document
     * as {@link StoredRecord#toJson()} gives but written straight from the stored text (the feed
     * is the hot path of every device's pull, so the body is not parsed again); or, for a
     * removal, the record's id and type.
     */
    public record Change(long seq, String recordJson, boolean removal) {
    }

    /** What {@link #changeText} reads of a record, in this order. */
    private static final String FEED_COLUMNS =
            "r.seq, r.id, r.recordType, r.version, r.deleted, r.createdAt, r.updatedAt, r.body, r.deadline, r.status, r.listedLevel";

    /** The record's feed text from a row of {@link #FEED_COLUMNS}: its stored body inside the envelope. */
    private String changeText(Object[] row, LocalDate today) {
        String body = (String) row[7];
        String type = (String) row[2];
        StringBuilder json = new StringBuilder(body.length() + 200)
                .append("{\"id\":\"").append((String) row[1]).append("\",\"type\":\"").append(type)
                .append("\",\"version\":").append(((Number) row[3]).intValue()).append(",\"deleted\":").append(isTrue(row[4]))
                .append(",\"createdAt\":\"").append(Instant.ofEpochMilli(((Number) row[5]).longValue()))
                .append("\",\"updatedAt\":\"").append(Instant.ofEpochMilli(((Number) row[6]).longValue())).append('"');
        // the stored body is a JSON object: its members follow the envelope's, unless it has none
        if (!isEmptyObject(body)) {
            json.append(',').append(body, 1, body.length() - 1);
        }
        if (RecordType.HAZARD.wireName().equals(type)) {
            boolean overdue = RecordRules.overdue((String) row[8], (String) row[9], today);
            json.append(",\"overdue\":").append(overdue);
            String escalation = RecordRules.escalation((String) row[10], overdue, hazardPolicy.escalationSteps());
            if (escalation != null) {
                json.append(",\"escalateTo\":\"").append(escalation).append('"');
            }
        }
        return json.append('}').toString();
    }

    /** Whether a JSON object's text has no member: "{}", whitespace allowed inside. */
    private static boolean isEmptyObject(String object) {
        for (int i = 1; i < object.length() - 1; i++) {
            if (!Character.isWhitespace(object.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A boolean column as the driver gives it: a Boolean (PostgreSQL) or a number (SQLite). */
    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
