package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Sql;

import java.sql.Connection;
import java.util.List;

/**
 * Tokens bound to a device: whether a device may have them, and whether it was revoked since.
 * The devices themselves are enrolled and revoked by {@code server.sync}; their table is read here
 * with plain SQL (docs/architecture.md, "Data access": another package's table is read, never
 * mapped twice). Stateless.
 */
final class DeviceBindings {

    private DeviceBindings() {
    }

    /**
     * A device may have tokens of the user who enrolled it. A revoked device still gets tokens:
     * they allow nothing but pushing into quarantine, so that what it holds reaches an
     * administrator instead of being stranded on it.
     *
     * <p>A device that does not exist and one another user enrolled get the same answer: a login
     * must not tell whoever holds one user's password which device ids exist and belong to others.
     * For the person at the device both mean the same thing: enrol it under their own name.
     *
     * @throws FieldsyncException {@code unknown_device} when the user enrolled no such device
     */
    static void check(Connection c, String deviceId, String username) {
        List<String> enrolledBy = Uuids.isCanonical(deviceId)
                ? Sql.list(c, "SELECT user_name FROM device WHERE id = ?", row -> row.getString(1), deviceId)
                : List.of();
        if (enrolledBy.isEmpty() || !username.equals(enrolledBy.getFirst())) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_DEVICE, "/deviceId",
                    cn.fieldsync.schemas.Labels.say("deviceNotYours", deviceId, username));
        }
    }

    /** Whether the device was revoked; a device no longer known counts as revoked. */
    static boolean revoked(Connection c, String deviceId) {
        List<Boolean> revoked = Sql.list(c, "SELECT revoked_at FROM device WHERE id = ?", row -> {
            row.getLong(1);
            return !row.wasNull();
        }, deviceId);
        return revoked.isEmpty() || revoked.getFirst();
    }
}
