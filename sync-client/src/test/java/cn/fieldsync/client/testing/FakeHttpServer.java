package cn.fieldsync.client.testing;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.client.SyncProtocol;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FakeServer} over real HTTP on the loopback (the JDK's own small HTTP server), so the
 * default transport ({@code HttpURLConnection}) and the examples run as an app runs them. It
 * records the protocol header of every request.
 */
public final class FakeHttpServer implements AutoCloseable {

    private final FakeServer server;
    private final HttpServer http;
    private final List<String> protocolHeaders = Collections.synchronizedList(new ArrayList<>());

    public FakeHttpServer(FakeServer server) throws IOException {
        this.server = server;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The {@code Fieldsync-Protocol} header of each request so far (null where absent). */
    public List<String> protocolHeaders() {
        return new ArrayList<>(protocolHeaders);
    }

    private void handle(HttpExchange exchange) throws IOException {
        protocolHeaders.add(exchange.getRequestHeaders().getFirst(SyncProtocol.HEADER));
        exchange.getResponseHeaders().add(SyncProtocol.HEADER, "1");
        String path = exchange.getRequestURI().getPath();
        String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] requestBody = readAll(exchange.getRequestBody());
        String text = new String(requestBody, StandardCharsets.UTF_8);
        try {
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/attachments/")) {
                String sha = path.substring("/api/attachments/".length());
                AttachmentState state;
                if ("HEAD".equals(method)) {
                    state = server.attachment(token, sha);
                    if (!state.complete() && state.received() == 0) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    exchange.getResponseHeaders().add("X-Fieldsync-Complete", Boolean.toString(state.complete()));
                    exchange.getResponseHeaders().add("X-Fieldsync-Received", Long.toString(state.received()));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                    return;
                }
                Path file = Files.createTempFile("upload", ".bin");
                Files.write(file, requestBody);
                state = server.upload(token, sha, file, 0);
                Files.delete(file);
                answer(exchange, 200, "{\"complete\":" + state.complete() + ",\"received\":" + state.received() + "}");
                return;
            }
            String body = switch (method + " " + path) {
                case "POST /api/auth/login" -> server.login(field(text, "username"), field(text, "password"), null);
                case "POST /api/auth/refresh" -> server.refresh(field(text, "refreshToken"));
                case "POST /api/devices" -> server.enrol(token, field(text, "name"), field(text, "publicKey"));
                case "POST /api/sync/push" -> server.push(token, text);
                case "GET /api/sync/changes" -> server.changes(token, Long.parseLong(query.get("since")), query.get("scope"),
                        Integer.parseInt(query.get("limit")));
                case "GET /api/sync/limits" -> server.limits(token);
                default -> path.startsWith("/api/conflicts/") ? server.conflict(token, path.substring("/api/conflicts/".length())) : null;
            };
            if (body == null) {
                answer(exchange, 404, "{\"code\":\"not_found\",\"message\":\"no " + path + "\"}");
            } else {
                answer(exchange, 200, body);
            }
        } catch (ServerRefusedException e) {
            answer(exchange, e.httpStatus(), "{\"code\":\"" + e.code() + "\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}");
        } catch (FieldsyncException e) {
            exchange.close(); // the fake's network is down: cut the connection
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String field(String json, String name) {
        com.google.gson.JsonObject o = FakeServer.json(json);
        return o.has(name) ? o.get(name).getAsString() : null;
    }

    private static String bearer(String header) {
        return header == null ? null : header.substring("Bearer ".length());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                map.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return map;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
