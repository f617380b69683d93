package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Reading and refusing the JSON of case requests, and small queries, shared by the case classes.
 * Refusals are said in Chinese from the label catalogue's {@code problems} section, naming the
 * member by its Chinese name ({@link #fieldName}) and its JSON name in brackets.
 */
final class CaseJson {

    /** Members whose name says little alone ("类型", "名称"): named with their parent (事项类型, 决定机关名称). */
    private static final Set<String> GENERIC = Set.of("kind", "name");

    private CaseJson() {
    }

    static JsonObject object(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw invalid("/" + name, Labels.say("caseRequired", fieldName("/" + name), name));
        }
        if (!e.isJsonObject()) {
            throw invalid("/" + name, Labels.say("caseNotObject", fieldName("/" + name), name));
        }
        return e.getAsJsonObject();
    }

    static String required(JsonObject o, String name, String field) {
        String value = text(o, name);
        if (value == null || value.isBlank()) {
            throw invalid(field, Labels.say("caseRequired", fieldName(field), name));
        }
        return value;
    }

    /**
     * Optional free text of at most 2,000 characters: stripped, {@code null} when absent or blank
     * (the console sends "" for an empty box); longer is refused at {@code "/" + name}.
     */
    static String optionalText(JsonObject o, String name) {
        String given = text(o, name);
        String value = given == null || given.isBlank() ? null : given.strip();
        if (value != null && value.length() > 2000) {
            throw tooLong("/" + name, 2000, value);
        }
        return value;
    }

    static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid("/" + name, Labels.say("caseTrueOrFalse", fieldName("/" + name), name, "true", "false"));
        }
        return e.getAsBoolean();
    }

    /**
     * A count (persons) at {@code pointer}: a whole number from 0 to 1,000,000; 0 when the member is
     * absent; refused ({@code invalid_case}) when it is anything else — 1.5 persons is not read as 1.
     */
    static int count(JsonObject o, String name, String pointer) {
        JsonElement e = o.get(name);
        return e == null ? 0 : whole(e, pointer, 0, 1_000_000, Labels.say("caseWholeCount", fieldName(pointer), name));
    }

    /**
     * A whole number from {@code min} to {@code max}, given as a JSON number or as its text
     * ({@code 30}, {@code "30"}, {@code 30.0}); anything else — a fraction, a list, null — is refused
     * with {@code message} at {@code pointer} ({@code invalid_case}), never rounded or cut.
     */
    static int whole(JsonElement e, String pointer, int min, int max, String message) {
        try {
            int n = e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
            if (n >= min && n <= max) {
                return n;
            }
        } catch (RuntimeException ignored) {
            // refused below: not a primitive, not a number, a fraction or out of int's range
        }
        throw invalid(pointer, message);
    }

    /** An amount in 元 at {@code pointer}: 0 or more, below 10^15, to the 分 (two decimals) at most. */
    static BigDecimal money(JsonObject o, String name, String pointer) {
        JsonElement e = o.get(name);
        if (e == null) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal amount = e.getAsJsonPrimitive().getAsBigDecimal();
            // a fraction of a 分 is no amount anyone paid or lost (1e-9999 was kept as it came)
            if (amount.signum() >= 0 && amount.compareTo(new BigDecimal("1e15")) < 0 && amount.stripTrailingZeros().scale() <= 2) {
                return amount;
            }
        } catch (RuntimeException ignored) {
            // refused below
        }
        throw invalid(pointer, Labels.say("caseMoney", fieldName(pointer), name));
    }

    static String uuid(String value, String field) {
        if (!Uuids.isCanonical(value)) {
            throw invalid(field, Labels.say("caseNotUuid", fieldName(field), value, "UUID", "0190a5e2-7c3b-7d4e-8f00-1a2b3c4d5e6f"));
        }
        return value;
    }

    static OffsetDateTime dateTime(String value, String field) {
        try {
            return OffsetDateTime.parse(given(value, field));
        } catch (DateTimeParseException e) {
            throw invalid(field, Labels.say("caseDateTime", fieldName(field), quoted(value)));
        }
    }

    /**
     * A day, {@code 2026-11-20}. Refused ({@code invalid_case}) when absent — "请填写" — or when it is
     * not a day of the calendar: {@code 2026-02-30} is said to be no valid date, not a wrong format.
     */
    static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(given(value, field));
        } catch (DateTimeParseException e) {
            throw invalid(field, Labels.say("caseDate", fieldName(field), quoted(value)));
        }
    }

    private static String given(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, Labels.say("caseRequired", fieldName(field), member(field)));
        }
        return value;
    }

    /** What the request sent, as a message may echo it: visible characters, at most 40 of them. */
    static String quoted(String value) {
        String shown = cn.fieldsync.schemas.VisibleText.of(value);
        return shown.codePointCount(0, shown.length()) <= 40 ? shown : shown.substring(0, shown.offsetByCodePoints(0, 40)) + "…";
    }

    static FieldsyncException invalid(String field, String message) {
        return new FieldsyncException(ErrorCode.INVALID_CASE, field, message);
    }

    /** {@code invalid_case} at {@code pointer}: the member is one of {@code codes}, named from {@code section}. */
    static FieldsyncException notOneOf(String pointer, String section, Collection<?> codes) {
        return invalid(pointer, Labels.say("caseOneOf", fieldName(pointer), member(pointer), Labels.named(section, codes)));
    }

    /** {@code invalid_case} at {@code pointer}: the text given is longer than {@code max} characters. */
    static FieldsyncException tooLong(String pointer, int max, String given) {
        return invalid(pointer, Labels.say("caseTooLong", fieldName(pointer), max, given.length()));
    }

    /**
     * The Chinese name of the member a JSON Pointer names, from the catalogue's {@code fields}:
     * {@code "/deaths"} is 死亡人数; a generic member takes its parent's name too ({@code "/event/kind"}
     * is 事项类型); array indices are skipped.
     */
    static String fieldName(String pointer) {
        List<String> parts = members(pointer);
        if (parts.isEmpty()) {
            return "";
        }
        String name = Labels.name("fields", parts.getLast());
        return parts.size() > 1 && GENERIC.contains(parts.getLast()) ? Labels.name("fields", parts.get(parts.size() - 2)) + name : name;
    }

    /** The JSON name of the member a pointer names ({@code "/event/kind"}: kind), for the API's user. */
    static String member(String pointer) {
        List<String> parts = members(pointer);
        return parts.isEmpty() ? "" : parts.getLast();
    }

    /** The member names of a pointer, array indices left out. */
    private static List<String> members(String pointer) {
        return Arrays.stream(pointer.split("/")).filter(p -> !p.isEmpty() && !p.chars().allMatch(Character::isDigit)).toList();
    }

    /**
     * What is said of a record a request names that is absent or out of the caller's sight (the two
     * are answered alike): 找不到单位 …; {@code type} is a record type of the catalogue (unit, person, case, user, ...).
     */
    static String noSuch(String type, Object id) {
        return Labels.say("caseUnknown", Labels.name("recordTypes", type), id);
    }

    static JsonObject detail(String... pairs) {
        JsonObject detail = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            detail.addProperty(pairs[i], pairs[i + 1]);
        }
        return detail;
    }

    static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }

    static JsonArray array(String text) {
        try {
            return StrictJson.parse(text).getAsJsonArray();
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("stored JSON is damaged: " + e.getMessage(), e);
        }
    }

    static boolean flag(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    static int count(EntityManager em, String sql, Object... params) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return ((Number) query.getSingleResult()).intValue();
    }

    /** {@code "investigators":["name",..]}: at most 50 user names, each once, in the order given. */
    static List<String> investigators(JsonObject request) {
        JsonElement list = request.get("investigators");
        List<String> names = new ArrayList<>();
        if (list != null) {
            if (!list.isJsonArray() || list.getAsJsonArray().size() > 50) {
                throw invalid("/investigators", Labels.say("caseInvestigatorsList"));
            }
            for (int i = 0; i < list.getAsJsonArray().size(); i++) {
                JsonElement e = list.getAsJsonArray().get(i);
                String name = e.isJsonPrimitive() ? e.getAsString() : "";
                if (!name.matches("[a-z][a-z0-9._-]{1,63}")) {
                    throw invalid("/investigators/" + i, Labels.say("caseInvestigatorName", name));
                }
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        // whether they exist, and whether the caller may name them, is CaseReach's (one answer for both)
        return names;
    }

    /** {@code "track"}: one of {@link CaseService#TRACKS}. */
    static String track(JsonObject request) {
        String track = required(request, "track", "/track");
        if (!CaseService.TRACKS.contains(track)) {
            throw notOneOf("/track", "tracks", CaseService.TRACKS);
        }
        return track;
    }
}
