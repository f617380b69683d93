package cn.fieldsync.server.api;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.identity.Role;
import com.google.gson.JsonArray;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.evidence.BundleService;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * {@code POST /api/bundles} with {@code {"recordIds":[...]}}: the evidence of those records as one
 * ZIP (see {@link BundleService}), verifiable offline with {@code fieldsync verify-bundle}.
 */
@ApplicationScoped
@Path("/api/bundles")
public class BundlesResource {

    private static final RequestShape BUNDLE = RequestShape.of(RequestShape.any("recordIds"), RequestShape.text("caseId"));

    /** The SHA-256 of the whole ZIP, also in the audit log: with it, any changed byte is found. */
    static final String BUNDLE_SHA256 = "X-Fieldsync-Bundle-Sha256";

    @Inject
    BundleService bundles;

    @Inject
    CallerContext caller;

    @Inject
    CaseService cases;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Allowed({Role.REVIEWER, Role.ADMIN})
    public Response create(InputStream body) {
        JsonObject request = RequestBodies.carryingRecords(body, RecordsResource.RECORD_LIMIT, BUNDLE);
        JsonElement ids = request.get("recordIds");
        String caseId = text(request, "caseId");
        if (caseId != null && ids != null && !ids.isJsonNull()) {
            // one or the other: the records asked for were left out of a case's bundle without a word
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/recordIds",
                    "证据包按案件（caseId）或按记录（recordIds）导出，二者只能选一；未导出任何内容");
        }
        java.util.Map<String, String> leftOut = java.util.Map.of();
        if (caseId != null) {
            // a case's bundle: the records confirmed as its evidence, on either track
            List<String> confirmed = cases.confirmedRecords(caller.get(), caseId);
            leftOut = cases.confirmedOutsideReach(caller.get(), caseId);
            if (confirmed.isEmpty()) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, "/caseId", leftOut.isEmpty() ? Labels.say("caseWithoutEvidence")
                        : Labels.say("caseEvidenceAllOutsideReach", leftOut.size()));
            }
            JsonArray list = new JsonArray();
            confirmed.forEach(list::add);
            ids = list;
        }
        if (ids == null || !ids.isJsonArray()) {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "/recordIds", Labels.say("bundleNeedsRecords", Named.field("recordIds"), Named.field("caseId")));
        }
        List<String> recordIds = new ArrayList<>();
        for (int i = 0; i < ids.getAsJsonArray().size(); i++) {
            JsonElement id = ids.getAsJsonArray().get(i);
            recordIds.add(QueryParams.uuid("/recordIds/" + i, id.isJsonPrimitive() ? id.getAsString() : "-"));
        }
        List<StoredRecord> records = bundles.records(caller.get().scope(), recordIds);
        BundleService.Export export = bundles.export(records, caller.get().username(), leftOut);
        StreamingOutput zip = out -> {
            try (InputStream in = Files.newInputStream(export.file())) {
                in.transferTo(out);
            } finally {
                Files.deleteIfExists(export.file());
            }
        };
        return Response.ok(zip, "application/zip")
                .header(BUNDLE_SHA256, export.sha256())
                .header("Content-Disposition", "attachment; filename=\"evidence-bundle-" + export.sha256().substring(0, 12) + ".zip\"")
                .build();
    }
}
