package cn.fieldsync.client.internal;

import cn.fieldsync.client.FieldRecord;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.RecordQuery;
import cn.fieldsync.client.RecordState;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@link RecordState} of every record, read in one consistent view of the store (four small
 * queries over the outbox and the conflicts, however many records there are), and the matching
 * of {@link RecordQuery}.
 */
public final class RecordStates {

    /** The fields that give a record's day, in the order looked for: hazard, inspection, pledge, attachment. */
    private static final String[] DATE_FIELDS = {"foundAt", "startedAt", "signedAt", "capturedAt"};

    private final Set<String> attention;
    private final Set<String> conflict;
    private final Set<String> waitingForFile;
    private final Set<String> pending;

    private RecordStates(Set<String> attention, Set<String> conflict, Set<String> waitingForFile, Set<String> pending) {
        this.attention = attention;
        this.conflict = conflict;
        this.waitingForFile = waitingForFile;
        this.pending = pending;
    }

    public static RecordStates read(DeviceDb db) {
        return db.read(c -> new RecordStates(
                ids(c, "SELECT DISTINCT record_id FROM outbox WHERE state = 'attention'"),
                ids(c, "SELECT DISTINCT record_id FROM conflict WHERE status IN ('OPEN', 'OUT_OF_SCOPE')"),
                ids(c, "SELECT DISTINCT record_id FROM outbox WHERE state = 'pending' AND code = 'attachment_missing'"),
                ids(c, "SELECT DISTINCT record_id FROM outbox")));
    }

    public RecordState stateOf(String id) {
        if (attention.contains(id)) {
            return RecordState.NEEDS_ATTENTION;
        }
        if (conflict.contains(id)) {
            return RecordState.IN_CONFLICT;
        }
        if (waitingForFile.contains(id)) {
            return RecordState.WAITING_FOR_FILE;
        }
        return pending.contains(id) ? RecordState.PENDING : RecordState.SYNCED;
    }

    public FieldRecord of(LocalRecord r) {
        return new FieldRecord(r.id(), r.type(), r.version(), r.deleted(), r.body().toString(), r.pending(), stateOf(r.id()),
                r.summary(), date(r.body()));
    }

    public boolean matches(LocalRecord r, RecordQuery q) {
        if (r.deleted() && !q.includeDeleted()) {
            return false;
        }
        if (q.unit() != null && !(r.body().get("unitId") instanceof JsonElement unit && unit.isJsonPrimitive()
                && q.unit().equals(unit.getAsString()))) {
            return false;
        }
        if (q.state() != null && stateOf(r.id()) != q.state()) {
            return false;
        }
        if (q.from() != null || q.to() != null) {
            String date = date(r.body());
            if (date == null) {
                return false;
            }
            LocalDate day = LocalDate.parse(date);
            if ((q.from() != null && day.isBefore(q.from())) || (q.to() != null && day.isAfter(q.to()))) {
                return false;
            }
        }
        return q.text() == null || q.text().isEmpty() || contains(r.body(), q.text().toLowerCase(Locale.ROOT));
    }

    /** The record's day as recorded ({@code yyyy-MM-dd} of its offset date-time), or null. */
    static String date(JsonObject body) {
        for (String field : DATE_FIELDS) {
            if (body.get(field) instanceof JsonElement value && value.isJsonPrimitive()) {
                String text = value.getAsString();
                if (text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                    return text.substring(0, 10);
                }
            }
        }
        return null;
    }

    /** Whether any text value of the document (not its field names) contains the words. */
    private static boolean contains(JsonElement element, String lowerCaseWords) {
        if (element.isJsonPrimitive()) {
            return element.getAsJsonPrimitive().isString() && element.getAsString().toLowerCase(Locale.ROOT).contains(lowerCaseWords);
        }
        if (element.isJsonArray()) {
            for (JsonElement item : element.getAsJsonArray()) {
                if (contains(item, lowerCaseWords)) {
                    return true;
                }
            }
            return false;
        }
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
                if (contains(e.getValue(), lowerCaseWords)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> ids(Connection c, String sql) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
