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

    /** Text from a record made safe to print: {@link cn.fieldsync.schemas.VisibleText#of(String)}, the one rule the app shows through too. */
    static String safe(String text) {
        return cn.fieldsync.schemas.VisibleText.of(text);
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
     * An instant as the people write it, in the server's zone ({@code fieldsync.zone}, {@link
     * cn.fieldsync.client.FieldStore#zone}), never the JVM's default: 2026年12月1日 10:23.
     */
    static String when(Instant instant, ZoneId zone) {
        return ChineseDates.format(instant, zone);
    }
}
