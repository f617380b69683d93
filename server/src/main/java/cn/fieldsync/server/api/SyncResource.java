package cn.fieldsync.server.api;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.app.ServerResources;
import cn.fieldsync.server.identity.Role;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.observe.FieldsyncMetrics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import cn.fieldsync.server.sync.ChangePage;
import cn.fieldsync.server.sync.SyncService;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The sync protocol (docs/protocol.md): push, the change feed, and the rejected-operations log. */
@ApplicationScoped
@Path("/api/sync")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    static final int MAX_OPERATIONS = 1000;
    static final int PUSH_LIMIT = 32 * 1024 * 1024;
    /** The operations are checked one by one where they are applied (a bad one refuses itself, not the batch). */
    private static final RequestShape PUSH = RequestShape.of(RequestShape.any("operations"), RequestShape.any("released"));

    @Inject
    SyncService sync;

    @Inject
    CallerContext caller;

    @Inject
    ServerResources resources;

    @Inject
    FieldsyncMetrics metrics;

    /**
     * What this server accepts, so a device can refuse offline what would be refused at sync:
     * {@code {"attachmentMaxBytes": bytes, "maxOperationsPerPush": n, "requestEncodings": ["gzip"], "zone": "Asia/Shanghai"}}
     * — a device may send its push gzip-compressed ({@link Compression}) once it has read the last.
     */
    @GET
    @Path("limits")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response limits() {
        JsonObject answer = new JsonObject();
        answer.addProperty("attachmentMaxBytes", resources.settings().attachmentMaxBytes());
        answer.addProperty("maxOperationsPerPush", MAX_OPERATIONS);
        com.google.gson.JsonArray encodings = new com.google.gson.JsonArray();
        encodings.add("gzip");
        answer.add("requestEncodings", encodings);
        // the zone days and times are counted and shown in (fieldsync.zone): a device shows its times in it too
        answer.addProperty("zone", resources.recordService().zone().getId());
        return Response.ok(answer.toString()).build();
    }

    /**
     * Body {@code {"operations":[...]}} in outbox order; answers {@code {"answers":[...]}}, one
     * per operation in the same order.
     */
    @POST
    @Path("push")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(value = Role.INSPECTOR, revokedDevice = true, refusal = "pushInspectorsOnly")
    public Response push(InputStream body) {
        JsonObject request = RequestBodies.carryingRecords(body, PUSH_LIMIT, PUSH);
        JsonElement operations = request.get("operations");
        if (operations == null || !operations.isJsonArray()) {
            throw new FieldsyncException(ErrorCode.INVALID_OPERATION, "/operations", Labels.say("pushNeedsOperations", "operations"));
        }
        if (operations.getAsJsonArray().size() > MAX_OPERATIONS) {
            throw new FieldsyncException(ErrorCode.PAYLOAD_TOO_LARGE, "/operations",
                    Labels.say("pushTooMany", MAX_OPERATIONS));
        }
        if (request.get("released") instanceof JsonElement released) {
            sync.release(caller.get(), QueryParams.uuids("/released", released, MAX_OPERATIONS));
        }
        long start = System.nanoTime();
        List<String> answers = sync.push(caller.get(), operations.getAsJsonArray());
        metrics.pushed(System.nanoTime() - start, answers.stream().map(SyncResource::outcome).toList());
        // answers are joined as text: a duplicate's original answer must reach the device byte for byte;
        // sent as UTF-8 bytes, encoded at once rather than through the String writer's character stream
        return Response.ok(("{\"answers\":[" + String.join(",", answers) + "]}").getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * @param scope the {@code scope} of the previous page: when the caller's scope has changed
     *              since, the feed starts again with {@code "reset":true}
     */
    @GET
    @Path("changes")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response changes(@QueryParam("since") String since, @QueryParam("scope") String scope,
                            @QueryParam("limit") String limit) {
        long cursor;
        try {
            cursor = since == null || since.isEmpty() ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            cursor = -1;
        }
        if (cursor < 0) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "since", Labels.say("sinceCursor", Named.field("since"), "nextCursor"));
        }
        long start = System.nanoTime();
        ChangePage page = sync.changes(caller.get(), cursor, scope, QueryParams.limit(limit == null ? "500" : limit));
        metrics.pulled(System.nanoTime() - start, page.changes().size());
        // streamed change by change (ChangePage): the database work is done, only writing is left
        StreamingOutput body = out -> {
            java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 16 * 1024);
            page.writeTo(buffered);
            buffered.flush();
        };
        return Response.ok(body).build();
    }

    /**
     * Operations the server cannot take yet ({@code "final": false} refusals: their record, an
     * earlier operation, a record they point at or their attachment has not arrived, or they are
     * outside the user's scope for now), oldest first; each stays on its device, which sends it
     * again at every sync.
     */
    @GET
    @Path("held")
    @Allowed(Role.ADMIN)
    public Response held(@QueryParam("device") String device, @QueryParam("limit") String limit) {
        JsonObject answer = new JsonObject();
        answer.add("items", sync.held(QueryParams.uuid("device", device), QueryParams.limit(limit)));
        return Response.ok(answer.toString()).build();
    }

    @GET
    @Path("rejected")
    @Allowed(Role.ADMIN)
    public Response rejected(@QueryParam("device") String device, @QueryParam("limit") String limit) {
        JsonObject answer = new JsonObject();
        answer.add("items", sync.rejected(QueryParams.uuid("device", device), QueryParams.limit(limit)));
        return Response.ok(answer.toString()).build();
    }

    /**
     * The outcome of one push answer for the metrics: its {@code status} (the first one: a
     * duplicate's original answer comes after it), with a not-final refusal counted as {@code held}.
     * Read from the text the device receives, which is written without a JSON tree.
     */
    static String outcome(String answer) {
        Matcher m = STATUS.matcher(answer);
        String status = m.find() ? m.group(1) : "unknown";
        return status.equals("rejected") && answer.contains("\"final\":false") ? "held" : status;
    }

    /** How many changes a change-feed page carries: each is an object that starts with its {@code seq}. */
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]+)\"");
}
