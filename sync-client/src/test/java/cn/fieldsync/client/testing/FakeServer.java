package cn.fieldsync.client.testing;

import cn.fieldsync.client.AttachmentState;
import cn.fieldsync.client.ServerUnreachableException;
import cn.fieldsync.client.SyncProtocol;
import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.Uuids;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The test boundary of the library's own suite: an in-memory server speaking the sync protocol's
 * bodies (docs/protocol.md) through the {@link SyncTransport} seam, so the device's state
 * machine, seams, cancellation and listeners are tested without the server module (which
 * depends on nothing here; the end-to-end tests against the real server live there). It
 * applies every operation as the real server would when nothing is wrong; a test makes it refuse,
 * hold or conflict with {@link #answerWith}. Thread-safe.
 */
public final class FakeServer implements SyncTransport {

    public static final String PASSWORD = "inspector-password";
    /** A unit the server holds from the start: the device gets it at its first pull. */
    public static final String UNIT = "0190a1b2-0000-7000-8000-00000000a001";

    private final Map<String, JsonObject> records = new LinkedHashMap<>();
    private final List<String> feed = new ArrayList<>();
    private final Map<String, Long> files = new LinkedHashMap<>();
    private Function<JsonObject, JsonObject> answers = op -> null;
    private boolean reachable = true;
    private boolean protocolTooOld;
    private int pushRequests;
    private int tokenGeneration;

    public FakeServer() {
        JsonObject unit = json("{\"name\":\"栖霞市某化工有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
        store(UNIT, "unit", unit, false);
    }

    /** Answers operations with this function first; null from it means "apply as usual". */
    public synchronized FakeServer answerWith(Function<JsonObject, JsonObject> answer) {
        this.answers = answer;
        return this;
    }

    /** Off: every request fails as a network down would. */
    public synchronized void reachable(boolean on) {
        this.reachable = on;
    }

    /** On: every request is refused as from a client older than the server supports (426). */
    public synchronized void protocolTooOld(boolean on) {
        this.protocolTooOld = on;
    }

    /** A record changed on the server by someone else: the device gets it at its next pull. */
    public synchronized void changeOnServer(String id, String type, JsonObject fields) {
        JsonObject current = records.containsKey(id) ? fieldsOf(records.get(id)) : new JsonObject();
        fields.entrySet().forEach(e -> current.add(e.getKey(), e.getValue()));
        store(id, type, current, false);
    }

    public synchronized JsonObject record(String id) {
        return records.containsKey(id) ? records.get(id).deepCopy() : null;
    }

    public synchronized int recordCount(String type) {
        return (int) records.values().stream().filter(r -> r.get("type").getAsString().equals(type)).count();
    }

    public synchronized int pushRequests() {
        return pushRequests;
    }

    private void check() {
        if (!reachable) {
            throw new ServerUnreachableException("cannot reach the fake server (network down)", null);
        }
        if (protocolTooOld) {
            throw SyncProtocol.refusal(426, "{\"code\":\"protocol_unsupported\",\"message\":\"此版本过旧，请更新应用\"}");
        }
    }

    private String tokens() {
        tokenGeneration++;
        return "{\"token\":\"t" + tokenGeneration + "\",\"refreshToken\":\"r" + tokenGeneration
                + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\",\"refreshExpiresAt\":\"2099-01-31T00:00:00Z\"}";
    }

    @Override
    public synchronized String login(String username, String password, String deviceId) {
        check();
        if (!PASSWORD.equals(password)) {
            throw SyncProtocol.refusal(401, "{\"code\":\"invalid_credentials\",\"message\":\"The user name or the password is wrong\"}");
        }
        return tokens();
    }

    @Override
    public synchronized String refresh(String refreshToken) {
        check();
        if (!("r" + tokenGeneration).equals(refreshToken)) {
            throw SyncProtocol.refusal(401, "{\"code\":\"unauthenticated\",\"message\":\"the login has ended\"}");
        }
        return tokens();
    }

    /** Ends every session: the next request answers 401 and the refresh is refused too. */
    public synchronized void endSessions() {
        tokenGeneration += 100;
    }

    private void bearer(String token) {
        if (!("t" + tokenGeneration).equals(token)) {
            throw SyncProtocol.refusal(401, "{\"code\":\"token_expired\",\"message\":\"expired\"}");
        }
    }

    @Override
    public synchronized String enrol(String token, String deviceName, String publicKey) {
        check();
        bearer(token);
        return "{\"id\":\"" + Uuids.v7() + "\",\"name\":\"" + deviceName + "\"}";
    }

    @Override
    public synchronized String push(String token, String requestJson) {
        check();
        bearer(token);
        pushRequests++;
        JsonObject request = json(requestJson);
        JsonArray out = new JsonArray();
        for (JsonElement element : request.getAsJsonArray("operations")) {
            JsonObject op = element.getAsJsonObject();
            JsonObject answer = answers.apply(op);
            out.add(answer != null ? answer : apply(op));
        }
        JsonObject body = new JsonObject();
        body.add("answers", out);
        return body.toString();
    }

    private JsonObject apply(JsonObject op) {
        String id = op.get("id").getAsString();
        JsonObject fields = records.containsKey(id) ? fieldsOf(records.get(id)) : new JsonObject();
        op.getAsJsonObject("fields").entrySet().forEach(e -> {
            if (e.getValue().isJsonNull()) {
                fields.remove(e.getKey());
            } else {
                fields.add(e.getKey(), e.getValue());
            }
        });
        JsonObject stored = store(id, op.get("type").getAsString(), fields, op.has("delete") && op.get("delete").getAsBoolean());
        JsonObject answer = new JsonObject();
        answer.addProperty("opId", op.get("opId").getAsString());
        answer.addProperty("status", "applied");
        answer.addProperty("version", stored.get("version").getAsInt());
        return answer;
    }

    private JsonObject store(String id, String type, JsonObject fields, boolean deleted) {
        JsonObject record = fields.deepCopy();
        record.addProperty("id", id);
        record.addProperty("type", type);
        record.addProperty("version", records.containsKey(id) ? records.get(id).get("version").getAsInt() + 1 : 1);
        record.addProperty("deleted", deleted);
        records.put(id, record);
        feed.add(id);
        return record;
    }

    private static JsonObject fieldsOf(JsonObject record) {
        JsonObject fields = record.deepCopy();
        for (String envelope : new String[] {"id", "type", "version", "deleted"}) {
            fields.remove(envelope);
        }
        return fields;
    }

    @Override
    public synchronized String changes(String token, long since, String scope, int limit) {
        check();
        bearer(token);
        JsonArray changes = new JsonArray();
        long next = since;
        for (int seq = (int) since; seq < feed.size() && changes.size() < limit; seq++) {
            JsonObject change = new JsonObject();
            change.add("record", records.get(feed.get(seq)).deepCopy());
            changes.add(change);
            next = seq + 1;
        }
        JsonObject page = new JsonObject();
        page.add("changes", changes);
        page.addProperty("nextCursor", Long.toString(next));
        page.addProperty("hasMore", next < feed.size());
        return page.toString();
    }

    @Override
    public synchronized String limits(String token) {
        check();
        bearer(token);
        return "{\"attachmentMaxBytes\":1000000}";
    }

    @Override
    public synchronized String conflict(String token, String id) {
        check();
        bearer(token);
        return "{\"id\":\"" + id + "\",\"status\":\"OPEN\",\"fields\":{}}";
    }

    @Override
    public synchronized AttachmentState attachment(String token, String sha256) {
        check();
        bearer(token);
        return files.containsKey(sha256) ? new AttachmentState(true, files.get(sha256)) : new AttachmentState(false, 0);
    }

    @Override
    public synchronized AttachmentState upload(String token, String sha256, Path file, long offset) {
        check();
        bearer(token);
        try {
            long size = Files.size(file);
            files.put(sha256, size);
            return new AttachmentState(true, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text as a Gson object; a test's own JSON is well formed. */
    public static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new AssertionError(e);
        }
    }

    /** A valid hidden danger of {@link #UNIT} with this description, as JSON text. */
    public static String hazard(String description) {
        return "{\"unitId\":\"" + UNIT + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"" + description
                + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}";
    }
}
