package cn.fieldsync.client.internal;

import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * One page of the change feed ({@code GET /api/sync/changes}), read in one pass: each pulled
 * record comes out as the text the device stores (its body without the envelope), written while
 * it is read, with no tree of the page built and written back. The page is read as strictly as
 * every answer of the server ({@link StrictJson}: a duplicate member anywhere refuses it), and
 * each stored body is exactly {@code Records.stripEnvelope(record).toString()} of the parsed
 * record (FeedPageTest compares them).
 *
 * <p>Shape: {@code {"changes":[{"seq":1,"record":{"id","type","version","deleted",...}} |
 * {"seq":2,"removed":{"id":...}}], "nextCursor":"..", "hasMore":bool, "scope"?:"..", "reset"?:bool}}.
 * Immutable once read; read on the thread that fetched it.
 */
final class FeedPage {

    /** A record's state on the server, or its removal from the user's sight. */
    static final class Change {
        final String id;
        /** The record left the user's sight: no type, version or body. */
        final boolean removed;
        final String type;
        final int version;
        final boolean deleted;
        /** What the device stores: the record without the server's envelope, as compact JSON. */
        final String body;

        private Change(String id, boolean removed, String type, int version, boolean deleted, String body) {
            this.id = id;
            this.removed = removed;
            this.type = type;
            this.version = version;
            this.deleted = deleted;
            this.body = body;
        }
    }

    final List<Change> changes;
    final String nextCursor;
    /** The scope the page was read under, when the server names one. */
    final String scope;
    /** The user's scope changed: the device marks what it holds and drops what the feed does not bring back. */
    final boolean reset;
    final boolean hasMore;

    private FeedPage(List<Change> changes, String nextCursor, String scope, boolean reset, boolean hasMore) {
        this.changes = changes;
        this.nextCursor = nextCursor;
        this.scope = scope;
        this.reset = reset;
        this.hasMore = hasMore;
    }

    /**
     * Reads a page as the server sent it.
     *
     * @throws cn.fieldsync.client.ServerUnreachableException when it is not JSON (a proxy, a cut connection): retriable
     * @throws ServerRefusedException when a part the device needs is missing (retriable)
     */
    static FeedPage read(String json) {
        try (JsonReader reader = StrictJson.reader(json)) {
            FeedPage page = page(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new StrictJson.MalformedJsonException("unexpected text after the JSON document", "");
            }
            return page;
        } catch (StrictJson.MalformedJsonException e) {
            throw Json.garbled(e);
        } catch (IOException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
            // Gson's syntax errors, or a member of another kind than the feed's (read as a tree, as before)
            throw Json.garbled(new StrictJson.MalformedJsonException(String.valueOf(e.getMessage()), ""));
        }
    }

    private static FeedPage page(JsonReader reader) throws IOException, StrictJson.MalformedJsonException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw new StrictJson.MalformedJsonException("a JSON object is required", "");
        }
        reader.beginObject();
        Set<String> names = new HashSet<>();
        List<Change> changes = null;
        JsonObject rest = new JsonObject();
        while (reader.hasNext()) {
            String name = member(reader, names);
            if ("changes".equals(name) && reader.peek() == JsonToken.BEGIN_ARRAY) {
                changes = changes(reader);
            } else {
                rest.add(name, StrictJson.read(reader, 1));
            }
        }
        reader.endObject();
        String next = text(rest, "nextCursor");
        if (changes == null || next == null) {
            throw incomplete();
        }
        return new FeedPage(changes, next, text(rest, "scope"), rest.has("reset") && rest.get("reset").getAsBoolean(),
                rest.has("hasMore") && rest.get("hasMore").getAsBoolean());
    }

    private static List<Change> changes(JsonReader reader) throws IOException, StrictJson.MalformedJsonException {
        List<Change> changes = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            changes.add(change(reader));
        }
        reader.endArray();
        return changes;
    }

    /** One item: a removal wins over a record, as the device has always read it. */
    private static Change change(JsonReader reader) throws IOException, StrictJson.MalformedJsonException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw incomplete();
        }
        reader.beginObject();
        Set<String> names = new HashSet<>();
        Change record = null;
        JsonElement removed = null;
        while (reader.hasNext()) {
            String name = member(reader, names);
            if ("record".equals(name) && reader.peek() == JsonToken.BEGIN_OBJECT) {
                record = record(reader);
            } else if ("removed".equals(name)) {
                removed = StrictJson.read(reader, 3);
            } else {
                StrictJson.read(reader, 3);
            }
        }
        reader.endObject();
        if (removed != null) {
            String id = removed.isJsonObject() ? text(removed.getAsJsonObject(), "id") : null;
            if (id == null) {
                throw incomplete();
            }
            return new Change(id, true, null, 0, false, null);
        }
        if (record == null) {
            throw incomplete();
        }
        return record;
    }

    /** A record: its envelope kept aside, the rest written out as the device stores it. */
    private static Change record(JsonReader reader) throws IOException, StrictJson.MalformedJsonException {
        reader.beginObject();
        StringBuilder text = new StringBuilder(1536);
        JsonWriter body = StrictJson.writer(text);
        body.beginObject();
        Set<String> names = new HashSet<>();
        Map<String, JsonElement> envelope = new HashMap<>();
        while (reader.hasNext()) {
            String name = member(reader, names);
            if (Records.isEnvelope(name)) {
                envelope.put(name, StrictJson.read(reader, 4));
            } else {
                body.name(name);
                StrictJson.copy(reader, body, 4);
            }
        }
        reader.endObject();
        body.endObject();
        JsonElement id = envelope.get("id");
        JsonElement type = envelope.get("type");
        JsonElement deleted = envelope.get("deleted");
        JsonElement version = envelope.get("version");
        if (id == null || type == null || deleted == null || version == null) {
            throw incomplete();
        }
        return new Change(id.getAsString(), false, type.getAsString(), version.getAsInt(), deleted.getAsBoolean(), text.toString());
    }

    /** The next member's name, refused when the object named it already. */
    private static String member(JsonReader reader, Set<String> names) throws IOException, StrictJson.MalformedJsonException {
        String name = reader.nextName();
        if (!names.add(name)) {
            throw new StrictJson.MalformedJsonException("duplicate member \"" + name + "\"", reader.getPath());
        }
        return name;
    }

    private static ServerRefusedException incomplete() {
        return new ServerRefusedException("服务器的更新页不完整，请再同步一次 (the server's change page is incomplete; sync again)", 0, null, true);
    }
}
