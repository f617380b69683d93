package cn.fieldsync.server.testing;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Real HTTP to the server under test, with the JDK's client: what a device or a browser sends. */
public final class Http {

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Answer post(String path, String body) {
        return post(path, "application/json", body);
    }

    public Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer postWithHeader(String path, String header, String value, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer patch(String path, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location"), response.headers().firstValue("ETag"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Answer(int status, String contentType, Optional<String> location, Optional<String> etag, String body) {

        public JsonObject json() {
            try {
                return StrictJson.parseObject(body);
            } catch (StrictJson.MalformedJsonException e) {
                throw new AssertionError("not a JSON object (" + status + "): " + body, e);
            }
        }

        public String field(String name) {
            JsonElement value = json().get(name);
            return value == null || value.isJsonNull() ? null : value.getAsString();
        }
    }
}
