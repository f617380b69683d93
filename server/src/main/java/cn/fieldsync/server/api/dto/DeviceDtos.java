package cn.fieldsync.server.api.dto;

import com.google.gson.JsonArray;

/**
 * The shapes of the administrator's device lists. The rows are built by the server's half of the
 * sync protocol ({@code server.sync.SyncService}, which owns the device tables) and carried as they
 * come. Written by {@link cn.fieldsync.server.dto.DtoJson}; described in {@code openapi.yml}
 * (OpenApiShapesTest).
 */
public final class DeviceDtos {

    private DeviceDtos() {
    }

    /** {@code GET /api/devices}: every enrolled device ({@code [{id, name, owner, enrolledAt, revoked, ..}]}). */
    public record DeviceList(JsonArray items) {
    }

    /** {@code GET /api/devices/quarantine}: pushes of revoked devices, kept unapplied, newest first. */
    public record Quarantine(JsonArray items) {
    }
}
