package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;

/**
 * Parses JSON text strictly (RFC 8259): no comments, no single quotes, no NaN, nothing after the
 * document, and no duplicate member names (Gson's own tree parser would keep the last one
 * silently, so what was validated and what was stored could differ). Numbers keep their text.
 */
public final class StrictJson {

    /** Deeper nesting than any record needs; stops stack exhaustion on hostile input. */
    private static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    public static JsonElement parse(String text) throws MalformedJsonException {
        if (text == null || text.trim().isEmpty()) {
            throw new MalformedJsonException("the body is empty", "");
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("unexpected text after the JSON document", "");
            }
            return element;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new MalformedJsonException(e.getMessage(), "");
        }
    }

    /** Parses and requires an object at the top. */
    public static JsonObject parseObject(String text) throws MalformedJsonException {
        JsonElement element = parse(text);
        if (!element.isJsonObject()) {
            throw new MalformedJsonException("a JSON object is required", "");
        }
        return element.getAsJsonObject();
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException, MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested deeper than " + MAX_DEPTH + " levels", reader.getPath());
        }
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new MalformedJsonException("duplicate member \"" + name + "\"", reader.getPath());
                    }
                    object.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new MalformedJsonException("unexpected " + token, reader.getPath());
        }
    }

    /** The text is not JSON the API accepts. */
    public static final class MalformedJsonException extends Exception {
        private final String path;

        public MalformedJsonException(String message, String path) {
            super(message);
            this.path = path;
        }

        /** Where in the document the problem is, as Gson's JSONPath ("$.a[0]"), or "". */
        public String path() {
            return path;
        }
    }
}
