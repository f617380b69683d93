package cn.fieldsync.merge;

import java.util.Map;
import java.util.Set;

/**
 * How each top-level field of a record type merges when the server and a device both changed it
 * since the device's base version. The default is "conflict unless equal". Append-only lists
 * (photos, notes, listing events, deadline extensions, re-inspections, findings) merge as the union: evidence added on either side is
 * kept. Lifecycle fields ({@code status}) are never merged: a stale device that changes a status
 * the server has moved on becomes a conflict, so it cannot reopen what the server closed.
 */
public final class MergePolicy {

    private static final Set<String> COMMON_APPEND_ONLY = Set.of("photos", "notes");

    private static final Map<String, Set<String>> APPEND_ONLY = Map.of(
            "hazard", Set.of("photos", "notes", "supervisionListing", "extensions", "reinspections"),
            "inspection", Set.of("photos", "notes", "findings", "signatures"));

    private MergePolicy() {
    }

    public static boolean isAppendOnly(String type, String field) {
        return APPEND_ONLY.getOrDefault(type, COMMON_APPEND_ONLY).contains(field);
    }
}
