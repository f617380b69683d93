package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Map;

/**
 * Text from a record (typed by anyone, synced from anywhere) as it may be shown — in a terminal, on
 * the inspector's app, in a listing: control characters (NUL, BEL, escape, line breaks) and format
 * characters (the bidirectional overrides and isolates U+202A–U+202E, U+2066–U+2069 that make text
 * read backwards, zero-width marks) are shown as {@code \}{@code uXXXX}, so a description can
 * neither drive a terminal nor disguise what is shown around it (Unicode TR 36 §2.3 /
 * CVE-2021-42574 "Trojan Source"). The one rule: the command line and the app both show through it.
 * What is stored is never changed. Stateless, thread-safe.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** The text with every invisible or reordering character written out as {@code \}{@code uXXXX}; "" for null. */
    public static String of(String text) {
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

    /**
     * A copy of a JSON value with every string (member names kept) made visible by {@link #of}:
     * what a page shows of a record, while the record itself stays as stored.
     */
    public static JsonElement of(JsonElement value) {
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(of(value.getAsString()));
        }
        if (value.isJsonArray()) {
            JsonArray copy = new JsonArray();
            value.getAsJsonArray().forEach(e -> copy.add(of(e)));
            return copy;
        }
        if (value.isJsonObject()) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                copy.add(e.getKey(), of(e.getValue()));
            }
            return copy;
        }
        return value.deepCopy();
    }
}
