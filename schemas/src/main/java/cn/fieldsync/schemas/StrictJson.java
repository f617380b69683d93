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
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

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

    /**
     * A reader of JSON text with this class's rules (strict RFC 8259), for reading a document in
     * one pass with {@link #read(JsonReader, int)} and {@link #copy(JsonReader, JsonWriter, int)}.
     */
    public static JsonReader reader(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /**
     * A writer that writes exactly what {@link JsonElement#toString()} writes (compact, nulls
     * kept, no HTML escaping), so a value copied with {@link #copy} reads back as the same text
     * as the tree {@link #parse} builds, written out.
     */
    public static JsonWriter writer(StringBuilder out) {
        JsonWriter writer = new JsonWriter(new BuilderWriter(out));
        writer.setStrictness(Strictness.LENIENT);
        return writer;
    }

    /** A {@link java.io.Writer} into a StringBuilder, unsynchronised (StringWriter locks a StringBuffer on every call). */
    private static final class BuilderWriter extends java.io.Writer {
        private final StringBuilder out;

        BuilderWriter(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            out.append(chars, offset, length);
        }

        @Override
        public void write(int c) {
            out.append((char) c);
        }

        @Override
        public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
        }

        @Override
        public java.io.Writer append(CharSequence text) {
            out.append(text);
            return this;
        }

        @Override
        public void flush() {
            // nothing is buffered
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    /**
     * Copies the next value of a {@link #reader} to a {@link #writer} without building a tree,
     * refusing what {@link #parse} refuses (duplicate member names, nesting deeper than 64 levels
     * counting from {@code depth}); what it writes is the text {@code parse(value).toString()}
     * gives, numbers as they were written. One pass over a document of many records (a page of
     * the change feed) costs a third of parsing it into a tree and writing each record back.
     *
     * @throws IOException when the text is not JSON (Gson's syntax errors)
     * @throws IllegalStateException when the reader stands where no value is
     */
    public static void copy(JsonReader reader, JsonWriter writer, int depth) throws IOException, MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested deeper than " + MAX_DEPTH + " levels", reader.getPath());
        }
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT -> {
                reader.beginObject();
                writer.beginObject();
                Set<String> names = new HashSet<>();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (!names.add(name)) {
                        throw new MalformedJsonException("duplicate member \"" + name + "\"", reader.getPath());
                    }
                    writer.name(name);
                    copy(reader, writer, depth + 1);
                }
                reader.endObject();
                writer.endObject();
            }
            case BEGIN_ARRAY -> {
                reader.beginArray();
                writer.beginArray();
                while (reader.hasNext()) {
                    copy(reader, writer, depth + 1);
                }
                reader.endArray();
                writer.endArray();
            }
            case STRING -> writer.value(reader.nextString());
            case NUMBER -> writer.value(new LazilyParsedNumber(reader.nextString()));
            case BOOLEAN -> writer.value(reader.nextBoolean());
            case NULL -> {
                reader.nextNull();
                writer.nullValue();
            }
            default -> throw new MalformedJsonException("unexpected " + token, reader.getPath());
        }
    }

    /**
     * Reads the next value of a {@link #reader} into a tree, as {@link #parse} does, {@code depth}
     * levels down in the document.
     *
     * @throws IOException when the text is not JSON (Gson's syntax errors)
     * @throws IllegalStateException when the reader stands where no value is
     */
    public static JsonElement read(JsonReader reader, int depth) throws IOException, MalformedJsonException {
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
