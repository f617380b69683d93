package cn.fieldsync.client.cli;

import cn.fieldsync.client.FieldRecord;
import cn.fieldsync.client.RecordState;
import cn.fieldsync.schemas.ChineseDates;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonElement;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What the command line prints from records, in the inspector's words: states and codes by their
 * Chinese names from the label catalogue, times in the server's zone, and text from records made
 * safe for a terminal. Stateless.
 */
final class RecordWords {

    private RecordWords() {
    }

    /**
     * Text from a record (typed by anyone, synced from anywhere) as it may go to a terminal: control
     * characters (NUL, escape, line breaks) and format characters (the bidirectional overrides and
     * isolates U+202A–U+202E, U+2066–U+2069 that make text read backwards, zero-width marks) are
     * shown as {@code \}{@code uXXXX}, so a description can neither drive the terminal nor disguise
     * what is printed around it (Unicode TR 36 §2.3 / CVE-2021-42574 "Trojan Source").
     */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int kind = Character.getType(c);
            if (kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.LINE_SEPARATOR
                    || kind == Character.PARAGRAPH_SEPARATOR || kind == Character.UNASSIGNED && c >= 0xE0000) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Safe text (see {@link #safe}), keeping the line breaks of a multi-line document such as pretty-printed JSON. */
    static String safeLines(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(safe(lines[i]));
        }
        return out.toString();
    }

    /** The record's state as the inspector app names it (label catalogue {@code syncStates}), with the English after it. */
    static String state(FieldRecord r) {
        RecordState state = r.state();
        String key = switch (state) {
            case NEEDS_ATTENTION -> "NEEDS_ACTION";
            case IN_CONFLICT -> "CONFLICT";
            case WAITING_FOR_FILE -> "WAITING_FILE";
            case PENDING -> "PENDING";
            case SYNCED -> "SYNCED";
        };
        String english = switch (state) {
            case NEEDS_ATTENTION -> "needs attention: fieldsync attention";
            case IN_CONFLICT -> "in conflict: fieldsync conflicts";
            case WAITING_FOR_FILE -> "waiting for a photo or file to upload";
            case PENDING -> "pending";
            case SYNCED -> "synced";
        };
        String name = Labels.name("syncStates", key);
        return (state == RecordState.PENDING ? name + " " + r.pending() + " 项" : name) + " (" + english + ")";
    }

    /**
     * The record's summary with a code (a kind, a status) replaced by its Chinese name, the code
     * after it in brackets: "已签字封存 (SEALED)".
     */
    static String summary(FieldRecord r) {
        String section = codeSection(r.type(), r.json());
        String summary = r.summary();
        if (section != null) {
            java.util.Optional<String> name = Labels.find(section, summary);
            if (name.isPresent()) {
                return name.get() + " (" + summary + ")";
            }
        }
        return safe(summary);
    }

    /** The catalogue section of the field the summary came from, when that field holds a code. */
    private static String codeSection(RecordType type, String json) {
        com.google.gson.JsonObject body = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        for (String field : new String[] {"name", "description", "title"}) {
            if (body.get(field) instanceof JsonElement value && value.isJsonPrimitive()) {
                return null;
            }
        }
        boolean kind = body.get("kind") instanceof JsonElement value && value.isJsonPrimitive();
        return switch (type) {
            case UNIT -> kind ? "unitKinds" : null;
            case PLEDGE -> kind ? "pledgeKinds" : "pledgeStatus";
            case INSPECTION -> kind ? null : "inspectionStatus";
            case HAZARD -> kind ? null : "hazardStatus";
            default -> null;
        };
    }

    /**
     * A field's value in words: text as it is, a date-time in {@code zone} as the people write it
     * (2026年11月20日 09:30, the recorded text after it), nothing as "（空）", anything else as compact
     * JSON; always terminal-safe.
     */
    static String value(JsonElement value, ZoneId zone) {
        if (value == null || value.isJsonNull()) {
            return "（空）";
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() && value.getAsString().contains("T")) {
            String text = value.getAsString();
            String written = ChineseDates.format(text, zone);
            if (!written.equals(text)) {
                return "「" + written + "」(" + safe(text) + ")";
            }
        }
        return "「" + safe(value.isJsonPrimitive() ? value.getAsString() : value.toString()) + "」";
    }

    /**
     * An instant as the people write it, in the server's zone ({@code fieldsync.zone}, {@link
     * cn.fieldsync.client.FieldStore#zone}), never the JVM's default: 2026年12月1日 10:23.
     */
    static String when(Instant instant, ZoneId zone) {
        return ChineseDates.format(instant, zone);
    }
}
