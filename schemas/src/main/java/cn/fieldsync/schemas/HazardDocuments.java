package cn.fieldsync.schemas;

import cn.fieldsync.domain.hazard.HazardGrade;
import cn.fieldsync.domain.hazard.HazardRecord;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.domain.hazard.ListingLevel;
import cn.fieldsync.domain.hazard.TreatmentPlan;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.array;
import static cn.fieldsync.schemas.JsonFields.object;
import static cn.fieldsync.schemas.JsonFields.text;

/**
 * A hidden danger's document (hazard.schema.json) as the rules of
 * {@link cn.fieldsync.domain.hazard.HazardRules} read it, so the server and the device judge a
 * danger by one reading: the server on every write, the device offline before anything is sent.
 */
public final class HazardDocuments {

    private HazardDocuments() {
    }

    /**
     * A valid hazard document (its schema holds) as a {@link HazardRecord}; date-times become days
     * in {@code zone}, the zone deadlines are counted in.
     */
    public static HazardRecord read(JsonObject body, ZoneId zone) {
        List<HazardRecord.Extension> extensions = new ArrayList<>();
        for (JsonElement element : array(body, "extensions")) {
            JsonObject e = element.getAsJsonObject();
            extensions.add(new HazardRecord.Extension(date(e, "previousDeadline"), date(e, "newDeadline"), text(e, "reason"),
                    text(e, "approvedBy"), date(e, "approvedAt")));
        }
        List<HazardRecord.Reinspection> reinspections = new ArrayList<>();
        for (JsonElement element : array(body, "reinspections")) {
            JsonObject r = element.getAsJsonObject();
            reinspections.add(new HazardRecord.Reinspection(date(r, "date"), "PASSED".equals(text(r, "result")), text(r, "inspector")));
        }
        List<HazardRecord.ListingEvent> listing = new ArrayList<>();
        for (JsonElement element : array(body, "supervisionListing")) {
            JsonObject l = element.getAsJsonObject();
            listing.add(new HazardRecord.ListingEvent("LISTED".equals(text(l, "event")), ListingLevel.valueOf(text(l, "level")),
                    date(l, "date"), text(l, "documentNumber"), text(l, "authority")));
        }
        JsonObject assessment = object(body, "assessment");
        JsonObject resumption = object(body, "resumptionRequest");
        JsonObject review = object(body, "closeOutReview");
        return new HazardRecord(HazardGrade.valueOf(text(body, "grade")), HazardStatus.valueOf(text(body, "status")),
                day(text(body, "foundAt"), zone), date(body, "deadline"), extensions, date(body, "rectificationCompletedAt"),
                date(body, "verifiedAt"), text(body, "verifiedBy"),
                assessment == null ? null : new HazardRecord.Step(text(assessment, "assessedBy"), date(assessment, "assessedAt")),
                resumption == null ? null : new HazardRecord.Step(text(resumption, "requestedBy"), date(resumption, "requestedAt")),
                review == null ? null : new HazardRecord.Review(text(review, "authority"), date(review, "agreedAt"), text(review, "documentNumber")),
                reinspections, listing, plan(body));
    }

    private static TreatmentPlan plan(JsonObject body) {
        if (!body.has("treatmentPlan")) {
            return TreatmentPlan.NONE;
        }
        JsonObject plan = body.getAsJsonObject("treatmentPlan");
        return new TreatmentPlan(text(plan, "objectivesAndTasks"), text(plan, "methodsAndMeasures"),
                text(plan, "fundsAndMaterials"), text(plan, "responsibleBodyAndPeople"), text(plan, "timeLimit"),
                text(plan, "safetyAndEmergencyMeasures"));
    }

    private static LocalDate day(String when, ZoneId zone) {
        if (when == null) {
            return null;
        }
        return when.length() == 10 ? WireTimes.localDate(when) : WireTimes.offsetDateTime(when).atZoneSameInstant(zone).toLocalDate();
    }

    private static LocalDate date(JsonObject object, String name) {
        String value = text(object, name);
        return value == null ? null : WireTimes.localDate(value);
    }
}
