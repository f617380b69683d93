package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordChecks;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a resource reads a JSON request body: bounded in size, decoded as strict UTF-8
 * (RFC 8259 §8.1), parsed strictly ({@link StrictJson}: no duplicate member, no trailing text).
 *
 * <p>A body that is not UTF-8 is refused ({@code 400 malformed_json}) rather than decoded with
 * U+FFFD in place of the bytes it could not read: the text a person sent would otherwise be stored
 * changed, without a word.
 *
 * <p>Every body but a record's own is read against the route's {@link RequestShape}: a member the
 * route does not take, or of the wrong kind, is refused before anything is done. Three readings:
 * <ul>
 *   <li>{@link #plain}: besides, every string of the body is checked by {@link RecordChecks#requestText}
 *       ({@code 422 hidden_character}): users, devices, cases, documents — text that is not a
 *       record's and is checked nowhere else;</li>
 *   <li>{@link #carryingRecords}: no text check here, because the records the body carries are
 *       checked field by field where they are applied, with the record's own rules (a push refuses
 *       one bad operation, not its whole batch); and credentials (login, refresh), which are
 *       compared, never stored or shown;</li>
 *   <li>{@link #record}: a record's own fields, which its JSON Schema describes.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class RequestBodies {

    /**
     * Members whose text is one line in any request that is not a record: names and titles, shown on
     * one line in lists, ledgers and documents. Every other member may hold line breaks and tabs.
     */
    static final Set<String> ONE_LINE = Set.of("username", "displayName", "name", "title", "documentNumber", "post",
            "postAtEvent", "address", "certificateNumber", "authority");

    private RequestBodies() {
    }

    /**
     * A body of at most {@code limit} bytes holding only what {@code shape} describes
     * ({@code 400 unknown_member} / {@code invalid_member} otherwise), text checked
     * ({@link RecordChecks#requestText}).
     */
    static JsonObject plain(InputStream body, int limit, RequestShape shape) {
        return checked(shape.check(parse(read(body, limit))));
    }

    /** {@link #plain}, where an empty body (or one of only white space) reads as {@code {}}: a step that needs no detail. */
    static JsonObject plainOrEmpty(InputStream body, int limit, RequestShape shape) {
        String text = read(body, limit);
        return text.isBlank() ? new JsonObject() : checked(shape.check(parse(text)));
    }

    /**
     * A body of at most {@code limit} bytes holding only what {@code shape} describes, whose
     * records are checked where they are applied, or that holds credentials.
     */
    static JsonObject carryingRecords(InputStream body, int limit, RequestShape shape) {
        return shape.check(parse(read(body, limit)));
    }

    /**
     * A body that is a record's own fields, of at most {@code limit} bytes: what it may hold is the
     * record type's JSON Schema, checked where the record is applied (unknown and wrong-kind fields
     * refused there, {@code 422 invalid_record}).
     */
    static JsonObject record(InputStream body, int limit) {
        return parse(read(body, limit));
    }

    private static JsonObject checked(JsonObject request) {
        RecordChecks.requestText(request, ONE_LINE).ifPresent(refusal -> {
            throw new FieldsyncException(ErrorCode.HIDDEN_CHARACTER, refusal.pointer(), refusal.message());
        });
        return request;
    }

    /** The body as text; one larger than {@code limit} bytes is refused before it is read whole. */
    private static String read(InputStream body, int limit) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new FieldsyncException(ErrorCode.MALFORMED_JSON, null, Labels.say("bodyUnreadable"));
        }
        if (bytes.length > limit) {
            throw new FieldsyncException(ErrorCode.PAYLOAD_TOO_LARGE, null, Labels.say("bodyTooLarge", limit));
        }
        return utf8(bytes);
    }

    private static JsonObject parse(String body) {
        try {
            return StrictJson.parseObject(body);
        } catch (StrictJson.MalformedJsonException e) {
            String pointer = pointer(e.path());
            throw new FieldsyncException(ErrorCode.MALFORMED_JSON, pointer, malformed(e.getMessage(), pointer));
        }
    }

    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");
    private static final Pattern DUPLICATE = Pattern.compile("duplicate member \"(.*)\"", Pattern.DOTALL);

    /**
     * What is wrong with the JSON, in Chinese, with where (line and column, or the member): the
     * parser's own words name its classes and point to its manual, which the person who sent the
     * body has no use for.
     */
    static String malformed(String parser, String pointer) {
        String what = parser == null ? "" : parser;
        Matcher duplicate = DUPLICATE.matcher(what);
        String reason;
        if (what.equals("the body is empty")) {
            reason = "提交的内容为空";
        } else if (what.equals("a JSON object is required")) {
            reason = "须为一个 JSON 对象（{…}）";
        } else if (what.startsWith("unexpected text after")) {
            reason = "JSON 之后还有多余的文字";
        } else if (what.startsWith("nested deeper")) {
            reason = "嵌套层数过多（最多 64 层）";
        } else if (duplicate.matches()) {
            reason = "字段“" + RequestShape.shown(duplicate.group(1)) + "”出现了不止一次，不知该用哪一个";
        } else {
            reason = "提交的内容不是有效的 JSON";
        }
        Matcher at = WHERE.matcher(what);
        String where = at.find() ? "（第 " + at.group(1) + " 行第 " + at.group(2) + " 列附近）"
                // the member's path, as every refusal gives a member (in brackets, without the leading "/"); a path
                // too long to read (a body nested 64 deep) is left out: the reason says what is wrong
                : pointer != null && pointer.length() > 1 && pointer.length() <= 60 ? "（" + pointer.substring(1) + "）" : "";
        return reason + where + "；未作任何修改";
    }

    /** Gson's JSONPath ({@code $.a[0].b}) as a JSON Pointer ({@code /a/0/b}); null for the whole body. */
    static String pointer(String path) {
        if (path == null || path.isEmpty() || path.equals("$")) {
            return null;
        }
        return path.substring(1).replaceAll("\\[(\\d+)]", ".$1").replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    /** Strict UTF-8: a byte sequence that is no character is refused, with where it starts. */
    private static String utf8(byte[] bytes) {
        // the JDK's own decoding (fast, compact strings) puts U+FFFD for every sequence it cannot read:
        // a text without one was valid UTF-8; only a text with one is decoded again strictly, to tell
        // a U+FFFD that was sent (EF BF BD) from one that replaced bad bytes
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input: it does not replace it
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new FieldsyncException(ErrorCode.MALFORMED_JSON, null, "提交的内容不是有效的 UTF-8 编码（自第 " + (in.position() + 1)
                    + " 个字节起无法解读）；未作任何修改，请以 UTF-8 重新提交");
        }
        return out.flip().toString();
    }
}
