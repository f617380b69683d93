package cn.fieldsync.server.api;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the JSON body of one route may hold (请求格式): its members, each of one kind, and for an
 * object or an array of objects the members inside. Checked before the route does anything, so
 * what a person or an integrator sent is either taken whole or refused whole, never cut short:
 * <ul>
 *   <li>a member the route does not take — a misspelt {@code "supervisor"} for {@code "supervisors"},
 *       a field of another route — is {@code 400 unknown_member}, naming it and the members the route
 *       takes. Read as before, it was ignored: the case opened without the leaders it was sent with;</li>
 *   <li>a member of the wrong kind — an array where text belongs, text where a list belongs — is
 *       {@code 400 invalid_member}, naming what it should be. Members are read through
 *       {@link cn.fieldsync.schemas.JsonFields}, which reads a wrong kind as absent: a list of names
 *       sent as one text became an empty list.</li>
 * </ul>
 * JSON {@code null} passes for every member (whether the route reads it as not given or refuses
 * it as missing is the route's rule); inside a list of {@link #texts} or {@link #objects} it is a
 * hole and is refused. Text
 * ({@link Kind#TEXT}) is a JSON string, or a number or boolean, which are read as written
 * ({@code 370686}, {@code true}): none of these loses what was sent. Whether a value is allowed
 * (a date, a code, a range) stays the route's own check. Both refusals change nothing. Records
 * carried by a body (a push's operations, a record's own fields) are not described here: each is
 * checked against its JSON Schema where it is applied.
 *
 * <p>Immutable; thread-safe. The shapes of the routes are constants beside their resources.
 */
final class RequestShape {

    /** The kind of a member's value. */
    enum Kind {
        /** A JSON string, number or boolean, read as written. */
        TEXT("文本"),
        /** A JSON number. */
        NUMBER("数字"),
        /** {@code true} or {@code false}. */
        BOOLEAN("true 或 false"),
        /** A JSON array; its items as {@link Member#items}. */
        ARRAY("数组（列表）"),
        /** A JSON object; its members as {@link Member#members}. */
        OBJECT("对象"),
        /** Any value: the route checks it itself. */
        ANY("任意值");

        final String chinese;

        Kind(String chinese) {
            this.chinese = chinese;
        }
    }

    /**
     * One member: its name and kind; for an {@link Kind#OBJECT} the shape of its members, for an
     * {@link Kind#ARRAY} the kind of its items and, when they are objects, their shape (both
     * {@code null}: not checked here).
     */
    record Member(String name, Kind kind, Kind items, RequestShape members) {
    }

    private final Map<String, Member> members;

    private RequestShape(Member... members) {
        Map<String, Member> byName = new LinkedHashMap<>();
        for (Member m : members) {
            if (byName.put(m.name(), m) != null) {
                throw new IllegalArgumentException("member " + m.name() + " is described twice");
            }
        }
        this.members = byName;
    }

    /** A body of exactly these members (each optional here; which are required is the route's rule). */
    static RequestShape of(Member... members) {
        return new RequestShape(members);
    }

    /** A body that takes no member at all ({@code {}} or an empty body). */
    static RequestShape empty() {
        return new RequestShape();
    }

    static Member text(String name) {
        return new Member(name, Kind.TEXT, null, null);
    }

    static Member number(String name) {
        return new Member(name, Kind.NUMBER, null, null);
    }

    static Member bool(String name) {
        return new Member(name, Kind.BOOLEAN, null, null);
    }

    /** A member the route checks entirely itself (a value of more than one kind). */
    static Member any(String name) {
        return new Member(name, Kind.ANY, null, null);
    }

    /** An array of texts (ids, codes, names). */
    static Member texts(String name) {
        return new Member(name, Kind.ARRAY, Kind.TEXT, null);
    }

    /** An array of objects of this shape. */
    static Member objects(String name, RequestShape items) {
        return new Member(name, Kind.ARRAY, Kind.OBJECT, items);
    }

    /** An object of this shape. */
    static Member object(String name, RequestShape members) {
        return new Member(name, Kind.OBJECT, null, members);
    }

    /** This shape with more members (a route that takes another's members and its own). */
    RequestShape with(Member... more) {
        Member[] all = Arrays.copyOf(members.values().toArray(Member[]::new), members.size() + more.length);
        System.arraycopy(more, 0, all, members.size(), more.length);
        return new RequestShape(all);
    }

    /**
     * Checks a request body against this shape.
     *
     * @param request the parsed body (not null)
     * @return the same body, for chaining
     * @throws FieldsyncException {@code unknown_member} or {@code invalid_member} (both 400), with the
     *                            JSON Pointer of the first member at fault and a message in Chinese
     */
    JsonObject check(JsonObject request) {
        check(request, "");
        return request;
    }

    private void check(JsonObject object, String pointer) {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String at = pointer + "/" + escape(e.getKey());
            Member member = members.get(e.getKey());
            if (member == null) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_MEMBER, at, "不接受字段“" + shown(e.getKey()) + "”"
                        + (members.isEmpty() ? "：此操作不需要提交任何字段" : "（可提交的字段：" + String.join("、", members.keySet()) + "）")
                        + "；未作任何修改。请检查字段名的拼写");
            }
            JsonElement value = e.getValue();
            if (value.isJsonNull()) {
                continue;
            }
            checkKind(value, member.kind(), at, "字段“" + shown(e.getKey()) + "”");
            if (member.kind() == Kind.OBJECT && member.members() != null) {
                member.members().check(value.getAsJsonObject(), at);
            } else if (member.kind() == Kind.ARRAY && member.items() != null) {
                JsonArray items = value.getAsJsonArray();
                for (int i = 0; i < items.size(); i++) {
                    JsonElement item = items.get(i);
                    String itemAt = at + "/" + i;
                    // an item that is null is a hole in the list: the route would read it as nothing
                    if (item.isJsonNull()) {
                        throw wrongKind(itemAt, "字段“" + shown(e.getKey()) + "”的第 " + (i + 1) + " 项", member.items(), item);
                    }
                    checkKind(item, member.items(), itemAt, "字段“" + shown(e.getKey()) + "”的第 " + (i + 1) + " 项");
                    if (member.items() == Kind.OBJECT && member.members() != null) {
                        member.members().check(item.getAsJsonObject(), itemAt);
                    }
                }
            }
        }
    }

    private static void checkKind(JsonElement value, Kind kind, String at, String what) {
        boolean fits = switch (kind) {
            case TEXT -> value.isJsonPrimitive();
            case NUMBER -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
            case BOOLEAN -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
            case ARRAY -> value.isJsonArray();
            case OBJECT -> value.isJsonObject();
            case ANY -> true;
        };
        if (!fits) {
            throw wrongKind(at, what, kind, value);
        }
    }

    private static FieldsyncException wrongKind(String at, String what, Kind expected, JsonElement got) {
        return new FieldsyncException(ErrorCode.INVALID_MEMBER, at, what + "应为" + expected.chinese
                + "，收到的是" + kindOf(got) + "；未作任何修改");
    }

    private static String kindOf(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return Kind.OBJECT.chinese;
        }
        if (value.isJsonArray()) {
            return Kind.ARRAY.chinese;
        }
        if (value.getAsJsonPrimitive().isBoolean()) {
            return "true/false";
        }
        return value.getAsJsonPrimitive().isNumber() ? Kind.NUMBER.chinese : Kind.TEXT.chinese;
    }

    /**
     * A name the caller sent, as a message may show it: at most 64 characters, a control, format
     * (bidirectional) or lone surrogate character as "?" — the message is read by a person, and
     * a 60 KB name or a U+202E must not come back as it was sent.
     */
    static String shown(String name) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (++count > 64) {
                return out.append('…').toString();
            }
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(hidden ? '?' : cp);
        }
        return out.toString();
    }

    /** RFC 6901 §3: "~" and "/" in a member name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return members.values().stream().map(m -> m.name() + ":" + m.kind()).collect(Collectors.joining(", ", "{", "}"));
    }
}
