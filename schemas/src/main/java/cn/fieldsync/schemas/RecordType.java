package cn.fieldsync.schemas;

import java.util.Optional;

/**
 * Every synced record type. The wire name is the record's {@code type} field, the CLI's TYPE
 * argument and the base name of its schema file; the collection is its REST path under /api.
 */
public enum RecordType {
    UNIT("unit", "units"),
    PERSON("person", "persons"),
    INSPECTION("inspection", "inspections"),
    HAZARD("hazard", "hazards"),
    PLEDGE("pledge", "pledges"),
    ATTACHMENT("attachment", "attachments"),
    /** Written by the server only (a confirmed link of a case), so that it reaches the investigators' devices. */
    EVIDENCE_LINK("evidence-link", "evidence-links");

    private final String wireName;
    private final String collection;

    RecordType(String wireName, String collection) {
        this.wireName = wireName;
        this.collection = collection;
    }

    public String wireName() {
        return wireName;
    }

    public String collection() {
        return collection;
    }

    /** Classpath location of this type's schema. */
    public String schemaResource() {
        return "schemas/" + wireName + ".schema.json";
    }

    /** Whether devices and the records API may write this type; a server-written type is read-only to them. */
    public boolean clientWritable() {
        return this != EVIDENCE_LINK;
    }

    public static Optional<RecordType> fromWireName(String name) {
        // a loop over the cached values, not a stream over a fresh copy: asked several times for every pushed operation
        for (RecordType type : VALUES) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static final RecordType[] VALUES = values();
}
