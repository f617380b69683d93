package cn.fieldsync.client.internal;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The real transport: HTTP/1.1 with the JDK's client. */
public final class HttpTransport implements SyncTransport {

    private final URI base;
    private final HttpClient client;

    public HttpTransport(String serverUrl) {
        try {
            this.base = URI.create(serverUrl.endsWith("/") ? serverUrl : serverUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new FieldsyncException("not a server address: " + serverUrl);
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?")) {
            throw new FieldsyncException("the server address must start with http:// or https://: " + serverUrl);
        }
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String enrol(String deviceName, String user, String publicKey) {
        JsonObject body = new JsonObject();
        body.addProperty("name", deviceName);
        if (user != null) {
            body.addProperty("user", user);
        }
        body.addProperty("publicKey", publicKey);
        return send(post("api/devices", body.toString()));
    }

    @Override
    public String push(String deviceId, String user, String requestJson) {
        HttpRequest.Builder request = post("api/sync/push", requestJson).header("X-Fieldsync-Device", deviceId);
        if (user != null) {
            request.header("X-Fieldsync-User", user);
        }
        return send(request);
    }

    @Override
    public String changes(long since, int limit) {
        return send(HttpRequest.newBuilder(base.resolve("api/sync/changes?since=" + since + "&limit=" + limit)).GET());
    }

    @Override
    public String conflict(String id) {
        return send(HttpRequest.newBuilder(base.resolve("api/conflicts/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET());
    }

    @Override
    public AttachmentState attachment(String sha256) {
        HttpResponse<Void> response;
        try {
            response = client.send(HttpRequest.newBuilder(base.resolve("api/attachments/" + sha256))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FieldsyncException("interrupted while talking to the server", true, e);
        }
        if (response.statusCode() == 404) {
            return new AttachmentState(false, 0);
        }
        if (response.statusCode() != 200) {
            throw new FieldsyncException("the server refused (" + response.statusCode() + ") to tell about attachment " + sha256,
                    response.statusCode() >= 500, null);
        }
        return new AttachmentState(Boolean.parseBoolean(response.headers().firstValue("X-Fieldsync-Complete").orElse("false")),
                Long.parseLong(response.headers().firstValue("X-Fieldsync-Received").orElse("0")));
    }

    @Override
    public AttachmentState upload(String sha256, Path file, long offset) {
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new FieldsyncException("cannot read attachment " + file + ": " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/attachments/" + sha256))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(file, offset)),
                        total - offset));
        if (total > 0) {
            request.header("Content-Range", "bytes " + offset + "-" + (total - 1) + "/" + total);
        }
        JsonObject answer = Json.fromServer(send(request));
        return new AttachmentState(answer.get("complete").getAsBoolean(), answer.get("received").getAsLong());
    }

    private static InputStream open(Path file, long offset) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return in;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private FieldsyncException unreachable(IOException e) {
        return new FieldsyncException("cannot reach the server at " + base + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); nothing was lost, sync again later", true, e);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private String send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = client.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FieldsyncException("interrupted while talking to the server", true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw new FieldsyncException("the server refused (" + status + "): " + problemMessage(response.body()),
                status >= 500 || status == 429, null);
    }

    private static String problemMessage(String body) {
        try {
            JsonObject problem = StrictJson.parseObject(body);
            String code = problem.has("code") ? problem.get("code").getAsString() : "error";
            String message = problem.has("message") ? problem.get("message").getAsString() : body;
            return code + ": " + message;
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return body == null || body.isBlank() ? "no details" : body.lines().findFirst().orElse("");
        }
    }
}
