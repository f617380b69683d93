package cn.fieldsync.schemas;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.domain.hazard.HazardRules;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one translator of what the contract refuses into plain Chinese an inspector can act on: a
 * schema {@link Violation} becomes "所属单位：请填写此项", an unknown field gets "是否应为 …？", a
 * date gets "日期格式应如 2026-11-30", malformed JSON gets its line and column. The command line,
 * the inspector's app and (when it wants to) the server all speak through it, so one refusal reads
 * the same everywhere. Field names come from the label catalogue ({@link Labels}, section
 * {@code fields}); choices are named by their sections there.
 *
 * <p>Stateless and thread-safe; the schema files are read once from the class path.
 */
public final class PlainWords {

    /** A problem with one field, said in Chinese. */
    public record Problem(String field, String message) {
    }

    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+) column (\\d+)(?: path (\\S+))?");
    private static final Map<String, JsonObject> SCHEMA_FILES = new ConcurrentHashMap<>();
    /** Which label section names the choices of an enum field. */
    private static final Map<String, String> CHOICES = new HashMap<>();

    static {
        // a plain map: Map.ofEntries is Android API 30+, and this module runs on devices (API 26)
        CHOICES.put("grade", "hazardGrades");
        CHOICES.put("category", "hazardCategories");
        CHOICES.put("result", "checkResults");
        CHOICES.put("role", "signerRoles");
        CHOICES.put("event", "listingEvents");
        CHOICES.put("level", "listingLevels");
        CHOICES.put("leadership", "posts");
    }

    private PlainWords() {
    }

    /**
     * Whether a message is written for people (it has Chinese in it), as opposed to a server's
     * or library's English details: what an inspector or administrator reads shows the former and
     * puts the code's Chinese name from {@link Labels} in place of the latter.
     */
    public static boolean hasChinese(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.UnicodeScript.of(text.charAt(i)) == Character.UnicodeScript.HAN) {
                return true;
            }
        }
        return false;
    }

    /** Every problem the schema finds in a document, in Chinese, one per field. */
    public static List<Problem> schemaProblems(RecordType type, JsonObject document) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Violation v : RecordSchemas.get().validate(type, document.toString())) {
            Problem p = of(type, v, document);
            // allOf/anyOf report the same field several times; the inspector needs it once
            if (seen.add(p.field())) {
                problems.add(p);
            }
        }
        return problems;
    }

    /**
     * What the device can say about a new document before it stores it: its schema, and for a
     * hidden danger the lifecycle rules of docs/hazards.md (today in {@code zone}).
     */
    public static List<Problem> check(RecordType type, JsonObject document, ZoneId zone) {
        List<Problem> problems = schemaProblems(type, document);
        if (problems.isEmpty() && type == RecordType.HAZARD) {
            JsonObject h = document.deepCopy();
            if (!h.has("status")) {
                h.addProperty("status", "REGISTERED");
            }
            HazardRules.checkNew(HazardDocuments.read(h, zone), LocalDate.now(zone), HazardPolicy.DEFAULT, false)
                    .ifPresent(r -> problems.add(new Problem("/" + r.field(), fieldName(type, "/" + r.field()) + "："
                            + chineseOnly(r.message()))));
        }
        // the dates that cannot be (a pledge's period ending before it starts, an inspection ending before it
        // began): the same rule the device store and the server refuse with, said as the inspector types — also
        // while other fields are still empty, so it is said at the date just typed
        try {
            RecordChecks.dates(type, document, java.time.Instant.now(), zone)
                    .filter(r -> problems.stream().noneMatch(p -> p.field().equals(r.pointer())))
                    .ifPresent(r -> problems.add(new Problem(r.pointer(), fieldName(type, r.pointer()) + "：" + chineseOnly(r.message()))));
        } catch (RuntimeException malformed) {
            // a document the schema refuses in its shape: its problems above say so
        }
        return problems;
    }

    /** One schema violation in plain Chinese, e.g. "整改期限：日期格式应如 2026-11-30". */
    public static Problem of(RecordType type, Violation v) {
        return of(type, v, null);
    }

    /**
     * {@link #of(RecordType, Violation)} that also reads the refused value in {@code document} (null when
     * not at hand), so a date that has the right shape but is not on the calendar (2026-11-31) or is
     * typed in full-width digits (２０２６-１２-２０) is told as such rather than "日期格式应如 2026-11-30",
     * which the inspector would read as "I typed just that".
     */
    public static Problem of(RecordType type, Violation v, JsonElement document) {
        String pointer = v.field();
        String last = lastName(pointer);
        boolean unknown = v.keyword().equals("unevaluatedProperties") || v.keyword().equals("additionalProperties");
        // an unknown field has no name of its own: it is named within its parent
        String name = fieldName(type, unknown && pointer.contains("/") ? pointer.substring(0, pointer.lastIndexOf('/')) : pointer);
        String message = switch (v.keyword()) {
            case "required" -> "请填写此项（必填）";
            case "unevaluatedProperties", "additionalProperties" -> unknownField(type, pointer, last);
            case "format", "pattern" -> format(type, pointer, v.message(), textAt(document, pointer));
            case "enum", "const" -> choices(type, pointer, last);
            case "type" -> "类型不对：" + expectedType(type, pointer, v.message());
            case "minLength" -> "不能为空";
            case "maxLength" -> "太长了，" + number(v.message(), "请缩短");
            case "minItems" -> pointer.equals("/inspectors") ? inspectors(firstNumber(v.message(), "1"))
                    : "至少需要 " + firstNumber(v.message(), "1") + " 项";
            case "maxItems" -> "最多 " + firstNumber(v.message(), "") + " 项";
            case "minimum", "exclusiveMinimum" -> "不能小于 " + firstNumber(v.message(), "下限");
            case "maximum", "exclusiveMaximum" -> "不能大于 " + firstNumber(v.message(), "上限");
            case "anyOf" -> pointer.endsWith("location") || pointer.endsWith("place")
                    ? "请填写经纬度（定位）或地址" : "内容不完整";
            default -> "不符合要求（" + v.keyword() + "）";
        };
        return new Problem(pointer, (name.isEmpty() ? "" : name + "：") + message);
    }

    /**
     * Malformed JSON in plain Chinese with its place: "第 1 行第 25 列（$.grade）附近：…".
     */
    public static String malformed(StrictJson.MalformedJsonException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        String what;
        if (text.startsWith("the body is empty")) {
            return "内容为空，不是 JSON";
        } else if (text.startsWith("duplicate member")) {
            what = "字段 " + text.substring("duplicate member ".length()) + " 出现了两次";
        } else if (text.startsWith("a JSON object is required")) {
            return "应是一个以 { 开始、以 } 结束的 JSON 对象";
        } else if (text.startsWith("unexpected text after")) {
            what = "JSON 结束后还有多余的内容";
        } else if (text.contains("Unterminated string")) {
            what = "字符串缺少结尾的引号";
        } else if (text.contains("Unterminated") || text.contains("End of input")) {
            what = "内容不完整，缺少结尾的 } 或 ]";
        } else if (text.contains("Expected name")) {
            what = "这里应是带双引号的字段名（多了逗号？）";
        } else if (text.contains("Expected ':'")) {
            what = "字段名后应是冒号 :";
        } else if (text.contains("setStrictness") || text.contains("malformed")) {
            what = "这里的写法不是标准 JSON（文字须用英文双引号括起，不能有注释或单引号）";
        } else {
            what = "JSON 格式有误";
        }
        Matcher m = LINE_COLUMN.matcher(text);
        String place = e.path() == null || e.path().isEmpty() ? "" : "（" + e.path() + "）";
        if (m.find()) {
            place = "第 " + m.group(1) + " 行第 " + m.group(2) + " 列" + (m.group(3) == null ? place : "（" + m.group(3) + "）");
        }
        return (place.isEmpty() ? "" : place + "：") + what;
    }

    /** The Chinese name of a field at a JSON pointer: "检查项目 第 2 项 · 结果". */
    public static String fieldName(RecordType type, String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        for (String segment : pointer.substring(1).split("/")) {
            if (segment.matches("\\d+")) {
                name.append(" 第 ").append(Integer.parseInt(segment) + 1).append(" 项");
            } else {
                boolean nested = name.length() > 0;
                if (nested) {
                    name.append(" · ");
                }
                name.append(ownName(type, segment, nested));
            }
        }
        return name.toString();
    }

    /**
     * A field's name where a record type calls it otherwise than the catalogue's common name: a
     * pledge's items are its 责任条目 (elsewhere "items" are a checklist's 检查项目), a person's name is
     * 姓名 (elsewhere "name" is a unit's 名称), and so is every "name" inside a record — an
     * inspector's, a signer's, a witness's, a pledge party's: only a unit's own name is a 名称.
     */
    private static String ownName(RecordType type, String segment, boolean nested) {
        if (type == RecordType.PLEDGE && segment.equals("items")) {
            return "责任条目";
        }
        if (segment.equals("name") && (nested || type == RecordType.PERSON)) {
            return Labels.name("fields", "displayName");
        }
        return Labels.name("fields", segment);
    }

    private static String lastName(String pointer) {
        String[] segments = pointer.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && !segments[i].matches("\\d+")) {
                return segments[i];
            }
        }
        return "";
    }

    private static String unknownField(RecordType type, String pointer, String name) {
        String parent = pointer.contains("/") ? pointer.substring(0, pointer.lastIndexOf('/')) : "";
        String suggestion = null;
        int best = Integer.MAX_VALUE;
        for (String known : propertyNames(type, parent)) {
            int d = distance(known.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (d < best) {
                best = d;
                suggestion = known;
            }
        }
        String unknown = "未知字段 " + name;
        if (suggestion != null && best <= Math.max(2, name.length() / 3)) {
            return unknown + " — 是否应为 " + suggestion + "（" + Labels.name("fields", suggestion) + "）？";
        }
        return unknown + "（此处不能有这个字段）";
    }

    private static String format(RecordType type, String pointer, String message, String value) {
        JsonObject schema = schemaAt(type, pointer);
        String ref = schema == null ? "" : schema.has("$ref") ? schema.get("$ref").getAsString() : "";
        if (ref.endsWith("/dateTime") || message.contains("date-time")) {
            return whyNotADate(value, true).orElse("时间格式应如 2026-11-30T09:30:00+08:00（须带时区）");
        }
        if (ref.endsWith("/date") || message.contains("\"date\"") || message.contains("date")) {
            return whyNotADate(value, false).orElse("日期格式应如 2026-11-30");
        }
        if (ref.endsWith("/uuid")) {
            return "编号格式不正确（应为小写 UUID）";
        }
        if (ref.endsWith("/sha256")) {
            return "文件校验值格式不正确（应为 64 位小写十六进制）";
        }
        if (ref.endsWith("/jurisdictionCode")) {
            return "行政区划代码应为 6 位数字，如 370686";
        }
        if (type == RecordType.UNIT && pointer.equals("/creditCode") && value != null) {
            // what is wrong, not only that it is (a tester's finding: a small letter or a blank said 格式不正确)
            String fault = CreditCodes.fault(value);
            if (fault != null) {
                return fault;
            }
        }
        return "格式不正确";
    }

    private static final Pattern WIDE_DIGIT = Pattern.compile("[\uFF10-\uFF19]");
    private static final Pattern DAY = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2}))?.*)?$");

    /**
     * What is wrong with a date (or time) whose layout looks right: full-width digits, a day the
     * month does not have (with how many it has), a month or hour out of range. Empty when the
     * value is absent or its layout itself is wrong (the caller's example then says it best).
     */
    static Optional<String> whyNotADate(String value, boolean withTime) {
        if (value == null) {
            return Optional.empty();
        }
        if (WIDE_DIGIT.matcher(value).find()) {
            return Optional.of("请用半角数字填写" + (withTime ? "时间" : "日期") + "（现为“" + value + "”），如 "
                    + (withTime ? "2026-11-30T09:30:00+08:00" : "2026-11-30"));
        }
        Matcher m = DAY.matcher(value);
        if (!m.matches() || withTime != (m.group(4) != null)) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
            return Optional.of(value + " 中没有第 " + month + " 月（月份应为 01–12）");
        }
        int days = java.time.YearMonth.of(year, month).lengthOfMonth();
        if (day < 1 || day > days) {
            return Optional.of("日历上没有 " + value.substring(0, 10) + " 这一天（" + year + "年" + month + "月只有 " + days + " 天）");
        }
        if (withTime && (Integer.parseInt(m.group(4)) > 23 || Integer.parseInt(m.group(5)) > 59
                || m.group(6) != null && Integer.parseInt(m.group(6)) > 59)) {
            return Optional.of(value + " 的时刻不存在（时应为 00–23，分、秒应为 00–59）");
        }
        return Optional.empty();
    }

    /** The text at a JSON pointer of a document, or null (absent, not text, no document). */
    private static String textAt(JsonElement document, String pointer) {
        JsonElement at = document;
        if (at == null || pointer == null) {
            return null;
        }
        for (String segment : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
            if (at.isJsonObject()) {
                at = at.getAsJsonObject().get(segment.replace("~1", "/").replace("~0", "~"));
            } else if (at.isJsonArray() && segment.matches("\\d{1,9}") && Integer.parseInt(segment) < at.getAsJsonArray().size()) {
                at = at.getAsJsonArray().get(Integer.parseInt(segment));
            } else {
                return null;
            }
            if (at == null) {
                return null;
            }
        }
        return at.isJsonPrimitive() && at.getAsJsonPrimitive().isString() ? at.getAsString() : null;
    }

    private static String choices(RecordType type, String pointer, String name) {
        JsonObject schema = schemaAt(type, pointer);
        if (schema == null || !schema.has("enum")) {
            return "取值不在允许的选项中";
        }
        String section = CHOICES.getOrDefault(name, name.equals("status") ? (type == RecordType.HAZARD ? "hazardStatus"
                : type == RecordType.PLEDGE ? "pledgeStatus" : "inspectionStatus")
                : name.equals("kind") ? (type == RecordType.PLEDGE ? "pledgeKinds" : type == RecordType.UNIT ? "unitKinds" : "onSiteMeasures")
                : null);
        List<String> options = new ArrayList<>();
        for (JsonElement e : schema.getAsJsonArray("enum")) {
            String code = e.getAsString();
            // the Chinese name for the reader, the code for whoever types it (a JSON file, edit status=...)
            options.add(section == null ? code : Labels.named(section, code));
        }
        return "应为 " + String.join("、", options) + " 之一";
    }

    /**
     * The inspectors of an inspection: the schema takes a draft with one (an inspection is written
     * while it happens), and the seal needs {@link InspectionSignatures#DEFAULT_MIN_INSPECTORS}
     * (行政处罚法 art 42: "执法人员不得少于两人"), so the words name both.
     */
    private static String inspectors(String draftMinimum) {
        return "至少需要 " + draftMinimum + " 名执法人员；签字封存时须不少于 " + InspectionSignatures.DEFAULT_MIN_INSPECTORS
                + " 名（行政处罚法第四十二条：执法人员不得少于两人）";
    }

    /**
     * What the field takes. The validator says "integer found, string expected": only the part after
     * "found" names what is expected (reading the whole text once answered "应填数字" for a date given
     * as a number).
     */
    private static String expectedType(RecordType type, String pointer, String text) {
        String message = text.contains("found,") ? text.substring(text.indexOf("found,") + "found,".length()) : text;
        if (message.contains("string")) {
            JsonObject schema = schemaAt(type, pointer);
            String ref = schema == null ? "" : schema.has("$ref") ? schema.get("$ref").getAsString() : "";
            String format = schema != null && schema.has("format") ? schema.get("format").getAsString() : "";
            if (ref.endsWith("/dateTime") || format.equals("date-time")) {
                return "应填时间，如 2026-11-30T09:30:00+08:00";
            }
            if (ref.endsWith("/date") || format.equals("date")) {
                return "应填日期，如 2026-11-30";
            }
            return "应填文字";
        }
        if (message.contains("number") || message.contains("integer")) {
            return "应填数字";
        }
        if (message.contains("boolean")) {
            return "应为是或否";
        }
        if (message.contains("array")) {
            return "应为多项（列表）";
        }
        if (message.contains("object")) {
            return "应为一组内容（对象）";
        }
        return "应为文字";
    }

    private static String number(String message, String otherwise) {
        String n = firstNumber(message, "");
        return n.isEmpty() ? otherwise : "最多 " + n + " 个字";
    }

    private static String firstNumber(String message, String otherwise) {
        Matcher m = Pattern.compile("(-?\\d+(?:\\.\\d+)?)").matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : otherwise;
    }

    /** The device's rules speak Chinese first, then English details after a colon; the inspector reads the Chinese. */
    private static String chineseOnly(String message) {
        int english = message.indexOf("：a ");
        return english > 0 ? message.substring(0, english) : message;
    }

    /** The property names the schema allows at a pointer (of an object), following $ref, allOf and items. */
    static Set<String> propertyNames(RecordType type, String pointer) {
        Set<String> names = new LinkedHashSet<>();
        Located at = locate(type, pointer);
        if (at != null) {
            collect(at, names);
        }
        return names;
    }

    private static void collect(Located at, Set<String> names) {
        Located resolved = resolve(at);
        if (resolved.node.has("properties")) {
            names.addAll(resolved.node.getAsJsonObject("properties").keySet());
        }
        if (resolved.node.has("allOf")) {
            for (JsonElement part : resolved.node.getAsJsonArray("allOf")) {
                collect(new Located(resolved.file, part.getAsJsonObject()), names);
            }
        }
    }

    private static JsonObject schemaAt(RecordType type, String pointer) {
        Located at = locate(type, pointer);
        return at == null ? null : at.node;
    }

    /** A schema node and the file its relative $refs resolve in. */
    private record Located(String file, JsonObject node) {
    }

    private static Located locate(RecordType type, String pointer) {
        Located at = new Located(type.wireName() + ".schema.json", file(type.wireName() + ".schema.json"));
        if (pointer == null || pointer.isEmpty()) {
            return at;
        }
        for (String segment : pointer.substring(1).split("/")) {
            at = child(at, segment);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    private static Located child(Located at, String segment) {
        Located resolved = resolve(at);
        JsonObject node = resolved.node;
        if (segment.matches("\\d+")) {
            return node.has("items") ? new Located(resolved.file, node.getAsJsonObject("items")) : null;
        }
        if (node.has("properties") && node.getAsJsonObject("properties").has(segment)) {
            return new Located(resolved.file, node.getAsJsonObject("properties").getAsJsonObject(segment));
        }
        if (node.has("allOf")) {
            for (JsonElement part : node.getAsJsonArray("allOf")) {
                Located found = child(new Located(resolved.file, part.getAsJsonObject()), segment);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Follows $ref (to a $defs entry in the same or another schema file) until a node without one. */
    private static Located resolve(Located at) {
        Located current = at;
        for (int hops = 0; hops < 10 && current.node.has("$ref"); hops++) {
            String ref = current.node.get("$ref").getAsString();
            int hash = ref.indexOf('#');
            String fileName = hash == 0 ? current.file : ref.substring(0, hash < 0 ? ref.length() : hash);
            JsonElement node = file(fileName);
            if (hash >= 0) {
                for (String segment : ref.substring(hash + 1).split("/")) {
                    if (!segment.isEmpty()) {
                        node = node.getAsJsonObject().get(segment);
                    }
                }
            }
            current = new Located(fileName, node.getAsJsonObject());
        }
        return current;
    }

    private static JsonObject file(String name) {
        return SCHEMA_FILES.computeIfAbsent(name, n -> {
            try (InputStream in = PlainWords.class.getClassLoader().getResourceAsStream("schemas/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("no schema schemas/" + n + " on the class path");
                }
                return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Edit distance (Levenshtein) between two field names, for "did you mean": field names are a
     * few dozen letters, so the textbook table is enough and keeps the schemas module free of a
     * text library the Android build would carry.
     */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
