package cn.fieldsync.schemas;

import java.util.Optional;

/**
 * Units and persons are managed by administrators (README, "Administration"; the roles of
 * {@code docs/security.md}): once a unit or a person exists, only an administrator changes it —
 * its name, kind, jurisdiction, supervising body, a person's posts. An inspector records
 * inspections, dangers and pledges <em>about</em> them and may create a unit or a person in their
 * own scope (one met on site that the county has not registered, {@code docs/domain.md}), but never
 * renames or rewrites one every device of the county shows: a unit's name and a person's posts are
 * what evidence and sanctions are read against (who held which post on the event day).
 *
 * <p>Checked the same on the device (before an edit is saved: every device belongs to an inspector,
 * since only inspectors enrol one) and on the server (a {@code PATCH} by anyone but an administrator,
 * and every pushed edit). Deleting one from a device is {@link Deletions}' rule. Pure Java, safe on
 * Android API 26. Stateless; thread-safe.
 */
public final class AdministeredRecords {

    private AdministeredRecords() {
    }

    /** Whether records of the type are changed by administrators only: units and persons. */
    public static boolean administered(RecordType type) {
        return type == RecordType.UNIT || type == RecordType.PERSON;
    }

    /**
     * The refusal of a change of an existing record by someone who is not an administrator (an
     * inspector, a device), or empty when the type is not administered.
     *
     * @return {@code forbidden} with the Chinese reason naming the record (no pointer: the whole record is refused)
     */
    public static Optional<RecordChecks.Refusal> changeByNonAdministrator(RecordType type, String id) {
        if (!administered(type)) {
            return Optional.empty();
        }
        return Optional.of(new RecordChecks.Refusal("forbidden", null,
                Labels.say("unitNotEditable", Labels.name("recordTypes", type.wireName()), id)));
    }
}
