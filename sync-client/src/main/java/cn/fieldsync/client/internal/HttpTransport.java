package cn.fieldsync.client.internal;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.ServerUnreachableException;
import cn.fieldsync.client.SyncCancelledException;
import cn.fieldsync.client.SyncProtocol;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The default transport: HTTP/1.1 with {@link HttpURLConnection}, which the JDK and Android (API
 * 26+) both have, so the library needs no HTTP client of its own. Every request carries
 * {@link SyncProtocol#HEADER}. An app may supply its own {@link SyncTransport} instead (OkHttp,
 * a proxy, a certificate pin).
 *
 * <p>Thread-safe: it holds no state between requests (HttpURLConnection pools connections).
 */
public final class HttpTransport implements SyncTransport {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private final String base;

    /** @throws InputRefusedException when the address is not an http:// or https:// URL */
    public HttpTransport(String serverUrl) {
        String url = serverUrl == null ? "" : serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new InputRefusedException("不是服务器地址：" + serverUrl + "（应如 http://192.168.1.10:8080） (not a server address)");
        }
        if (parsed.getScheme() == null || !parsed.getScheme().matches("https?") || parsed.getHost() == null) {
            throw new InputRefusedException("服务器地址须以 http:// 或 https:// 开头：" + serverUrl + " (the server address must start with http:// or https://)");
        }
        this.base = url;
    }

    @Override
    public String login(String username, String password, String deviceId) {
        JsonObject body = new JsonObject();
        body.addProperty("username", username);
        body.addProperty("password", password);
        if (deviceId != null) {
            body.addProperty("deviceId", deviceId);
        }
        return send(Request.json("POST", "api/auth/login", null, body.toString()));
    }

    @Override
    public String refresh(String refreshToken) {
        JsonObject body = new JsonObject();
        body.addProperty("refreshToken", refreshToken);
        return send(Request.json("POST", "api/auth/refresh", null, body.toString()));
    }

    @Override
    public String enrol(String token, String deviceName, String publicKey) {
        JsonObject body = new JsonObject();
        body.addProperty("name", deviceName);
        body.addProperty("publicKey", publicKey);
        return send(Request.json("POST", "api/devices", token, body.toString()));
    }

    @Override
    public String push(String token, String requestJson) {
        byte[] body = requestJson.getBytes(StandardCharsets.UTF_8);
        Request request = Request.json("POST", "api/sync/push", token, requestJson);
        if (gzipRequests) {
            // the server said it reads gzip bodies (its limits): a push of Chinese text shrinks about fivefold
            body = gzip(body);
            request.contentEncoding = GZIP;
        }
        request.bytes = body;
        request.received = WIRE.pushReceived;
        WIRE.pushSent.add(body.length);
        return send(request);
    }

    @Override
    public String changes(String token, long since, String scope, int limit) {
        String query = "api/sync/changes?since=" + since + "&limit=" + limit + (scope == null ? "" : "&scope=" + encode(scope));
        Request request = Request.get(query, token);
        request.received = WIRE.pullReceived;
        return send(request);
    }

    /** Also learns whether the server reads gzip request bodies ({@code "requestEncodings":["gzip"]}). */
    @Override
    public String limits(String token) {
        String limits = send(Request.get("api/sync/limits", token));
        try {
            JsonObject answer = StrictJson.parseObject(limits);
            gzipRequests = answer.get("requestEncodings") instanceof JsonArray encodings
                    && encodings.contains(new JsonPrimitive(GZIP));
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            gzipRequests = false; // an answer without it: an older server, sent plain JSON as before
        }
        return limits;
    }

    @Override
    public String conflict(String token, String id) {
        return send(Request.get("api/conflicts/" + encode(id), token));
    }

    @Override
    public AttachmentState attachment(String token, String sha256) {
        Answer answer = exchange(new Request("HEAD", "api/attachments/" + sha256, token, null, null, 0, 0));
        if (answer.status == 404) {
            return new AttachmentState(false, 0);
        }
        if (answer.status < 200 || answer.status >= 300) {
            throw SyncProtocol.refusal(answer.status, answer.body);
        }
        return new AttachmentState(Boolean.parseBoolean(answer.complete), answer.received == null ? 0 : Long.parseLong(answer.received));
    }

    @Override
    public AttachmentState upload(String token, String sha256, Path file, long offset) {
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new InputRefusedException("读不出附件 " + file + "：" + e.getMessage() + " (cannot read the attachment)");
        }
        Request request = new Request("PUT", "api/attachments/" + sha256, token, "application/octet-stream", file, offset, total);
        JsonObject answer = Json.fromServer(send(request));
        return new AttachmentState(answer.get("complete").getAsBoolean(), answer.get("received").getAsLong());
    }

    private static String encode(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8"); // the Charset overload is API 33+ on Android
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** How often a request the server answered 503 (its database away for a moment) is sent again. */
    static final int UNAVAILABLE_RETRIES = 5;
    /** The longest wait between two of those, whatever Retry-After says. */
    static final int MAX_RETRY_AFTER_SECONDS = 10;

    /**
     * Sends a request and answers the 2xx body; a 503 (the server's database restarting or
     * failing over: nothing was applied) is sent again after the server's Retry-After, up to
     * {@link #UNAVAILABLE_RETRIES} times. Every request the device sends may be repeated: pushes
     * are idempotent by opId, uploads resume by range, reads change nothing.
     */
    private String send(Request request) {
        int attempt = 0;
        while (true) {
            Answer answer = exchange(request);
            if (answer.status >= 200 && answer.status < 300) {
                return answer.body;
            }
            if (answer.status != 503 || ++attempt > UNAVAILABLE_RETRIES) {
                throw SyncProtocol.refusal(answer.status, answer.body);
            }
            try {
                Thread.sleep(Math.min(Math.max(seconds(answer.retryAfter), 1), MAX_RETRY_AFTER_SECONDS) * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncCancelledException("同步被中断，记录都已保留 (interrupted while waiting for the server; nothing was lost)", e);
            }
        }
    }

    /** One request and its answer. The headers every request carries are set here, in one place. */
    private Answer exchange(Request request) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SyncCancelledException("同步被中断，记录都已保留 (interrupted before talking to the server; nothing was lost)", null);
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(base + request.path).toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.method);
            connection.setRequestProperty(SyncProtocol.HEADER, Integer.toString(SyncProtocol.VERSION));
            connection.setRequestProperty("Accept", "application/json");
            // asked for explicitly, so this class decodes it on the JVM and on Android alike (RFC 9110 §8.4)
            connection.setRequestProperty("Accept-Encoding", GZIP);
            if (request.token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + request.token);
            }
            if (request.contentType != null) {
                connection.setRequestProperty("Content-Type", request.contentType);
                if (request.contentEncoding != null) {
                    connection.setRequestProperty("Content-Encoding", request.contentEncoding);
                }
                connection.setDoOutput(true);
                writeBody(connection, request);
            }
            int status = connection.getResponseCode();
            String body = "HEAD".equals(request.method) ? "" : read(status >= 400 ? connection.getErrorStream() : connection.getInputStream(),
                    GZIP.equalsIgnoreCase(connection.getHeaderField("Content-Encoding")), request.received);
            return new Answer(status, body, connection.getHeaderField("Retry-After"),
                    connection.getHeaderField("X-Fieldsync-Complete"), connection.getHeaderField("X-Fieldsync-Received"));
        } catch (java.net.HttpRetryException e) {
            // a streamed upload answered 401: the token expired meanwhile (the session refreshes and resends)
            return new Answer(e.responseCode(), "", null, null, null);
        } catch (IOException e) {
            throw unreachable(e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The request body: JSON text, or a file's bytes from an offset to its end (streamed, never held in memory). */
    private static void writeBody(HttpURLConnection connection, Request request) throws IOException {
        if (request.file == null) {
            // not streamed: in streaming mode HttpURLConnection answers a 401 with an HttpRetryException
            // and no body, and a wrong password's invalid_credentials would be lost
            byte[] bytes = request.bytes != null ? request.bytes : request.text.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            return;
        }
        long length = request.total - request.offset;
        connection.setFixedLengthStreamingMode(length);
        if (request.total > 0) {
            connection.setRequestProperty("Content-Range", "bytes " + request.offset + "-" + (request.total - 1) + "/" + request.total);
        }
        // a peer that stops reading (a stalled proxy, a dead mobile link) blocks a write for as long as TCP keeps
        // probing, minutes on end: HttpURLConnection has no write timeout, so a watchdog drops the connection
        // once no byte went out for the read timeout (a tester's finding: sync hung 11 minutes; the upload resumes
        // at the next sync from where the server's copy ends)
        final java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        final HttpURLConnection watched = connection;
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastProgress.get() > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(writeStallMillis)) {
                watched.disconnect();
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try (InputStream in = Files.newInputStream(request.file); OutputStream out = connection.getOutputStream()) {
            Api26.skipExactly(in, request.offset);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                lastProgress.set(System.nanoTime());
            }
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The one thread that watches uploads for a peer that stopped reading (daemon: it never keeps a JVM alive). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fieldsync-upload-watchdog");
                t.setDaemon(true);
                return t;
            });

    /** How long an upload may send nothing before it is given up (as long as an answer may take: the read timeout). */
    static volatile long writeStallMillis = READ_TIMEOUT_MS;

    /**
     * The answer's body as text, decompressed when the server sent it gzip-encoded.
     *
     * @param received where the bytes as they came over the wire (compressed or not) are counted, or null
     */
    private static String read(InputStream in, boolean gzipped, LongAdder received) throws IOException {
        if (in == null) {
            return "";
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (InputStream stream = in) {
            Api26.copy(stream, wire);
        }
        if (received != null) {
            received.add(wire.size());
        }
        if (!gzipped) {
            return new String(wire.toByteArray(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream(wire.size() * 4);
        try (InputStream unzip = new GZIPInputStream(new ByteArrayInputStream(wire.toByteArray()), 64 * 1024)) {
            Api26.copy(unzip, plain);
        }
        return new String(plain.toByteArray(), StandardCharsets.UTF_8);
    }

    private FieldsyncException unreachable(IOException e) {
        return new ServerUnreachableException("无法连接服务器 " + base + "，记录都已保留在本设备，请稍后再同步 (cannot reach the server at " + base
                + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); nothing was lost, sync again later)", e);
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
        final LongAdder pushSent = new LongAdder();
        final LongAdder pushReceived = new LongAdder();
        final LongAdder pullReceived = new LongAdder();

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
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory failed", e); // cannot happen
        }
        return out.toByteArray();
    }

    private static long seconds(String retryAfter) {
        try {
            return retryAfter == null ? 2 : Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 2; // an HTTP date: wait the usual moment
        }
    }

    /** What to send: a JSON text, a file's range, or nothing. */
    private static final class Request {
        final String method;
        final String path;
        final String token;
        final String contentType;
        final Path file;
        final long offset;
        final long total;
        String text;
        /** The body as sent, when it is not {@code text} in UTF-8 (a compressed push). */
        byte[] bytes;
        String contentEncoding;
        /** Where the answer's bytes on the wire are counted (the benchmark's figures), or null. */
        LongAdder received;

        Request(String method, String path, String token, String contentType, Path file, long offset, long total) {
            this.method = method;
            this.path = path;
            this.token = token;
            this.contentType = contentType;
            this.file = file;
            this.offset = offset;
            this.total = total;
        }

        static Request json(String method, String path, String token, String json) {
            Request request = new Request(method, path, token, "application/json", null, 0, 0);
            request.text = json;
            return request;
        }

        static Request get(String path, String token) {
            return new Request("GET", path, token, null, null, 0, 0);
        }
    }

    /** The status, body and the few headers the protocol reads. */
    private static final class Answer {
        final int status;
        final String body;
        final String retryAfter;
        final String complete;
        final String received;

        Answer(int status, String body, String retryAfter, String complete, String received) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
            this.complete = complete;
            this.received = received;
        }
    }
}
