package cn.fieldsync.server.api;

import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.record.Page;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.net.URI;

/**
 * The REST face of one record collection: create, read, list with filters and paging, and
 * change by JSON Merge Patch. Bodies are the documents the type's schema defines.
 */
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
public abstract class RecordsResource {

    static final String MERGE_PATCH = "application/merge-patch+json";
    /** The largest record body accepted: far above any real record, far below what hurts. */
    static final int RECORD_LIMIT = 2 * 1024 * 1024;

    private final RecordType type;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    protected RecordsResource(RecordType type) {
        this.type = type;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({Role.INSPECTOR, Role.ADMIN})
    public Response create(InputStream body, @Context UriInfo uri) {
        StoredRecord stored = records.create(caller.get(), type, RequestBodies.record(body, RECORD_LIMIT));
        URI location = uri.getAbsolutePathBuilder().path(stored.id()).build();
        return Response.created(location).tag(String.valueOf(stored.version()))
                .entity(stored.toJson().toString()).build();
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        StoredRecord stored = records.get(caller.get(), type, id);
        return Response.ok(stored.toJson().toString()).tag(String.valueOf(stored.version())).build();
    }

    @GET
    @Path("{id}/history")
    public Response history(@PathParam("id") String id) {
        JsonArray versions = new JsonArray();
        records.history(caller.get(), type, id).forEach(versions::add);
        JsonObject answer = new JsonObject();
        answer.add("versions", versions);
        return Response.ok(answer.toString()).build();
    }

    /**
     * Lists records, oldest id first.
     *
     * @param unit         only records of this unit (a UUID)
     * @param jurisdiction only records under this division code prefix ("37", "3706", "370686")
     * @param from         event time from (a date, counted in the server's zone, or an instant)
     * @param to           event time up to (a date is included whole; an instant is excluded)
     * @param overdue      hazards past their deadline and not closed out (true) or the others (false)
     * @param listed       hazards listed for supervision (挂牌督办) now (true) or not (false)
     * @param refusalUnreported inspections with a refusal to sign not yet reported to the department (true) or the others
     * @param name         units and persons: only those whose name contains this text (1 to 100 characters); the
     *                     answer is then one page of at most {@code limit} matches, with no cursor
     * @param nameProblems units and persons: {@code true} lists only those whose stored name the name rule
     *                     would refuse now (blanks at its ends, a look-alike space; kept from before the rule),
     *                     each with {@code nameProblem}, the reason in Chinese; one page, no cursor
     * @param limit        page size, 1 to 500 (default 50)
     * @param cursor       the nextCursor of the previous page
     */
    @GET
    public Response list(@QueryParam("unit") String unit,
                         @QueryParam("jurisdiction") String jurisdiction,
                         @QueryParam("status") String status,
                         @QueryParam("grade") String grade,
                         @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @QueryParam("overdue") String overdue,
                         @QueryParam("listed") String listed,
                         @QueryParam("refusalUnreported") String refusalUnreported,
                         @QueryParam("name") String name,
                         @QueryParam("nameProblems") String nameProblems,
                         @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        RecordFilter base = filter(unit, jurisdiction, status, grade, from, to, overdue, listed);
        RecordFilter filter = new RecordFilter(base.unitId(), base.jurisdictionPrefix(), base.status(), base.grade(), base.from(),
                base.to(), base.overdue(), base.listed(), QueryParams.bool("refusalUnreported", refusalUnreported));
        String wanted = name == null ? null : name.strip();
        if (wanted != null && (wanted.isEmpty() || wanted.length() > 100 || (type != RecordType.UNIT && type != RecordType.PERSON))) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "name",
                    Labels.say("nameSearch"));
        }
        boolean misnamed = Boolean.TRUE.equals(QueryParams.bool("nameProblems", nameProblems));
        if (misnamed && (wanted != null || (type != RecordType.UNIT && type != RecordType.PERSON))) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "nameProblems", Labels.say("nameProblemsFilter"));
        }
        Page<StoredRecord> page = misnamed ? records.misnamed(caller.get(), type, filter, QueryParams.limit(limit))
                : wanted == null ? records.list(caller.get(), type, filter, cursor, QueryParams.limit(limit))
                : records.named(caller.get(), type, filter, wanted, QueryParams.limit(limit));
        JsonObject answer = new JsonObject();
        JsonArray items = new JsonArray();
        page.items().forEach(r -> {
            JsonObject item = r.toJson();
            if (misnamed) {
                // what is wrong with the name, in words: a blank at its end cannot be seen on a page
                cn.fieldsync.schemas.RecordChecks.nameProblem(type, r.body().get("name").getAsString())
                        .ifPresent(problem -> item.addProperty("nameProblem", problem));
            }
            items.add(item);
        });
        answer.add("items", items);
        answer.addProperty("total", page.total());
        if (page.nextCursor() != null) {
            answer.addProperty("nextCursor", page.nextCursor());
        }
        return Response.ok(answer.toString()).build();
    }

    /** The list filters, each checked at this boundary. */
    RecordFilter filter(String unit, String jurisdiction, String status, String grade, String from, String to,
                        String overdue, String listed) {
        return filter(type, records.zone(), unit, jurisdiction, status, grade, from, to, overdue, listed);
    }

    /**
     * The list filters of records of {@code type}, each checked at this boundary; times without a zone
     * are read in {@code zone}. A status or grade the type does not have is refused
     * ({@code invalid_parameter}, naming the ones it has): {@code status=VERIFED} listed nothing, which
     * read as "no verified dangers".
     */
    static RecordFilter filter(RecordType type, java.time.ZoneId zone, String unit, String jurisdiction, String status, String grade,
                               String from, String to, String overdue, String listed) {
        java.time.Instant[] period = QueryParams.period(from, to, zone);
        return new RecordFilter(
                QueryParams.uuid("unit", unit),
                QueryParams.matching("jurisdiction", jurisdiction, "[0-9]{1,6}", Labels.say("divisionDigits")),
                oneOf(type, "status", status, STATUSES.get(type)),
                oneOf(type, "grade", grade, type == RecordType.HAZARD ? "hazardGrades" : null),
                period[0],
                period[1],
                QueryParams.bool("overdue", overdue),
                QueryParams.bool("listed", listed));
    }

    /** The label section of each record type's statuses (the codes its schema allows). */
    private static final java.util.Map<RecordType, String> STATUSES = java.util.Map.of(
            RecordType.HAZARD, "hazardStatus", RecordType.INSPECTION, "inspectionStatus", RecordType.PLEDGE, "pledgeStatus");

    /** A filter's code, one of the section's; null when not given; refused when the type has no such filter. */
    private static String oneOf(RecordType type, String name, String value, String section) {
        if (value == null) {
            return null;
        }
        if (section == null) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, name,
                    Labels.say("filterNotForType", Labels.name("recordTypes", type.wireName()), cn.fieldsync.server.error.Named.field(name)));
        }
        if (Labels.find(section, value).isEmpty()) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, name, Labels.say("oneOfChoices", cn.fieldsync.server.error.Named.field(name),
                    Labels.named(section, Labels.section(section).keySet())));
        }
        return value;
    }

    /**
     * Changes a record with a JSON Merge Patch (RFC 7396). {@code If-Match} with the version read
     * makes the change refused (version_conflict) if someone changed the record in between.
     */
    @PATCH
    @Path("{id}")
    @Allowed({Role.INSPECTOR, Role.ADMIN})
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
        if (!Uuids.isCanonical(id)) {
            throw RecordStore.notFound(null, type, id);
        }
        StoredRecord stored = records.patch(caller.get(), type, id, RequestBodies.record(body, RECORD_LIMIT), QueryParams.version(ifMatch));
        return Response.ok(stored.toJson().toString()).tag(String.valueOf(stored.version())).build();
    }
}
