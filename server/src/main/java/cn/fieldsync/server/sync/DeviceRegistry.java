package cn.fieldsync.server.sync;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The devices: enrolment (with the public key their seals are verified with), revocation, and
 * the quarantine that keeps a revoked device's pushes whole for an administrator. Thread-safe;
 * each method runs its own transaction.
 */
final class DeviceRegistry {

    private final Database database;
    private final Clock clock;
    private final AuditLog audit;

    DeviceRegistry(Database database, Clock clock, AuditLog audit) {
        this.database = database;
        this.clock = clock;
        this.audit = audit;
    }

    /** The enrolled device, or null. */
    DeviceEntity find(String deviceId) {
        return database.read(em -> em.find(DeviceEntity.class, deviceId));
    }

    /**
     * @param publicKey the device's Ed25519 public key (Base64 X.509), with which its seals are
     *                  verified; a device enrolled without one cannot seal
     */
    JsonObject enrol(Caller caller, String name, String publicKey) {
        String user = caller.username();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new FieldsyncException(ErrorCode.INVALID_RECORD, "/name", Labels.say("deviceNameRule"));
        }
        if (publicKey != null) {
            try {
                Sealing.publicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw new FieldsyncException(ErrorCode.INVALID_PUBLIC_KEY, "/publicKey", Labels.say("publicKeyInvalid", Named.field("publicKey"), "Ed25519", "X.509", "Base64"));
            }
        }
        String id = Uuids.v7();
        long now = clock.millis();
        database.inTransaction(em -> {
            em.persist(new DeviceEntity(id, name, user, publicKey, now));
            JsonObject detail = new JsonObject();
            detail.addProperty("deviceId", id);
            detail.addProperty("name", name);
            audit.append(em, user == null ? "device:" + id : user, "DEVICE_ENROLLED", null, detail);
            return null;
        });
        JsonObject device = deviceJson(new DeviceEntity(id, name, user, publicKey, now));
        if (publicKey != null) {
            device.addProperty("publicKey", publicKey);
        }
        return device;
    }

    /**
     * Keeps a revoked device's push whole, unapplied, for an administrator. A revoked device sends
     * what it holds at every sync, and a push whose answer was lost comes again: an operation this
     * device already handed over, identical to the letter, is not stored a second time, and a push
     * made only of such operations adds no row (the administrator would otherwise see the same
     * evidence once per sync). Anything that differs, even under the same {@code opId}, is kept.
     */
    void quarantine(Caller caller, JsonArray operations) {
        database.inTransaction(em -> {
            Set<JsonElement> held = new HashSet<>();
            em.createNativeQuery("SELECT body FROM quarantined_push WHERE device_id = ?1")
                    .setParameter(1, caller.deviceId()).getResultList()
                    .forEach(body -> StoredJson.array((String) body).forEach(held::add));
            JsonArray fresh = new JsonArray();
            for (JsonElement operation : operations) {
                if (held.add(operation)) {
                    fresh.add(operation);
                }
            }
            if (fresh.isEmpty()) {
                return null;
            }
            String id = Uuids.v7();
            em.createNativeQuery("INSERT INTO quarantined_push (id, device_id, user_name, body, operations, received_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, id).setParameter(2, caller.deviceId()).setParameter(3, caller.username())
                    .setParameter(4, fresh.toString()).setParameter(5, fresh.size())
                    .setParameter(6, clock.millis()).executeUpdate();
            JsonObject detail = new JsonObject();
            detail.addProperty("deviceId", caller.deviceId());
            detail.addProperty("quarantineId", id);
            detail.addProperty("operations", fresh.size());
            audit.append(em, caller.username(), "PUSH_QUARANTINED", null, detail);
            return null;
        });
    }

    /** A quarantined push with the name its device was enrolled under (the console shows names, not ids). */
    private static final String QUARANTINE_COLUMNS = "SELECT q.id, q.device_id, q.user_name, q.body, q.operations, q.received_at, d.name "
            + "FROM quarantined_push q LEFT JOIN device d ON d.id = q.device_id ";

    /** The quarantined pushes, newest first, optionally of one device. */
    JsonArray quarantined(String deviceId, int limit) {
        JsonArray list = new JsonArray();
        database.read(em -> {
            var query = deviceId == null
                    ? em.createNativeQuery(QUARANTINE_COLUMNS + "ORDER BY q.id DESC")
                    : em.createNativeQuery(QUARANTINE_COLUMNS + "WHERE q.device_id = ?1 ORDER BY q.id DESC").setParameter(1, deviceId);
            return query.setMaxResults(limit).getResultList();
        }).forEach(row -> {
            Object[] r = (Object[]) row;
            JsonObject item = new JsonObject();
            item.addProperty("id", (String) r[0]);
            item.addProperty("deviceId", (String) r[1]);
            item.addProperty("user", (String) r[2]);
            item.add("operations", StoredJson.array((String) r[3]));
            item.addProperty("count", ((Number) r[4]).intValue());
            item.addProperty("receivedAt", Instant.ofEpochMilli(((Number) r[5]).longValue()).toString());
            if (r[6] != null) {
                item.addProperty("deviceName", (String) r[6]);
            }
            list.add(item);
        });
        return list;
    }

    /**
     * Revokes a device: its pushes go to quarantine from now on and its tokens allow nothing else.
     * What it pushed before stays; revoking twice changes nothing more.
     */
    JsonObject revoke(Caller admin, String deviceId, String reason) {
        return database.inTransaction(em -> {
            DeviceEntity device = Uuids.isCanonical(deviceId) ? em.find(DeviceEntity.class, deviceId) : null;
            if (device == null) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("deviceNotFound", deviceId));
            }
            if (device.revokedAt == null) {
                device.revokedAt = clock.millis();
                device.revokedBy = admin.username();
                device.revokeReason = reason;
                JsonObject detail = new JsonObject();
                detail.addProperty("deviceId", deviceId);
                if (reason != null) {
                    detail.addProperty("reason", reason);
                }
                audit.append(em, admin.username(), "DEVICE_REVOKED", null, detail);
            }
            return deviceJson(device);
        });
    }

    JsonArray devices() {
        JsonArray list = new JsonArray();
        database.read(em -> em.createQuery("SELECT d FROM DeviceEntity d ORDER BY d.id", DeviceEntity.class).getResultList())
                .forEach(d -> list.add(deviceJson(d)));
        return list;
    }

    private static JsonObject deviceJson(DeviceEntity d) {
        JsonObject device = new JsonObject();
        device.addProperty("id", d.id);
        device.addProperty("name", d.name);
        if (d.userName != null) {
            device.addProperty("user", d.userName);
        }
        device.addProperty("enrolledAt", Instant.ofEpochMilli(d.enrolledAt).toString());
        if (d.lastSyncAt != null) {
            device.addProperty("lastSyncAt", Instant.ofEpochMilli(d.lastSyncAt).toString());
        }
        if (d.revokedAt != null) {
            device.addProperty("revokedAt", Instant.ofEpochMilli(d.revokedAt).toString());
            device.addProperty("revokedBy", d.revokedBy);
            if (d.revokeReason != null) {
                device.addProperty("revokeReason", d.revokeReason);
            }
        }
        return device;
    }
}
