package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Characters that have no place in the text of evidence: they are invisible, or they change how the
 * text around them is shown, so what a reviewer reads is not what the record holds.
 *
 * <ul>
 *   <li>the C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F: NUL, BEL, ESC …), except tab,
 *       line feed and carriage return in a multi-line text field (a description, a note, a finding: the
 *       schemas' {@code text}, up to 4,000 characters); a name, an address or a post (the schemas'
 *       {@code shortText}) is one line, so there the Unicode line and paragraph separators U+2028 and
 *       U+2029 are refused too;</li>
 *   <li>the Unicode bidirectional embedding, override and isolate controls U+202A–U+202E and
 *       U+2066–U+2069, which make text read in another order than it is stored ("Trojan Source",
 *       CVE-2021-42574; Unicode TR 36 §2.3 and UAX #9), and the implicit directional marks U+200E
 *       (LRM), U+200F (RLM) and U+061C (ALM), which reorder the digits and punctuation around them
 *       (UAX #9 §2.6) — no Chinese text needs any of them;</li>
 *   <li>in a one-line field (a name, an address, a post, a code), the zero-width and otherwise
 *       invisible characters U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E, U+034F and the soft hyphen
 *       U+00AD: "张\u200B明" looks exactly like "张明" and is another name, so one person (or unit)
 *       would stand as two in the evidence and a search by the name would miss one (Unicode TR 36
 *       §2.4, "invisible characters"). In multi-line text they are kept: text pasted from a web page
 *       carries them, and they change no word a reviewer reads;</li>
 *   <li>an unpaired UTF-16 surrogate (U+D800–U+DFFF alone, as a JSON escape {@code "\ud800"} gives
 *       it): no character, and not writable in UTF-8, so storing it would change the text.</li>
 * </ul>
 *
 * <p>Which fields are multi-line is read from the record schemas themselves (every property whose
 * schema is {@code common.schema.json#/$defs/text}, or an array of it), so a new field follows its
 * schema. Pure Java on Gson, safe on Android API 26. Thread-safe (the field list is read once).
 */
final class HiddenCharacters {

    private HiddenCharacters() {
    }

    /** The schema files of the records a person writes (their properties name the multi-line fields). */
    private static final String[] SCHEMAS = {"unit", "person", "inspection", "hazard", "pledge", "attachment", "evidence-link"};

    private static final class MultiLine {
        static final Set<String> FIELDS = read();
    }

    /** Whether the field (a property name) holds multi-line text in some record's schema. */
    static boolean multiLine(String field) {
        return MultiLine.FIELDS.contains(field);
    }

    /** The first character of {@code text} that may not be in it, or -1 when there is none. */
    static int first(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (multiLine && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                // a pair: one character beyond U+FFFF (an emoji, a rare hanzi of Extension B); a tag character
                // (U+E0000–U+E007F) or a variation selector of the supplement shows nothing
                int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                if (!multiLine && invisible(codePoint)) {
                    return codePoint;
                }
                i++;
                continue;
            }
            if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || bidiControl(c)
                    || directionalMark(c) || Character.isSurrogate(c) || (!multiLine && (c == '\u2028' || c == '\u2029' || invisible(c)))) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The members that name a person or a unit ({@code name} of a unit, a person, an inspector, a
     * signer; a danger's {@code responsiblePerson}; who refused to sign an inspection and who
     * reported it, {@code refusedBy} and {@code reportedBy}): the records are found, matched and counted by
     * them, so two spellings that look the same must not both be written.
     */
    static final Set<String> NAME_FIELDS = Collections.unmodifiableSet(new HashSet<>(java.util.Arrays.asList("name", "responsiblePerson",
            "refusedBy", "reportedBy",
            // who took a danger's steps (a tester's finding: "张明 " stood beside 张明 as who verified it)
            "verifiedBy", "inspector", "assessedBy", "requestedBy", "reviewedBy", "approvedBy")));

    /**
     * Why a name looks like another it is not, or null: a blank at its start or end ("张明 " shows as
     * "张明"), or a space other than the ordinary U+0020 inside it — the no-break space U+00A0, the
     * ideographic space U+3000 and the other space separators of Unicode category Zs look like one
     * or two ordinary spaces and are other text (Unicode TR 36 §2.4, "confusables"). Said after the
     * field's name.
     */
    static String lookAlikeName(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (blank(name.codePointAt(0)) || blank(name.codePointBefore(name.length()))) {
            return "的开头或结尾有空格：“" + stripBlanks(name) + "”与带空格的“" + name + "”看起来相同，却是两个不同的"
                    + "名字，同一人或单位在证据中将成为两个，按名字查找也会漏掉；请删去首尾的空格后重新输入";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != ' ' && Character.getType(c) == Character.SPACE_SEPARATOR) {
                return "含有特殊空格 " + String.format("U+%04X", (int) c) + (c == '\u3000' ? "（全角空格）" : c == '\u00a0' ? "（不换行空格）" : "（特殊宽度的空格）")
                        + "：它与普通空格看起来一样，却让同一个名字成为不同的文字；请删去，或改为普通空格后重新输入";
            }
        }
        return null;
    }

    /** The name without the blanks at its ends (String.strip() is not on Android API 26). */
    private static String stripBlanks(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && blank(name.codePointAt(start))) {
            start += Character.charCount(name.codePointAt(start));
        }
        while (end > start && blank(name.codePointBefore(end))) {
            end -= Character.charCount(name.codePointBefore(end));
        }
        return name.substring(start, end);
    }

    private static boolean blank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** The embeddings, overrides and isolates (UAX #9): the text reads in another order than it is stored. */
    private static boolean bidiControl(int c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /** LRM, RLM, ALM: they reorder the neutral characters (digits, punctuation) around them. */
    private static boolean directionalMark(int c) {
        return c == '\u200e' || c == '\u200f' || c == '\u061c';
    }

    /**
     * Characters a reader cannot see, which make two names that look alike two different texts: every
     * format character (Unicode category Cf: zero-width space and joiners, word joiner, the BOM, the
     * soft hyphen, the deprecated format controls U+206A–U+206F, the tag characters …), the variation
     * selectors, the combining grapheme joiner, and the characters that draw as a blank without being
     * a space (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the braille blank U+2800). The
     * directional controls and marks, Cf too, are their own kind (refused in all text).
     */
    private static boolean invisible(int c) {
        boolean format = Character.getType(c) == Character.FORMAT && !bidiControl(c) && !directionalMark(c);
        return format || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef) || c == 0x034f || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0 || c == 0x2800;
    }

    /** The character in words: "U+202E（文字方向控制符）". */
    private static String describe(int c) {
        String code = String.format("U+%04X", c);
        if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
            return code + "（换行符）";
        }
        if (c == '\t') {
            return code + "（制表符）";
        }
        if (c <= 0xffff && Character.isSurrogate((char) c)) {
            return code + "（不成对的代理码元）";
        }
        if (directionalMark(c)) {
            return code + "（文字方向标记）";
        }
        if (invisible(c)) {
            return code + (c == 0xad ? "（软连字符）" : Character.getType(c) == Character.FORMAT ? "（零宽字符）" : "（显示为空白的字符）");
        }
        return code + (c >= 0x202a ? "（文字方向控制符）" : "（控制字符）");
    }

    /**
     * What a refusal says of the character, after the field's name: what it is and why it may not be
     * written ("含有看不见的字符 U+202E（文字方向控制符）：这类字符会……"). An unpaired surrogate is no
     * character at all (Unicode §3.9, D75; RFC 8259 §8.2), and UTF-8, in which the store and the wire
     * hold text, has no code for it: Java writes "?" in its place, so the evidence would change
     * without a word.
     */
    static String refusal(int c) {
        if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
            return "含有看不见的字符 " + describe(c) + "：此栏只填一行文字";
        }
        if (c <= 0xffff && Character.isSurrogate((char) c)) {
            return "含有残缺的字符 " + describe(c) + "：这不是一个完整的字符，保存时会变成“?”，记录的内容将被改变，不能写入证据";
        }
        if (invisible(c)) {
            return "含有看不见的字符 " + describe(c) + "：名称、姓名、地址等一行的栏目中，它会让看起来相同的两个名字成为不同的文字"
                    + "（如两个“张明”），同一人或单位在证据中将成为两个，不能写入";
        }
        return "含有看不见的字符 " + describe(c) + "：这类字符会隐去文字或改变文字显示的顺序，审查人员看到的将不是记录的内容，不能写入证据";
    }

    private static Set<String> read() {
        Set<String> fields = new HashSet<>();
        for (String schema : SCHEMAS) {
            String resource = "schemas/" + schema + ".schema.json";
            try (InputStream in = HiddenCharacters.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the record schema " + resource + " is missing from the class path");
                }
                collect(JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)), fields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableSet(fields);
    }

    /** Adds every property whose schema is the multi-line {@code text}, or an array of it. */
    private static void collect(JsonElement schema, Set<String> fields) {
        if (schema.isJsonArray()) {
            for (JsonElement item : schema.getAsJsonArray()) {
                collect(item, fields);
            }
            return;
        }
        if (!schema.isJsonObject()) {
            return;
        }
        for (Map.Entry<String, JsonElement> e : schema.getAsJsonObject().entrySet()) {
            if (e.getKey().equals("properties") && e.getValue().isJsonObject()) {
                for (Map.Entry<String, JsonElement> property : e.getValue().getAsJsonObject().entrySet()) {
                    if (isText(property.getValue()) || property.getValue().isJsonObject()
                            && isText(property.getValue().getAsJsonObject().get("items"))) {
                        fields.add(property.getKey());
                    }
                }
            }
            collect(e.getValue(), fields);
        }
    }

    private static boolean isText(JsonElement schema) {
        if (schema == null || !schema.isJsonObject()) {
            return false;
        }
        JsonElement ref = ((JsonObject) schema).get("$ref");
        return ref != null && ref.isJsonPrimitive() && ref.getAsString().endsWith("#/$defs/text");
    }
}
