package cn.fieldsync.client.app;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.schemas.InspectionSignatures;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.VisibleText;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The inspector's app: the web pages under {@code web/} and a small local JSON API over the
 * device store, served on the loopback address only.
 *
 * <p>The store holds evidence, so the API answers only the page it served: the server binds to
 * 127.0.0.1; a request must name this address in {@code Host} (a DNS-rebinding page names its own
 * host) and, when the browser sends {@code Origin}, this origin; every API call carries this
 * launch's token in {@code X-Fieldsync-Token}, handed to the browser once in the address printed
 * at start ({@code /?launch=TOKEN}) and kept by the page in the tab's {@code sessionStorage} (its
 * own origin, port included; a cookie would go to every server on 127.0.0.1 as well). An embedding
 * app, e.g. an Android WebView host, sends the same header. Another local user or a web page
 * elsewhere gets 403.
 *
 * <p>API, all JSON in UTF-8 (errors {@code {"message": "…", "problems": [{"field", "message"}]}}):
 * {@code GET /api/state}, {@code GET /api/labels}, {@code POST /api/enrol}, {@code POST /api/login},
 * {@code GET /api/units}, {@code GET /api/persons}, {@code GET /api/records},
 * {@code GET|PATCH /api/records/{id}}, {@code POST /api/check/{type}}, {@code POST /api/records/{type}},
 * {@code POST /api/records/{id}/photos} (the image bytes), {@code …/signatures}, {@code …/seal},
 * {@code …/refusal}, {@code …/resend}, {@code …/withdraw}, {@code …/delete} (discard a draft), {@code GET …/amendment} (a sealed
 * refused record's content as a new draft) and {@code POST …/amend} (the corrected draft: answers the new id), {@code GET /api/withdrawn}, {@code GET|POST /api/sync}.
 */
public final class InspectorApp implements AutoCloseable {

    private static final String WEB = "cn/fieldsync/client/app/web/";
    /** The largest photo the page may send in one request; the server's own limit is checked by the store. */
    private static final int MAX_BODY = 40 * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json; charset=utf-8", "webmanifest", "application/manifest+json",
            "svg", "image/svg+xml", "png", "image/png");

    private final DeviceStore store;
    /** Shown on the enrol page: a mistyped --store makes a new store, and the inspector should see where. */
    private final Path storeDir;
    private final SyncRunner sync;
    private final HttpServer server;
    private final String token;

    private InspectorApp(Path storeDir, int port) throws IOException {
        // the port first: a port in use must not leave a store opened (or made) behind
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.store = new DeviceStore(storeDir);
        this.storeDir = storeDir.toAbsolutePath().normalize();
        this.sync = new SyncRunner(store);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fieldsync-app-http");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Opens the store and starts serving; {@code port} 0 picks a free one. */
    public static InspectorApp start(Path storeDir, int port) throws IOException {
        InspectorApp app = new InspectorApp(storeDir, port);
        // a correction the app was killed in the middle of is finished before anything is shown
        app.store.finishAmendments();
        app.server.start();
        return app;
    }

    /** The address to open: it carries this launch's token once, which the page keeps in the tab's sessionStorage. */
    public URI launchAddress() {
        return URI.create(origin() + "/?launch=" + token);
    }

    private String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        sync.close();
        store.close();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!fromThisPage(x)) {
                send(x, 403, error("只接受本机应用页面的请求"));
                return;
            }
            String path = x.getRequestURI().getPath();
            if (path.startsWith("/api/")) {
                if (!carriesToken(x)) {
                    send(x, 403, error("请从 fieldsync app 启动时显示的地址打开应用（本次启动的凭证缺失或已过期）"));
                    return;
                }
                try {
                    api(x, path.substring("/api".length()));
                } catch (Refused r) {
                    send(x, r.status, r.body);
                } catch (FieldsyncException e) {
                    send(x, e.retriable() ? 503 : 422, error(new RecordViews(store).words(e.getMessage())));
                } catch (RuntimeException e) {
                    send(x, 500, error("应用内部错误：" + e));
                }
                return;
            }
            // the launch address (/?launch=TOKEN) is the page itself: its script keeps the token in the
            // tab's sessionStorage, which belongs to this origin (port included) alone, never in a cookie,
            // which the browser would also send to every other server on 127.0.0.1
            staticFile(x, "/".equals(path) ? "index.html" : path.substring(1));
        }
    }

    /** Host names this server (not a rebinding name); Origin, when sent, is this origin. */
    private boolean fromThisPage(HttpExchange x) {
        int port = server.getAddress().getPort();
        String host = x.getRequestHeaders().getFirst("Host");
        if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
            return false;
        }
        String origin = x.getRequestHeaders().getFirst("Origin");
        return origin == null || origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port);
    }

    private boolean carriesToken(HttpExchange x) {
        String header = x.getRequestHeaders().getFirst("X-Fieldsync-Token");
        return header != null && same(header, token);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private void staticFile(HttpExchange x, String name) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9.-]*") || !"GET".equals(x.getRequestMethod())) {
            send(x, 404, error("没有这个页面"));
            return;
        }
        try (InputStream in = InspectorApp.class.getClassLoader().getResourceAsStream(WEB + name)) {
            if (in == null) {
                send(x, 404, error("没有这个页面"));
                return;
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            x.getResponseHeaders().add("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            x.getResponseHeaders().add("Cache-Control", "no-cache");
            x.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
            x.getResponseHeaders().add("Referrer-Policy", "no-referrer"); // the launch address carries the token
            x.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
            x.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void api(HttpExchange x, String path) throws IOException {
        String method = x.getRequestMethod();
        String[] parts = path.substring(1).split("/");
        // a route that names a type or an id needs it: /api/records/ with nothing after is not a Java exception
        boolean needsSecond = parts[0].equals("check") || parts[0].equals("records") && !"GET".equals(method);
        if (needsSecond && (parts.length < 2 || parts[1].isEmpty())) {
            throw new Refused(404, error("没有这个接口：" + method + " " + path));
        }
        switch (method + " " + parts[0]) {
            case "GET state" -> send(x, 200, state());
            case "GET labels" -> send(x, 200, Labels.json());
            case "POST enrol" -> {
                JsonObject in = body(x);
                String server = required(in, "server", "服务器地址");
                String deviceName = required(in, "deviceName", "设备名称");
                String user = required(in, "user", "用户名");
                String password = required(in, "password", "密码");
                try {
                    store.enrol(server, deviceName, user, password);
                } catch (FieldsyncException e) {
                    throw new Refused(e.retriable() ? 503 : 422, error(enrolWords(server, e)));
                }
                send(x, 200, state());
            }
            case "POST login" -> {
                JsonObject in = body(x);
                store.login(required(in, "user", "用户名"), required(in, "password", "密码"));
                send(x, 200, state());
            }
            case "GET units" -> send(x, 200, VisibleText.of(bodies(RecordType.UNIT)));
            case "GET persons" -> send(x, 200, bodies(RecordType.PERSON));
            case "GET records" -> {
                if (parts.length == 1) {
                    store.finishAmendments();
                    // shown, not edited: text made visible as the command line shows it (VisibleText), the store unchanged
                    send(x, 200, VisibleText.of(new RecordViews(store).list(store)));
                } else if (parts.length == 3 && "amendment".equals(parts[2])) {
                    JsonObject amendment = store.amendment(parts[1]);
                    if (amendment.has("reason")) {
                        amendment.addProperty("reason", new RecordViews(store).plain(amendment.get("reason").getAsString()));
                    }
                    send(x, 200, amendment);
                } else {
                    RecordViews views = new RecordViews(store);
                    Optional<LocalRecord> found = store.get(parts[1]).filter(r -> !r.deleted() || views.withdrawnView(store, parts[1]).isEmpty());
                    if (found.isEmpty()) {
                        // withdrawn and gone from the lists: its page still shows all it said
                        JsonObject withdrawn = views.withdrawnView(store, parts[1]).orElseThrow(() -> FieldsyncException.noRecord(parts[1]));
                        JsonObject record = withdrawn.remove("record").getAsJsonObject();
                        JsonObject answer = VisibleText.of(withdrawn).getAsJsonObject();
                        answer.add("record", record);
                        answer.add("shown", VisibleText.of(record));
                        RecordType.fromWireName(RecordViews.text(record, "type"))
                                .ifPresent(t -> answer.add("fieldNames", fieldNames(t, record)));
                        send(x, 200, answer);
                        return;
                    }
                    LocalRecord r = found.get();
                    // what the page shows is visible text; "record" stays as stored, for the forms that edit it
                    JsonObject answer = VisibleText.of(views.view(r)).getAsJsonObject();
                    answer.add("record", r.toJson());
                    answer.add("shown", VisibleText.of(r.toJson()));
                    answer.add("fieldNames", fieldNames(r.type(), r.body()));
                    // what a signature here confirms (安全生产法 art 68): the sign page sends it back, and a sign or seal
                    // over content that changed since the page was drawn is refused (signedContentMatches)
                    answer.addProperty("signedContent", cn.fieldsync.schemas.SignedContent.sha256(r.body()));
                    if (r.type() == RecordType.INSPECTION) {
                        answer.add("raised", RecordViews.raisedFrom(store, r.id()));
                        // which listed officers signed, counted as the seal check counts them (by certificate number)
                        JsonArray signed = new JsonArray();
                        InspectionSignatures.signedOfficers(r.body()).forEach(signed::add);
                        answer.add("signedInspectors", signed);
                    }
                    send(x, 200, answer);
                }
            }
            case "POST check" -> send(x, 200, problems(type(parts[1]), body(x)));
            case "POST records" -> recordAction(x, parts);
            case "PATCH records" -> {
                Map<String, JsonElement> fields = new LinkedHashMap<>();
                body(x).entrySet().forEach(e -> fields.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue()));
                store.edit(parts[1], fields);
                send(x, 200, ok(parts[1]));
            }
            case "GET withdrawn" -> send(x, 200, VisibleText.of(new RecordViews(store).withdrawn(store)));
            case "GET sync" -> send(x, 200, sync.state());
            case "POST sync" -> send(x, 200, sync.start());
            default -> send(x, 404, error("没有这个接口：" + method + " " + path));
        }
    }

    private void recordAction(HttpExchange x, String[] parts) throws IOException {
        if (parts.length == 2) {
            RecordType type = type(parts[1]);
            send(x, 201, ok(store.create(type, valid(type, body(x)))));
            return;
        }
        String id = parts[1];
        String action = parts.length > 2 ? parts[2] : "";
        switch (action) {
            case "photos" -> {
                Map<String, String> q = query(x);
                byte[] bytes = bytes(x);
                if (bytes.length == 0) {
                    throw new Refused(422, error("照片是空的，请重拍"));
                }
                JsonObject location = null;
                if (q.containsKey("lat") && q.containsKey("lon")) {
                    location = new JsonObject();
                    location.addProperty("lat", coordinate(q.get("lat"), "纬度"));
                    location.addProperty("lon", coordinate(q.get("lon"), "经度"));
                    if (q.containsKey("accuracy")) {
                        location.addProperty("accuracyM", Math.round(coordinate(q.get("accuracy"), "定位精度")));
                    }
                }
                String mediaType = x.getRequestHeaders().getFirst("Content-Type");
                String sha = store.addPhoto(id, bytes, mediaType == null || !mediaType.startsWith("image/") ? "image/jpeg" : mediaType,
                        Instant.now(), location, q.get("item"));
                JsonObject answer = ok(id);
                answer.addProperty("sha256", sha);
                send(x, 201, answer);
            }
            case "signatures" -> {
                JsonObject in = body(x);
                signedContentMatches(id, in);
                store.signAsInspector(id, required(in, "name", "签名人姓名"), optional(in, "certificateNumber"), image(in));
                send(x, 200, ok(id));
            }
            case "seal" -> {
                JsonObject in = body(x);
                signedContentMatches(id, in);
                store.seal(id, required(in, "name", "签字人姓名"), optional(in, "position"), image(in));
                send(x, 200, ok(id));
            }
            case "refusal" -> {
                JsonObject in = body(x);
                signedContentMatches(id, in);
                store.sealRefused(id, required(in, "refusedBy", "拒签人姓名"), required(in, "refusedByRole", "拒签人职务"),
                        required(in, "witness", "见证人姓名"));
                send(x, 200, ok(id));
            }
            case "resend" -> {
                store.resend(id);
                send(x, 200, ok(id));
            }
            case "amend" -> {
                RecordType type = store.get(id).map(LocalRecord::type).orElseThrow(() -> FieldsyncException.noRecord(id));
                send(x, 201, ok(store.amend(id, valid(type, body(x)))));
            }
            case "delete" -> {
                store.delete(id);
                send(x, 200, ok(id));
            }
            case "withdraw" -> {
                store.withdraw(id, optional(body(x), "note"));
                send(x, 200, ok(id));
            }
            default -> send(x, 404, error("没有这个操作：" + action));
        }
    }

    /**
     * Why enrolling failed, as the inspector can act on it: a server that does not answer (what
     * to check) or an address that is not the server's (a page of it, e.g. .../console); the
     * library's own words otherwise.
     */
    static String enrolWords(String server, FieldsyncException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e.retriable() || m.contains("ConnectException") || m.contains("UnknownHost") || m.contains("timed out")) {
            return "连不上服务器 " + server + "：请检查 ① 服务器地址是否抄写正确（含 http:// 或 https:// 和端口号）；"
                    + "② 本设备是否已连上网络；③ 服务器是否正在运行（可请管理员在电脑上打开该地址确认）。";
        }
        if (m.contains("(404)") || m.contains("Endpoint not found")) {
            return "地址 " + server + " 不是 fieldsync 服务器的接入地址：请只填服务器的根地址（如 https://服务器:8080），"
                    + "不要带 /console 等网页路径；不清楚时请向管理员索取。";
        }
        return RecordViews.said(e);
    }

    /** The Chinese name of each field of the record, as the device's own checks name it ({@link PlainWords#fieldName}). */
    private static JsonObject fieldNames(RecordType type, JsonObject body) {
        JsonObject names = new JsonObject();
        body.keySet().forEach(f -> names.addProperty(f, PlainWords.fieldName(type, "/" + f)));
        return names;
    }

    private JsonObject state() {
        var s = store.status();
        JsonObject state = new JsonObject();
        state.addProperty("enrolled", s.deviceId() != null);
        state.addProperty("store", storeDir.toString());
        state.addProperty("server", s.server());
        state.addProperty("deviceName", s.deviceName());
        state.addProperty("pending", s.pendingOperations());
        state.addProperty("lastSync", s.lastSync() == null ? null : s.lastSync().toString());
        state.addProperty("conflicts", s.openConflicts());
        state.addProperty("needsAttention", s.needsAttention());
        state.addProperty("waiting", s.waiting());
        state.addProperty("today", java.time.LocalDate.now(store.zone()).toString());
        // the page shows and reads every time in this zone, whatever the phone's own zone is
        state.addProperty("zone", store.zone().getId());
        state.add("sync", sync.state());
        return state;
    }

    private JsonArray bodies(RecordType type) {
        JsonArray array = new JsonArray();
        for (LocalRecord r : store.list(type)) {
            if (!r.deleted()) {
                array.add(r.toJson());
            }
        }
        return array;
    }

    private JsonObject problems(RecordType type, JsonObject document) {
        JsonArray list = new JsonArray();
        for (PlainWords.Problem p : PlainWords.check(type, document, store.zone())) {
            JsonObject o = new JsonObject();
            o.addProperty("field", p.field());
            o.addProperty("message", p.message());
            list.add(o);
        }
        if (list.size() == 0) {
            // the dates the save refuses (in the future, before the earliest day) are named as the inspector types too
            // (a tester's finding: the live check said nothing of 2099, and the save refused it as a bare message)
            try {
                Instant now = Instant.now();
                java.util.Optional<cn.fieldsync.schemas.RecordChecks.Refusal> refusal = cn.fieldsync.schemas.RecordChecks.dates(type, document, now, store.zone());
                if (!refusal.isPresent()) {
                    refusal = cn.fieldsync.schemas.RecordChecks.recordedTimes(document, "", now, store.zone());
                }
                refusal.ifPresent(r -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("field", r.pointer());
                    o.addProperty("message", r.message());
                    list.add(o);
                });
            } catch (RuntimeException e) {
                // a document the rule cannot read is the save's to refuse, with its own words
            }
        }
        JsonObject answer = new JsonObject();
        answer.add("problems", list);
        return answer;
    }

    /**
     * A signature confirms what its signer saw (安全生产法 art 68): the sign page sends the {@code signedContent} of the
     * record it showed, and when the record's content has changed since — a background sync brought another device's
     * edit, say — nothing is signed (a third tester's finding: an inspection sealed with the other device's "一切正常"
     * after the page showed "消防通道被物料堵塞"). Signatures themselves are not content: the second officer signs
     * beside the first. A request without it (an older page) is taken as before.
     */
    private void signedContentMatches(String id, JsonObject in) {
        String seen = optional(in, "signedContent");
        if (seen == null) {
            return;
        }
        LocalRecord record = store.get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
        if (!seen.equals(cn.fieldsync.schemas.SignedContent.sha256(record.body()))) {
            throw new InputRefusedException("记录内容在签字页打开后已变更（例如同步收到了其他设备的修改）：请重新查看内容，确认后再签字；本次未签字");
        }
    }

    /** The document, or a refusal naming each problem at its field, before anything is stored. */
    private JsonObject valid(RecordType type, JsonObject document) {
        JsonObject problems = problems(type, document);
        if (!problems.getAsJsonArray("problems").isEmpty()) {
            problems.addProperty("message", "还有 " + problems.getAsJsonArray("problems").size() + " 处需要修改");
            throw new Refused(422, problems);
        }
        return document;
    }

    /** A number from the page's query (GPS figures); a bad one is refused in words, never a Java exception. */
    private static double coordinate(String text, String what) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused(422, error(what + "应为数字，收到的是：" + text));
    }

    private static RecordType type(String name) {
        return RecordType.fromWireName(name).filter(t -> t == RecordType.INSPECTION || t == RecordType.HAZARD || t == RecordType.PLEDGE)
                .orElseThrow(() -> new Refused(404, error("应用不录入这类记录：" + name)));
    }

    private static byte[] image(JsonObject in) {
        String data = required(in, "image", "手写签名");
        int comma = data.indexOf(',');
        try {
            byte[] png = Base64.getDecoder().decode(comma >= 0 ? data.substring(comma + 1) : data);
            if (png.length < 100) {
                throw new Refused(422, error("签名是空的，请在框内签名"));
            }
            return png;
        } catch (IllegalArgumentException e) {
            throw new Refused(422, error("签名图片无法读取，请重签"));
        }
    }

    private static String required(JsonObject in, String field, String name) {
        String value = optional(in, field);
        if (value == null || value.isBlank()) {
            JsonObject problem = new JsonObject();
            problem.addProperty("field", field);
            problem.addProperty("message", name + "：请填写此项（必填）");
            JsonArray problems = new JsonArray();
            problems.add(problem);
            JsonObject body = error(name + "：请填写此项（必填）");
            body.add("problems", problems);
            throw new Refused(422, body);
        }
        return value.strip();
    }

    private static String optional(JsonObject in, String field) {
        String value = JsonFields.text(in, field);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static JsonObject ok(String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        return o;
    }

    static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("message", message);
        return o;
    }

    private static JsonObject body(HttpExchange x) throws IOException {
        String text = new String(bytes(x), StandardCharsets.UTF_8);
        try {
            return text.isBlank() ? new JsonObject() : StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new Refused(400, error("请求内容不是有效的 JSON：" + PlainWords.malformed(e)));
        }
    }

    private static byte[] bytes(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Refused(413, error("文件太大（超过 40 MB）"));
            }
            return bytes;
        }
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> q = new HashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange x, int status, JsonElement body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.getResponseHeaders().add("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An answer other than success, decided before anything was changed. */
    private static final class Refused extends RuntimeException {
        private final int status;
        private final JsonObject body;

        Refused(int status, JsonObject body) {
            super(body.toString(), null, false, false);
            this.status = status;
            this.body = body;
        }
    }
}
