package cn.fieldsync.schemas;

import com.google.gson.JsonObject;

import java.util.Optional;

import static cn.fieldsync.schemas.JsonFields.array;
import static cn.fieldsync.schemas.JsonFields.text;

/**
 * What a device may delete (a tombstone sent by sync), checked the same on the device before the
 * deletion is queued and on the server before it is applied. Evidence may decide a sanction, so:
 *
 * <ul>
 *   <li>units and persons are never deleted from a device ({@code forbidden}): administrators
 *       manage them on the server, and the dangers, inspections and cases of a unit would lose
 *       their subject;</li>
 *   <li>an inspection, hazard or pledge is deleted only while it is an unsealed draft that nothing
 *       references ({@code illegal_transition}): an inspection or pledge still DRAFT; a hazard
 *       still at its first status (REGISTERED, REPORTED), never listed for supervision (挂牌督办),
 *       with no extension or re-inspection recorded; and no danger raised from it, no case link,
 *       no amendment naming it (the caller says whether anything references it);</li>
 *   <li>only by its creator ({@link #byCreatorOnly}, {@code forbidden}): a device deletes only a
 *       record its own user created; one created by a colleague of the same county, or stored
 *       before the server kept creators, is not deleted from a device.</li>
 * </ul>
 *
 * <p>Other records (attachments, evidence links) are left to the rules of their own. Pure Java on
 * Gson, safe on Android API 26. Stateless; thread-safe.
 */
public final class Deletions {

    private Deletions() {
    }

    /**
     * @param referencedBy what references the record, in Chinese (e.g. "隐患 0190…"), or null when nothing does
     * @return the refusal, or empty when the record may be deleted
     */
    public static Optional<RecordChecks.Refusal> refusal(RecordType type, String id, JsonObject body, String referencedBy) {
        String what = Labels.name("recordTypes", type.wireName());
        switch (type) {
            case UNIT:
            case PERSON:
                return refuse("forbidden", Labels.say("unitNotDeletable", what, id));
            case INSPECTION:
            case PLEDGE:
                if (!"DRAFT".equals(text(body, "status"))) {
                    return refuse("illegal_transition", Labels.say("sealedNotDeletable", what, id, status(type, body)));
                }
                break;
            case HAZARD: {
                if (array(body, "supervisionListing").size() > 0) {
                    return refuse("illegal_transition", Labels.say("listedNotDeletable", id));
                }
                String status = text(body, "status");
                boolean first = "REGISTERED".equals(status) || "REPORTED".equals(status);
                if (!first || array(body, "extensions").size() > 0 || array(body, "reinspections").size() > 0) {
                    return refuse("illegal_transition", Labels.say("stepsNotDeletable", id, status(type, body)));
                }
                break;
            }
            default:
                return Optional.empty();
        }
        return referencedBy == null ? Optional.<RecordChecks.Refusal>empty()
                : refuse("illegal_transition", Labels.say("referencedNotDeletable", what, id, referencedBy));
    }

    /**
     * A device deletes only what its own user created: a colleague's draft stays (it may be the
     * only record of what they found), whoever else sees it.
     *
     * @param createdBy    the user who created the record, or null when unknown (a record stored
     *                     before the server kept creators, or written by the server): then no
     *                     device deletes it
     * @param deletingUser the user whose device sends the deletion
     * @return the refusal ({@code forbidden}), or empty when the deleting user created the record
     */
    public static Optional<RecordChecks.Refusal> byCreatorOnly(RecordType type, String id, String createdBy, String deletingUser) {
        if (createdBy != null && createdBy.equals(deletingUser)) {
            return Optional.empty();
        }
        return refuse("forbidden", Labels.say("notCreator", Labels.name("recordTypes", type.wireName()), id));
    }

    private static String status(RecordType type, JsonObject body) {
        String status = text(body, "status");
        if (status == null) {
            return "";
        }
        String section = type == RecordType.HAZARD ? "hazardStatus" : type == RecordType.PLEDGE ? "pledgeStatus" : "inspectionStatus";
        return Labels.find(section, status).orElse(status);
    }

    private static Optional<RecordChecks.Refusal> refuse(String code, String message) {
        return Optional.of(new RecordChecks.Refusal(code, "/deleted", message));
    }
}
