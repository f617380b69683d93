package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.record.RecordService;

import cn.fieldsync.server.identity.Role;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.sync.ConflictService;
import cn.fieldsync.server.sync.SyncService;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;

/** Sync conflicts for administrators: list, read, resolve. */
@ApplicationScoped
@Path("/api/conflicts")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictsResource {

    /** {@code values} are the record's fields, checked against its schema when the resolution is applied. */
    private static final RequestShape RESOLUTION = RequestShape.of(RequestShape.text("resolution"), RequestShape.any("values"),
            RequestShape.any("version"), RequestShape.any("deviceVersion"));

    /** A conflict's ETag as sent back: "N" or "N.D", quoted or not, weak or strong. */
    private static final java.util.regex.Pattern CONFLICT_TAG = java.util.regex.Pattern.compile("(?:W/)?\"?([0-9]{1,10})(?:\\.([0-9]{1,10}))?\"?");

    @Inject
    SyncService sync;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    @GET
    @Allowed(Role.ADMIN)
    public Response list(@QueryParam("status") String status, @QueryParam("record") String record,
                         @QueryParam("device") String device, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        return Response.ok(sync.conflicts().list(
                QueryParams.matching("status", status, "OPEN|RESOLVED",
                        Labels.say("oneOf", Labels.named("conflictStatus", List.of("OPEN", "RESOLVED")))),
                QueryParams.uuid("record", record), QueryParams.uuid("device", device),
                QueryParams.uuid("cursor", cursor), QueryParams.limit(limit)).toString()).build();
    }

    /**
     * A device reads the conflict its push opened; anyone may read a conflict of a record they see.
     * The ETag is what a resolution decided on this view carries: the record's current version
     * ({@code "3"}), and once an edit of the same device has joined the conflict, its
     * {@code deviceVersion} too ({@code "3.2"}).
     */
    @GET
    @Path("{id}")
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response get(@PathParam("id") String id) {
        JsonObject conflict = sync.conflicts().get(id);
        if (!caller.get().is(Role.ADMIN)) {
            try {
                records.get(caller.get(), RecordType.fromWireName(conflict.get("recordType").getAsString()).orElseThrow(),
                        conflict.get("recordId").getAsString());
            } catch (FieldsyncException e) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("conflictNotFound", id));
            }
        }
        Response.ResponseBuilder answer = Response.ok(conflict.toString());
        if (conflict.has("currentVersion")) {
            answer.tag(tag(conflict.get("currentVersion").getAsInt(), conflict.get("deviceVersion").getAsInt()));
        }
        return answer.build();
    }

    /**
     * {@code {"resolution":"SERVER"}}, {@code {"resolution":"DEVICE"}} or
     * {@code {"resolution":"MERGED","values":{...}}}, with the record version the decision was made
     * on — the conflict's {@code currentVersion} — as {@code If-Match: "N"} or {@code "version":N}
     * (both may be given if they agree). Without it: 428 version_required; when the record has
     * changed since: 409 stale_resolution and nothing is written.
     */
    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response resolve(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
        // "N" or "N.D": the record's version, and the count of the device's operations the conflict held
        Integer headerVersion = null;
        Integer headerDevice = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            java.util.regex.Matcher tag = CONFLICT_TAG.matcher(ifMatch.trim());
            if (!tag.matches() || Long.parseLong(tag.group(1)) < 1 || Long.parseLong(tag.group(1)) > Integer.MAX_VALUE
                    || tag.group(2) != null && (Long.parseLong(tag.group(2)) < 1 || Long.parseLong(tag.group(2)) > Integer.MAX_VALUE)) {
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "If-Match", Labels.say("conflictIfMatch", "If-Match", "ETag"));
            }
            headerVersion = Integer.valueOf(tag.group(1));
            headerDevice = tag.group(2) == null ? null : Integer.valueOf(tag.group(2));
        }
        JsonObject request = RequestBodies.carryingRecords(body, RecordsResource.RECORD_LIMIT, RESOLUTION);
        JsonElement resolution = request.get("resolution");
        ConflictService.Resolution chosen;
        try {
            chosen = ConflictService.Resolution.valueOf(resolution == null ? "" : resolution.getAsString());
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/resolution", Named.oneOf("resolution",
                    resolution == null || !resolution.isJsonPrimitive() ? null : resolution.getAsString(), "conflictResolutions",
                    List.of("SERVER", "DEVICE", "MERGED")));
        }
        JsonElement values = request.get("values");
        if (values != null && values.isJsonNull()) {
            values = null;
        }
        if (values != null && !values.isJsonObject()) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values", Labels.say("mergedValuesShape", Named.field("values")));
        }
        if (values != null && chosen != ConflictService.Resolution.MERGED) {
            // taken, they would have been ignored: the administrator meant a merge, or sent the wrong button
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/values",
                    Labels.say("valuesOnlyForMerged", Named.field("values"), Labels.named("conflictResolutions", "MERGED"),
                            Labels.named("conflictResolutions", chosen.name())));
        }
        Integer bodyVersion = version(request.get("version"), "version", "currentVersion");
        if (headerVersion != null && bodyVersion != null && !headerVersion.equals(bodyVersion)) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/version",
                    Labels.say("resolutionVersionsDiffer", "If-Match", headerVersion, Named.field("version"), bodyVersion));
        }
        Integer bodyDevice = version(request.get("deviceVersion"), "deviceVersion", "deviceVersion");
        if (headerDevice != null && bodyDevice != null && !headerDevice.equals(bodyDevice)) {
            throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/deviceVersion",
                    Labels.say("resolutionVersionsDiffer", "If-Match", headerDevice, Named.field("deviceVersion"), bodyDevice));
        }
        Integer decidedOn = headerVersion != null ? headerVersion : bodyVersion;
        JsonObject resolved = sync.conflicts().resolve(id, chosen, values == null ? null : values.getAsJsonObject(),
                decidedOn, headerDevice != null ? headerDevice : bodyDevice, caller.get().username());
        return Response.ok(resolved.toString()).build();
    }

    /** The conflict view's ETag: {@code N}, or {@code N.D} once the device's edits joined it (D > 1). */
    static String tag(int currentVersion, int deviceVersion) {
        return deviceVersion > 1 ? currentVersion + "." + deviceVersion : Integer.toString(currentVersion);
    }

    /** A positive whole number at {@code /name}, read from the conflict's {@code shown}; null when absent. */
    private static Integer version(JsonElement version, String name, String shown) {
        if (version == null || version.isJsonNull()) {
            return null;
        }
        if (version.isJsonPrimitive() && version.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = version.getAsBigDecimal();
            if (number.signum() > 0 && number.stripTrailingZeros().scale() <= 0
                    && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return number.intValueExact();
            }
        }
        throw new FieldsyncException(ErrorCode.INVALID_RESOLUTION, "/" + name,
                Labels.say("resolutionVersionShape", Named.field(name), shown));
    }
}
