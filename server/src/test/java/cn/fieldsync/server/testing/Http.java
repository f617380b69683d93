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

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final HttpClient client = CLIENT;
    private final URI base;
    private final String token;

    /** Without a token: only login and refresh answer. */
    public Http(URI base) {
        this(base, null);
    }

    public Http(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same server, as whoever this token stands for. */
    public Http as(String otherToken) {
        return new Http(base, otherToken);
    }

    public String token() {
        return token;
    }

    public URI base() {
        return base;
    }

    /** Logs in and answers a client that sends the token; fails the test when the login is refused. */
    public Http login(String username, String password) {
        return login(username, password, null);
    }

    public Http login(String username, String password, String deviceId) {
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("username", username);
        body.addProperty("password", password);
        if (deviceId != null) {
            body.addProperty("deviceId", deviceId);
        }
        Answer answer = new Http(base).post("/api/auth/login", body.toString());
        if (answer.status() != 200) {
            throw new AssertionError("login of " + username + " refused: " + answer.status() + " " + answer.body());
        }
        return new Http(base, answer.field("token"));
    }

    /** Any method, any body (null for none), any content type: for the access matrix and the fuzzer. */
    public Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** Any method with bytes for a body (an attachment's upload). */
    public Answer sendBytes(String method, String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
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

    /** A JSON POST with an If-Match header (null for none). */
    public Answer postIfMatch(String path, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
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
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
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

        /**
         * The body without the problem document's {@code requestId}, which differs on every request:
         * for comparing two answers (an absent record's and another county's must be alike).
         */
        public String bodyWithoutRequestId() {
            return body.replaceAll(",?\"requestId\":\"[^\"]*\"", "");
        }

        public String field(String name) {
            JsonElement value = json().get(name);
            return value == null || value.isJsonNull() ? null : value.getAsString();
        }
    }
}
