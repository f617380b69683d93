package cn.fieldsync.server.record;

import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.ImageBytes;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.schemas.WireTimes;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Scope;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.ZoneId;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * What a record's links and place are, checked before it is written: every link names a live
 * record of the right type in the writer's sight, every attachment is held and within reach, and
 * the columns lists filter on ({@link RecordIndex}: where the record lies, its status, grade,
 * dates) are copied out of the body. Thread-safe; works inside the caller's transaction.
 */
final class RecordIndexer {

    private final ZoneId zone;
    private final AttachmentReach attachments;

    RecordIndexer(ZoneId zone, AttachmentReach attachments) {
        this.zone = zone;
        this.attachments = attachments;
    }

    /**
     * Checks the record's links and attachments and works out where it lies. A link must name a
     * live record of the right type that the writer sees: one in another county is answered
     * exactly as one that does not exist (unknown_reference, same message), except in a device's
     * push (see {@link RecordStore.Writer#syncing}). An attachment must be held and within the writer's reach
     * ({@link AttachmentReach#mayUse}); one that is not is answered exactly as one never uploaded.
     */
    RecordIndex index(EntityManager em, Scope scope, RecordStore.Writer writer, RecordType type, String id, JsonObject body,
                              Set<String> namedBefore, Set<String> linkedBefore) {
        for (RecordReferences.Reference ref : RecordReferences.of(type, body)) {
            if (ref.type() == type && ref.id().equals(id) || linkedBefore.contains(ref.field() + " " + ref.id())) {
                continue; // itself; or a link the record held already, checked when it was written
            }
            RecordHeads.Head target = RecordHeads.find(em, ref.id());
            boolean live = target != null && !target.deleted() && target.recordType().equals(ref.type().wireName());
            if (live && !scope.everything() && !RecordSight.sees(em, scope, target)) {
                if (writer != null && writer.syncing()) {
                    throw new FieldsyncException(ErrorCode.OUT_OF_SCOPE, ref.field(), Labels.say("linkOutOfScope",
                            Labels.name("recordTypes", type.wireName()), Labels.name("recordTypes", ref.type().wireName())));
                }
                live = false;
            }
            if (!live) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, ref.field(),
                        Labels.say("unknownReference", Labels.name("recordTypes", ref.type().wireName()), ref.id()));
            }
        }
        AttachmentRefs.of(type, body).forEach((pointer, sha256) -> {
            if (!attachments.held(em, sha256)
                    || !(namedBefore.contains(sha256) || attachments.mayUse(em, scope, writer == null ? null : writer.username(), sha256))) {
                throw new FieldsyncException(ErrorCode.ATTACHMENT_MISSING, pointer, Labels.say("attachmentMissing", sha256));
            }
            if ((type == RecordType.HAZARD || type == RecordType.INSPECTION) && !namedBefore.contains(sha256)) {
                checkPicture(pointer, sha256);
            }
        });
        if (type == RecordType.ATTACHMENT) {
            checkImage(em, body);
        }
        String[] place = place(em, type, id, body);
        return new RecordIndex(place[1], place[0], text(body, "status"),
                text(body, "grade"), eventAt(type, body), text(body, "deadline"),
                type == RecordType.HAZARD ? RecordRules.listedLevel(body) : null,
                type == RecordType.EVIDENCE_LINK ? text(body, "caseId") : null);
    }

    /** The links a stored record holds, as "field id": a change is not refused for one it keeps. */
    static Set<String> links(RecordType type, JsonObject body) {
        Set<String> links = new java.util.HashSet<>();
        RecordReferences.of(type, body).forEach(ref -> links.add(ref.field() + " " + ref.id()));
        return links;
    }

    /**
     * An attachment declared a JPEG, PNG, WebP or HEIC photo holds an image of that type
     * ({@link ImageBytes}, the check the device makes when the photo is attached): evidence is
     * never a file nobody can open as what it says it is.
     */
    private void checkImage(EntityManager em, JsonObject body) {
        String mediaType = text(body, "mediaType");
        String sha256 = text(body, "sha256");
        String owner = text(body, "recordId");
        RecordHeads.Head record = RecordHeads.find(em, owner);
        // a file of a danger or an inspection is one of its photos or a signature: an image, whatever else it claims
        boolean picture = record != null && (RecordType.HAZARD.wireName().equals(record.recordType())
                || RecordType.INSPECTION.wireName().equals(record.recordType()));
        if (picture && !ImageBytes.isChecked(mediaType)) {
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/mediaType", ImageBytes.photoProblem(mediaType, null, text(body, "fileName")));
        }
        if (!ImageBytes.isChecked(mediaType) || sha256 == null) {
            return;
        }
        attachments.head(sha256, ImageBytes.HEAD_LENGTH).ifPresent(head -> {
            String problem = ImageBytes.problem(mediaType, head, text(body, "fileName"));
            if (problem != null) {
                throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/mediaType", problem);
            }
        });
    }

    /**
     * A photo or signature image newly named by a danger or an inspection is an image
     * ({@link ImageBytes#notAnImage}): its attachment record may never have reached the server, so
     * the bytes themselves are read.
     */
    private void checkPicture(String pointer, String sha256) {
        attachments.head(sha256, ImageBytes.HEAD_LENGTH).ifPresent(head -> {
            String problem = ImageBytes.notAnImage(head, sha256.substring(0, 12));
            if (problem != null) {
                throw new FieldsyncException(ErrorCode.INVALID_RECORD, pointer, problem);
            }
        });
    }

    /**
     * Where a record belongs, for lists and for who may see it: {jurisdiction, unit id}. A unit
     * is its own place (with no unit id); an attachment is where the record it belongs to is.
     */
    private static String[] place(EntityManager em, RecordType type, String id, JsonObject body) {
        if (type == RecordType.UNIT) {
            return new String[] {text(body, "jurisdictionCode"), null};
        }
        if (type == RecordType.ATTACHMENT) {
            String owner = text(body, "recordId");
            RecordHeads.Head record = RecordHeads.find(em, owner);
            if (record == null) {
                return new String[] {null, null};
            }
            return new String[] {record.jurisdiction(),
                    RecordType.UNIT.wireName().equals(record.recordType()) ? record.id() : record.unitId()};
        }
        String unitId = RecordReferences.primaryUnit(type, id, body);
        RecordHeads.Head unit = RecordHeads.find(em, unitId);
        return new String[] {unit == null ? null : unit.jurisdiction(), unitId};
    }

    /**
     * A hazard raised in an inspection: the shared rule the device applies before it saves
     * ({@link RecordRules#checkDangerFromInspection}), read against the stored inspection.
     */
    static void checkChecklistItem(EntityManager em, RecordType type, JsonObject body) {
        if (type != RecordType.HAZARD) {
            return;
        }
        String inspectionId = text(body, "inspectionId");
        RecordEntity inspection = inspectionId == null || !Uuids.isCanonical(inspectionId) ? null : em.find(RecordEntity.class, inspectionId);
        RecordRules.checkDangerFromInspection(body, inspection == null ? null : RecordJson.parseStored(inspection.body()));
    }

    private Long eventAt(RecordType type, JsonObject body) {
        String when = switch (type) {
            case INSPECTION -> text(body, "startedAt");
            case HAZARD -> text(body, "foundAt");
            case ATTACHMENT -> text(body, "capturedAt");
            case PLEDGE -> text(body.getAsJsonObject("period"), "from");
            case UNIT, PERSON, EVIDENCE_LINK -> null;
        };
        if (when == null) {
            return null;
        }
        return when.length() == 10 ? WireTimes.localDate(when).atStartOfDay(zone).toInstant().toEpochMilli()
                : WireTimes.offsetDateTime(when).toInstant().toEpochMilli();
    }
}
