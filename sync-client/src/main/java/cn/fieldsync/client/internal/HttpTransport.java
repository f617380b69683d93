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
    public String login(String username, String password, String deviceId) {
        JsonObject body = new JsonObject();
        body.addProperty("username", username);
        body.addProperty("password", password);
        if (deviceId != null) {
            body.addProperty("deviceId", deviceId);
        }
        return send(post("api/auth/login", body.toString()));
    }

    @Override
    public String refresh(String refreshToken) {
        JsonObject body = new JsonObject();
        body.addProperty("refreshToken", refreshToken);
        return send(post("api/auth/refresh", body.toString()));
    }

    @Override
    public String enrol(String token, String deviceName, String publicKey) {
        JsonObject body = new JsonObject();
        body.addProperty("name", deviceName);
        body.addProperty("publicKey", publicKey);
        return send(bearer(post("api/devices", body.toString()), token));
    }

    @Override
    public String push(String token, String requestJson) {
        byte[] body = requestJson.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/sync/push")).header("Content-Type", "application/json")
                .header("Accept-Encoding", GZIP);
        if (gzipRequests) {
            // the server said it reads gzip bodies (its limits): a push of Chinese text shrinks about fivefold
            body = gzip(body);
            request.header("Content-Encoding", GZIP);
        }
        WIRE.pushSent.add(body.length);
        return send(bearer(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)), token), WIRE.pushReceived);
    }

    @Override
    public String changes(String token, long since, String scope, int limit) {
        String query = "api/sync/changes?since=" + since + "&limit=" + limit
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        return send(bearer(HttpRequest.newBuilder(base.resolve(query)).header("Accept-Encoding", GZIP).GET(), token),
                WIRE.pullReceived);
    }

    /** Also learns whether the server reads gzip request bodies ({@code "requestEncodings":["gzip"]}). */
    @Override
    public String limits(String token) {
        String limits = send(bearer(HttpRequest.newBuilder(base.resolve("api/sync/limits")).GET(), token));
        try {
            JsonObject answer = StrictJson.parseObject(limits);
            gzipRequests = answer.get("requestEncodings") instanceof com.google.gson.JsonArray encodings
                    && encodings.contains(new com.google.gson.JsonPrimitive(GZIP));
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            gzipRequests = false; // an answer without it: an older server, sent plain JSON as before
        }
        return limits;
    }

    @Override
    public String conflict(String token, String id) {
        return send(bearer(HttpRequest.newBuilder(base.resolve("api/conflicts/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET(),
                token));
    }

    @Override
    public AttachmentState attachment(String token, String sha256) {
        HttpResponse<Void> response;
        try {
            response = client.send(bearer(HttpRequest.newBuilder(base.resolve("api/attachments/" + sha256))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)), token).build(),
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
        if (response.statusCode() == 401) {
            throw new FieldsyncException("the server asks to log in again (401)", false, null, "unauthenticated");
        }
        if (response.statusCode() != 200) {
            throw new FieldsyncException("the server refused (" + response.statusCode() + ") to tell about attachment " + sha256,
                    response.statusCode() >= 500, null);
        }
        return new AttachmentState(Boolean.parseBoolean(response.headers().firstValue("X-Fieldsync-Complete").orElse("false")),
                Long.parseLong(response.headers().firstValue("X-Fieldsync-Received").orElse("0")));
    }

    private static HttpRequest.Builder bearer(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    @Override
    public AttachmentState upload(String token, String sha256, Path file, long offset) {
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new FieldsyncException("cannot read attachment " + file + ": " + e.getMessage());
        }
        HttpRequest.Builder request = bearer(HttpRequest.newBuilder(base.resolve("api/attachments/" + sha256)), token)
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

    /** How often a request the server answered 503 (its database away for a moment) is sent again. */
    static final int UNAVAILABLE_RETRIES = 5;
    /** The longest wait between two of those, whatever Retry-After says. */
    static final int MAX_RETRY_AFTER_SECONDS = 10;

    /**
     * Sends a request; a 503 (the server's database restarting or failing over: nothing was
     * applied) is sent again after the server's Retry-After, up to {@link #UNAVAILABLE_RETRIES}
     * times. Every request the device sends may be repeated: pushes are idempotent by opId,
     * uploads resume by range, reads change nothing.
     */
    private String send(HttpRequest.Builder request) {
        return send(request, null);
    }

    /**
     * @param received where the bytes of the answer's body as they came over the wire (compressed
     *                 or not) are counted, or null
     */
    private String send(HttpRequest.Builder request, java.util.concurrent.atomic.LongAdder received) {
        HttpRequest built = request.timeout(Duration.ofMinutes(2)).build();
        Answer response;
        int attempt = 0;
        while (true) {
            try {
                response = decoded(client.send(built, HttpResponse.BodyHandlers.ofByteArray()), received);
            } catch (IOException e) {
                throw unreachable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FieldsyncException("interrupted while talking to the server", true, e);
            }
            if (response.statusCode() != 503 || ++attempt > UNAVAILABLE_RETRIES) {
                break;
            }
            long seconds = response.headers().firstValue("Retry-After").map(HttpTransport::seconds).orElse(2L);
            try {
                Thread.sleep(Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_SECONDS) * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FieldsyncException("interrupted while waiting for the server", true, e);
            }
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw new FieldsyncException("the server refused (" + status + "): " + problemMessage(response.body()),
                status >= 500 || status == 429, null, problemCode(response.body()));
    }

    static final String GZIP = "gzip";

    /** Set once the server's limits say it reads gzip request bodies; an older server gets plain JSON. */
    private volatile boolean gzipRequests;

    /**
     * Bytes of sync bodies this process sent and received as they went over the wire (after
     * compression), for the benchmark's bytes-per-record figure. Process-wide totals; HTTP
     * headers are not counted.
     */
    public static final class WireCount {
        final java.util.concurrent.atomic.LongAdder pushSent = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder pushReceived = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder pullReceived = new java.util.concurrent.atomic.LongAdder();

        /** Request bodies of pushes, in bytes. */
        public long pushSent() {
            return pushSent.sum();
        }

        /** Answers to pushes, in bytes. */
        public long pushReceived() {
            return pushReceived.sum();
        }

        /** Pages of the change feed, in bytes. */
        public long pullReceived() {
            return pullReceived.sum();
        }
    }

    /** The totals of this process (see {@link WireCount}). */
    public static final WireCount WIRE = new WireCount();

    private static byte[] gzip(byte[] plain) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(plain.length / 4 + 64);
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out, 64 * 1024)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** The answer as text, decompressed when the server sent it gzip-encoded (RFC 9110 §8.4). */
    private static Answer decoded(HttpResponse<byte[]> response, java.util.concurrent.atomic.LongAdder received)
            throws IOException {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if (received != null) {
            received.add(body.length);
        }
        if (response.headers().firstValue("Content-Encoding").map(GZIP::equalsIgnoreCase).orElse(false)) {
            try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body), 64 * 1024)) {
                body = in.readAllBytes();
            }
        }
        return new Answer(response.statusCode(), response.headers(), new String(body, StandardCharsets.UTF_8));
    }

    /** An answer with its body decoded to text. */
    private record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 2; // an HTTP date: wait the usual moment
        }
    }

    private static String problemCode(String body) {
        try {
            JsonObject problem = StrictJson.parseObject(body);
            return problem.has("code") ? problem.get("code").getAsString() : null;
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            return null;
        }
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
