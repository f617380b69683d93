package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.ZoneId;

/**
 * A sync conflict in the inspector's words, the same on the command line ({@code fieldsync
 * conflicts}) and in the app: per field, its Chinese name, the value on the server and this
 * device's value (and what both started from), and what happens next. Values are shown through
 * {@link VisibleText}. Stateless.
 */
public final class ConflictWords {

    /** What happens next, for the inspector: nothing is lost, an administrator decides, the next sync brings it. */
    public static final String NEXT = "服务器保留其现有值，您的值保存在冲突中，不会丢失；管理员在审查台裁决采用哪个值后，下次同步时本设备收到结果，无需重新录入。";

    private static final String DELETED = "deleted";

    private ConflictWords() {
    }

    /** The field's Chinese name (the label catalogue's {@code fields}), the field's own name when it has none. */
    public static String fieldName(String field) {
        return Labels.find("fields", field).orElse(field);
    }

    /**
     * A value in words: text as it is, a date-time as the people write it in {@code zone} (the
     * server's {@code fieldsync.zone}) with the recorded text after it — 「2026年11月20日 09:30」
     * (2026-11-20T01:30:00Z) — nothing as "（空）", true and false as 「是」 and 「否」, anything else as
     * compact JSON; always visible text.
     */
    public static String value(JsonElement value, ZoneId zone) {
        if (value == null || value.isJsonNull()) {
            return "（空）";
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean() ? "「是」" : "「否」";
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() && value.getAsString().contains("T")) {
            String text = value.getAsString();
            String written = ChineseDates.format(text, zone);
            if (!written.equals(text)) {
                return "「" + written + "」(" + VisibleText.of(text) + ")";
            }
        }
        return "「" + VisibleText.of(value.isJsonPrimitive() ? value.getAsString() : value.toString()) + "」";
    }

    /**
     * {@link #value} of one field, in the inspector's words: the deletion flag reads 「已删除」 or
     * 「未删除」; a code by its Chinese name (「已复查验收」, not 「VERIFIED」); a list of entries
     * (复查, 延期, 挂牌督办) entry by entry, each member by its Chinese name — not as JSON.
     */
    public static String value(String field, JsonElement value, ZoneId zone) {
        if (DELETED.equals(field) && value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean() ? "「已删除」" : "「未删除」";
        }
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String name = codeName(field, value.getAsString());
            if (name != null) {
                return "「" + name + "」";
            }
        }
        if (value != null && value.isJsonArray() && value.getAsJsonArray().size() > 0
                && allObjects(value.getAsJsonArray())) {
            java.util.List<String> entries = new java.util.ArrayList<>();
            for (JsonElement entry : value.getAsJsonArray()) {
                java.util.List<String> parts = new java.util.ArrayList<>();
                for (java.util.Map.Entry<String, JsonElement> member : entry.getAsJsonObject().entrySet()) {
                    JsonElement v = member.getValue();
                    String shown = v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                            ? named(member.getKey(), v.getAsString())
                            : VisibleText.of(v.toString());
                    parts.add(fieldName(member.getKey()) + " " + shown);
                }
                entries.add(String.join("，", parts));
            }
            return "「" + String.join("；", entries) + "」";
        }
        return value(value, zone);
    }

    private static boolean allObjects(com.google.gson.JsonArray array) {
        for (JsonElement e : array) {
            if (!e.isJsonObject()) {
                return false;
            }
        }
        return true;
    }

    /** The catalogue sections a member's codes are named in. */
    private static final java.util.Map<String, java.util.List<String>> CODES = new java.util.HashMap<>();

    static {
        // java.util.Map.of is not on the Android API this library keeps to (animal-sniffer)
        CODES.put("status", java.util.Arrays.asList("hazardStatus", "inspectionStatus", "pledgeStatus"));
        CODES.put("grade", java.util.Collections.singletonList("hazardGrades"));
        CODES.put("category", java.util.Collections.singletonList("hazardCategories"));
        CODES.put("result", java.util.Arrays.asList("reinspectionResults", "checkResults"));
        CODES.put("level", java.util.Collections.singletonList("listingLevels"));
        CODES.put("event", java.util.Collections.singletonList("listingEvents"));
    }

    /** The Chinese name of a member's code, or null when it has none. */
    private static String codeName(String field, String code) {
        for (String section : CODES.containsKey(field) ? CODES.get(field) : java.util.Collections.<String>emptyList()) {
            String name = Labels.find(section, code).orElse(null);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    private static String named(String field, String text) {
        String name = codeName(field, text);
        return name != null ? name : VisibleText.of(text);
    }

    /**
     * {@link #values(JsonElement, ZoneId)} of one field. A deletion against an edit is said as what
     * happened, not as a flag the device "changed": the device that edited did not set anything to false.
     */
    public static String values(String field, JsonElement values, ZoneId zone) {
        JsonObject v = values != null && values.isJsonObject() ? values.getAsJsonObject() : new JsonObject();
        if (DELETED.equals(field)) {
            JsonElement server = v.get("server");
            boolean deletedOnServer = server != null && server.isJsonPrimitive() && server.getAsJsonPrimitive().isBoolean() && server.getAsBoolean();
            return deletedOnServer
                    ? "服务器上此记录已被删除，本设备修改了它：您的修改保留在冲突中，由管理员决定是否恢复此记录"
                    : "本设备删除了此记录，服务器上此后另有修改：由管理员决定是否删除";
        }
        if (untouched(v)) {
            return untouchedWords(value(field, v.get("server"), zone), value(field, v.get("base"), zone));
        }
        return "服务器上为 " + value(field, v.get("server"), zone) + "，本设备改为 " + value(field, v.get("device"), zone)
                + (v.has("base") ? "（双方修改前为 " + value(field, v.get("base"), zone) + "）" : "");
    }

    /**
     * A field the device left as it saw it, held with its other changes because they only fit together with it (a
     * reported danger's grade: the device's side is its whole view). Said as such, not as "本设备改为" (a tester's
     * finding: the device seemed to have reverted a colleague's report and responsible person).
     */
    private static boolean untouched(JsonObject v) {
        return v.has("base") && java.util.Objects.equals(v.get("base"), v.get("device")) && !java.util.Objects.equals(v.get("server"), v.get("device"));
    }

    private static String untouchedWords(String server, String base) {
        return "服务器上已改为 " + server + "，本设备没有改，仍是修改前的 " + base + "；它与本设备的其他修改一起待管理员决定";
    }

    /**
     * One field of a conflict ({@code values}: {@code {"server", "device", "base"?}} as the device
     * keeps it): "服务器上为「王某」，本设备改为「赵某」（双方修改前为「王强」）".
     */
    public static String values(JsonElement values, ZoneId zone) {
        JsonObject v = values != null && values.isJsonObject() ? values.getAsJsonObject() : new JsonObject();
        if (untouched(v)) {
            return untouchedWords(value(v.get("server"), zone), value(v.get("base"), zone));
        }
        return "服务器上为 " + value(v.get("server"), zone) + "，本设备改为 " + value(v.get("device"), zone)
                + (v.has("base") ? "（双方修改前为 " + value(v.get("base"), zone) + "）" : "");
    }
}
