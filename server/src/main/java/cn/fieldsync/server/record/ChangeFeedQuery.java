package cn.fieldsync.server.record;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.persistence.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    Feed changesAfter(Connection c, Scope scope, long since, int limit) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        long upTo = ChangeSequence.committed(c);
        if (upTo <= since) {
            return new Feed(List.of(), since, false);
        }
        // plain SQL on the columns the feed writes: no entity, no JPQL translation per page, and the
        // same scope condition as every entity query (ScopeClause writes both forms)
        StringBuilder where = new StringBuilder("r.seq > ? AND r.seq <= ?");
        List<Object> params = new ArrayList<>(List.of(since, upTo));
        ScopeClause.appendSql(scope, where, params);
        params.add(limit + 1);
        List<Change> records = Sql.list(c, "SELECT " + FEED_COLUMNS + " FROM record r WHERE " + where + " ORDER BY r.seq LIMIT ?",
                row -> new Change(row.getLong(1), changeText(row, today), false), params.toArray());
        List<Change> exits = new ArrayList<>();
        long exitsRead = 0;
        long lastExit = since;
        if (!scope.everything()) {
            List<String[]> rows = Sql.list(c, "SELECT seq, record_id, record_type, old_jurisdiction, old_unit_id, "
                    + "new_jurisdiction, new_unit_id FROM scope_exit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?", row -> new String[] {
                    String.valueOf(row.getLong(1)), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                    row.getString(6), row.getString(7)}, since, upTo, limit + 1);
            exitsRead = rows.size();
            List<String[]> leaving = new ArrayList<>();
            for (String[] r : rows) {
                lastExit = Long.parseLong(r[0]);
                String self = RecordType.UNIT.wireName().equals(r[2]) ? r[1] : null;
                if (scope.sees(r[3], r[4], self) && !scope.sees(r[5], r[6], self)) {
                    leaving.add(r);
                }
            }
            // evidence of an assigned case stays in sight wherever it moves
            Set<String> kept = RecordSight.caseEvidence(c, scope, leaving.stream().map(r -> r[1]).toList());
            for (String[] r : leaving) {
                if (!kept.contains(r[1])) {
                    exits.add(new Change(Long.parseLong(r[0]), "{\"id\":\"" + r[1] + "\",\"type\":\"" + r[2] + "\"}", true));
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
        List<Change> within = merged.stream().filter(change -> change.seq() <= cut).toList();
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

    /** What {@link #changeText} reads of a record, in this order (columns 1 to 11). */
    private static final String FEED_COLUMNS =
            "r.seq, r.id, r.record_type, r.version, r.deleted, r.created_at, r.updated_at, r.body, r.deadline, r.status, r.listed_level";

    /** The record's feed text from a row of {@link #FEED_COLUMNS}: its stored body inside the envelope. */
    private String changeText(ResultSet row, LocalDate today) throws SQLException {
        String body = row.getString(8);
        String type = row.getString(3);
        StringBuilder json = new StringBuilder(body.length() + 200)
                .append("{\"id\":\"").append(row.getString(2)).append("\",\"type\":\"").append(type)
                .append("\",\"version\":").append(row.getInt(4)).append(",\"deleted\":").append(row.getBoolean(5))
                .append(",\"createdAt\":\"").append(Instant.ofEpochMilli(row.getLong(6)))
                .append("\",\"updatedAt\":\"").append(Instant.ofEpochMilli(row.getLong(7))).append('"');
        // the stored body is a JSON object: its members follow the envelope's, unless it has none
        if (!isEmptyObject(body)) {
            json.append(',').append(body, 1, body.length() - 1);
        }
        if (RecordType.HAZARD.wireName().equals(type)) {
            boolean overdue = RecordRules.overdue(row.getString(9), row.getString(10), today);
            json.append(",\"overdue\":").append(overdue);
            String escalation = RecordRules.escalation(row.getString(11), overdue, hazardPolicy.escalationSteps());
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
}
