package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.Named;
import com.google.gson.JsonElement;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Reads query parameters strictly: a wrong one is refused with its name, never ignored. */
final class QueryParams {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private QueryParams() {
    }

    static String uuid(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!Uuids.isCanonical(value)) {
            throw invalid(name, Named.notUuid(name));
        }
        return value;
    }

    /** A JSON array of at most {@code max} lower-case UUIDs (a body field, named by its JSON Pointer). */
    static List<String> uuids(String pointer, JsonElement value, int max) {
        if (!value.isJsonArray() || value.getAsJsonArray().size() > max) {
            throw new FieldsyncException(ErrorCode.INVALID_OPERATION, pointer,
                    Labels.say("opIdList", Named.field(pointer), max));
        }
        List<String> ids = new ArrayList<>();
        for (JsonElement id : value.getAsJsonArray()) {
            if (!id.isJsonPrimitive() || !Uuids.isCanonical(id.getAsString())) {
                throw new FieldsyncException(ErrorCode.INVALID_OPERATION,
                        pointer, Labels.say("opIdsNotUuids", Named.field(pointer), "UUID"));
            }
            ids.add(id.getAsString());
        }
        return ids;
    }

    /** @param expected what the value must be, in Chinese (a sentence of the catalogue's problems section) */
    static String matching(String name, String value, String regex, String expected) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches(regex)) {
            throw invalid(name, Labels.say("notMatching", Named.field(name), expected));
        }
        return value;
    }

    /**
     * A date (YYYY-MM-DD, in the server's zone) or an RFC 3339 instant. As an upper bound a
     * date means "up to the end of that day".
     */
    static Instant instant(String name, String value, boolean upperBound, ZoneId zone) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (upperBound ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw invalid(name, Labels.say("notDateOrTime", Labels.say(upperBound ? "periodTo" : "periodFrom", name)));
        }
    }

    /**
     * The period {@code from}–{@code to} of a list or an export, each end as {@link #instant} reads it
     * (a day ends at the next midnight in {@code zone}); either may be null. A period that ends before it
     * begins is refused at {@code from}: it answered an empty list, which reads as "nothing happened".
     *
     * @return {from, to}
     */
    static Instant[] period(String from, String to, ZoneId zone) {
        Instant start = instant("from", from, false, zone);
        Instant end = instant("to", to, true, zone);
        // a day given as "to" ends at the next midnight: from=12-01&to=11-30 meet at one instant and hold nothing
        boolean toIsDay = to != null && to.length() == 10;
        if (start != null && end != null && (start.isAfter(end) || toIsDay && start.equals(end))) {
            throw invalid("from", Labels.say("periodReversed", Labels.say("periodFrom", "from"), Labels.say("periodTo", "to")));
        }
        return new Instant[] {start, end};
    }

    static Boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, Labels.say("notTrueOrFalse", Named.field(name), "true", "false"));
        };
    }

    static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("limit", Labels.say("limitRange", Named.field("limit"), MAX_LIMIT));
    }

    /** The version in an If-Match header: {@code "3"}, {@code 3} or {@code W/"3"}. */
    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String digits = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            int version = Integer.parseInt(digits);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("If-Match", Labels.say("ifMatchVersion", "If-Match", "ETag"));
    }

    private static FieldsyncException invalid(String name, String message) {
        return new FieldsyncException(ErrorCode.INVALID_PARAMETER, name, message);
    }
}
