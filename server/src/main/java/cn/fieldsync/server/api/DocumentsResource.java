package cn.fieldsync.server.api;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.document.DocumentKind;
import cn.fieldsync.server.document.DocumentService;
import cn.fieldsync.server.document.dto.DocumentDtos;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * /api/documents: the printable documents (文书) as PDF, numbered by the server per kind and year.
 * {@code POST} issues one (or answers the one already issued for the same thing, see
 * {@link DocumentService}); {@code GET} lists the documents issued that the caller may see;
 * {@code GET /{id}} describes one and {@code GET /{id}/pdf} gives its PDF again. Who may print
 * what follows the records printed: anyone who reads the record in scope (a case file: reviewers
 * and administrators who see the case).
 *
 * <p>The number is Chinese text, so its header carries it percent-encoded (UTF-8, RFC 3986):
 * {@code X-Fieldsync-Document-Number: %E6%A0%96...}; the PDF's SHA-256 is in
 * {@code X-Fieldsync-Document-Sha256}, the same as in the audit entry DOCUMENT_ISSUED.
 */
@ApplicationScoped
@Path("/api/documents")
@Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
public class DocumentsResource {

    static final String NUMBER = "X-Fieldsync-Document-Number";
    static final String SHA256 = "X-Fieldsync-Document-Sha256";
    static final String ID = "X-Fieldsync-Document-Id";
    static final String REISSUED = "X-Fieldsync-Document-Reissued";
    private static final String PDF = "application/pdf";
    /** A ledger's filters, as the ledger export takes them; one misspelt would print (and number) the whole ledger, so it is refused. */
    private static final RequestShape LEDGER_FILTERS = RequestShape.of(RequestShape.text("unit"), RequestShape.text("jurisdiction"),
            RequestShape.text("status"), RequestShape.text("grade"), RequestShape.text("from"), RequestShape.text("to"),
            RequestShape.text("overdue"), RequestShape.text("listed"));
    private static final RequestShape ISSUE = RequestShape.of(RequestShape.text("kind"), RequestShape.text("recordId"),
            RequestShape.text("caseId"), RequestShape.object("filter", LEDGER_FILTERS));

    @Inject
    DocumentService documents;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    /**
     * {@code {"kind":"INSPECTION_RECORD|RECTIFICATION_ORDER|REINSPECTION_OPINION","recordId"}},
     * {@code {"kind":"CASE_FILE","caseId"}} or {@code {"kind":"HAZARD_LEDGER","filter":{unit, jurisdiction,
     * status, grade, from, to, overdue, listed}}} (the ledger export's filters).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({PDF, MediaType.APPLICATION_JSON})
    public Response issue(InputStream body) {
        JsonObject request = RequestBodies.plain(body, 64 * 1024, ISSUE);
        String kindName = JsonFields.text(request, "kind");
        DocumentKind kind = DocumentKind.of(kindName).orElseThrow(() -> unknownKind("/kind", kindName));
        // the subject's member and no other: a caseId sent with a record's document was ignored
        String own = switch (kind.subject()) {
            case INSPECTION, HAZARD -> "recordId";
            case CASE -> "caseId";
            case LEDGER -> "filter";
        };
        for (String member : List.of("recordId", "caseId", "filter")) {
            if (!member.equals(own) && request.has(member) && !request.get(member).isJsonNull()) {
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/" + member, Labels.say("documentOwnMember",
                        Labels.named("documentKinds", kind.name()), Named.field(own), Named.field(member)));
            }
        }
        String subject = null;
        RecordFilter filter = null;
        switch (kind.subject()) {
            case INSPECTION, HAZARD -> subject = QueryParams.uuid("/recordId", required(request, "recordId"));
            case CASE -> subject = QueryParams.uuid("/caseId", required(request, "caseId"));
            case LEDGER -> {
                // the shape (ISSUE) has refused a filter that is not an object or not one of the ledger's
                JsonObject given = JsonFields.object(request, "filter");
                try {
                    filter = RecordsResource.filter(RecordType.HAZARD, records.zone(), value(given, "unit"), value(given, "jurisdiction"),
                            value(given, "status"), value(given, "grade"), value(given, "from"), value(given, "to"), value(given, "overdue"),
                            value(given, "listed"));
                } catch (FieldsyncException e) {
                    // the export's checks name a query parameter; here it is a member of the body's filter
                    throw new FieldsyncException(e.code(), e.field() == null ? "/filter" : "/filter/" + e.field().replaceFirst("^/", ""),
                            e.getMessage(), e.errors(), e);
                }
            }
        }
        return pdf(documents.issue(caller.get(), kind, subject, filter));
    }

    /** The documents issued that the caller may see, newest first: {@code {items:[{id, kind, kindName, number, ...}]}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DocumentDtos.DocumentList list(@QueryParam("kind") String kind, @QueryParam("subject") String subject,
                                          @QueryParam("limit") String limit) {
        DocumentKind chosen = kind == null ? null : DocumentKind.of(kind).orElseThrow(() -> unknownKind("kind", kind));
        int max = QueryParams.limit(limit);
        return documents.list(caller.get(), chosen, QueryParams.uuid("subject", subject), max);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public DocumentDtos.Meta describe(@PathParam("id") String id) {
        return documents.get(caller.get(), id).meta();
    }

    @GET
    @Path("{id}/pdf")
    @Produces({PDF, MediaType.APPLICATION_JSON})
    public Response again(@PathParam("id") String id) {
        return pdf(documents.get(caller.get(), id));
    }

    private static Response pdf(DocumentService.Issued issued) {
        String encoded = URLEncoder.encode(issued.number(), StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(issued.pdf(), PDF)
                .header(ID, issued.id())
                .header(NUMBER, encoded)
                .header(SHA256, issued.sha256())
                .header(REISSUED, String.valueOf(issued.reissued()))
                .header("Content-Disposition", "inline; filename=\"document-" + issued.id() + ".pdf\"; filename*=UTF-8''" + encoded + ".pdf")
                .build();
    }

    private static String required(JsonObject request, String name) {
        String value = JsonFields.text(request, name);
        if (value == null) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/" + name, Labels.say("documentNeeds", Named.field(name)));
        }
        return value;
    }

    /** A kind of document this server does not issue: the kinds it does, by their Chinese names. */
    private static FieldsyncException unknownKind(String field, String given) {
        return new FieldsyncException(ErrorCode.INVALID_PARAMETER, field, Named.oneOf("kind", given, "documentKinds",
                Arrays.stream(DocumentKind.values()).map(Enum::name).toList()));
    }

    /** A filter value given as a string, or a boolean/number given as JSON. */
    private static String value(JsonObject filter, String name) {
        return JsonFields.text(filter, name);
    }
}
