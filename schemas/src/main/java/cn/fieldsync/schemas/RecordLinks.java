package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The other records a record points at (its unit, the inspection a hidden danger was found in,
 * the record an amendment amends, ...): the server refuses a record whose links name nothing
 * (unknown_reference), and the device holds back a record until the records it links to are on
 * the server. Works on a whole document or on the changed fields of an edit: a link whose field
 * is absent or not text is simply not listed.
 */
public final class RecordLinks {

    /**
     * @param field JSON Pointer of the link in the document, e.g. {@code /positions/0/unitId}
     * @param type  the type the linked record must have
     * @param id    the linked record's id
     */
    public record Link(String field, RecordType type, String id) {
    }

    private RecordLinks() {
    }

    /** The links of a document (or of an edit's changed fields) of a type, in document order. */
    public static List<Link> of(RecordType type, JsonObject body) {
        List<Link> links = new ArrayList<>();
        switch (type) {
            case UNIT -> add(links, "/supervisingUnitId", RecordType.UNIT, body, "supervisingUnitId");
            case PERSON -> {
                if (body.get("positions") instanceof JsonArray positions) {
                    for (int i = 0; i < positions.size(); i++) {
                        if (positions.get(i) instanceof JsonObject position) {
                            add(links, "/positions/" + i + "/unitId", RecordType.UNIT, position, "unitId");
                        }
                    }
                }
            }
            case INSPECTION -> {
                add(links, "/unitId", RecordType.UNIT, body, "unitId");
                add(links, "/amends", RecordType.INSPECTION, body, "amends");
                // an inspector named by their person record: one that exists nowhere would put a name in the
                // evidence that belongs to nobody (a tester's finding: a discarded draft person was named)
                if (body.get("inspectors") instanceof JsonArray inspectors) {
                    for (int i = 0; i < inspectors.size(); i++) {
                        if (inspectors.get(i) instanceof JsonObject inspector) {
                            add(links, "/inspectors/" + i + "/personId", RecordType.PERSON, inspector, "personId");
                        }
                    }
                }
            }
            case HAZARD -> {
                add(links, "/unitId", RecordType.UNIT, body, "unitId");
                add(links, "/inspectionId", RecordType.INSPECTION, body, "inspectionId");
            }
            case PLEDGE -> {
                add(links, "/amends", RecordType.PLEDGE, body, "amends");
                if (body.get("signer") instanceof JsonObject signer) {
                    add(links, "/signer/unitId", RecordType.UNIT, signer, "unitId");
                    add(links, "/signer/personId", RecordType.PERSON, signer, "personId");
                }
                if (body.get("counterSigner") instanceof JsonObject counterSigner) {
                    add(links, "/counterSigner/unitId", RecordType.UNIT, counterSigner, "unitId");
                    add(links, "/counterSigner/personId", RecordType.PERSON, counterSigner, "personId");
                }
            }
            case ATTACHMENT, EVIDENCE_LINK -> {
            }
        }
        return links;
    }

    private static void add(List<Link> links, String field, RecordType type, JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            links.add(new Link(field, type, value.getAsString()));
        }
    }
}
