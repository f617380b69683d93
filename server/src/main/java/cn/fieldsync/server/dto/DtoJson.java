package cn.fieldsync.server.dto;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

import java.io.IOException;
import java.io.Writer;

/**
 * The one serialiser of response records (DTOs, in the {@code ..dto} packages). The API writes
 * them through it ({@code cn.fieldsync.server.api.ApiJson}), and so does a printed document that
 * shows an answer as the API gives it (a 案卷 prints the case, and hashes it, exactly as
 * {@code GET /api/cases/{id}} answers), which is why it sits below both rather than in the API
 * layer. Gson (2.10 and later) writes a record by its components: a component's name is the
 * member's name; a {@code null} component is left out, so an optional member is absent rather than
 * {@code null}; stored JSON carried in a component ({@link JsonElement}) is written as it is; a
 * {@code Map} keeps its order. HTML characters are not escaped ({@code <} stays {@code <}), as
 * {@code JsonElement.toString} wrote them before. Thread-safe (Gson is).
 */
public final class DtoJson {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private DtoJson() {
    }

    /** The JSON text of a response record. */
    public static String write(Record dto) {
        return GSON.toJson(dto);
    }

    /** Writes a response record's JSON to the writer (not closed, not flushed). */
    public static void write(Record dto, Writer out) throws IOException {
        try {
            GSON.toJson(dto, out);
        } catch (com.google.gson.JsonIOException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e);
        }
    }

    /** The JSON tree of a response record. */
    public static JsonElement tree(Record dto) {
        return GSON.toJsonTree(dto);
    }
}
