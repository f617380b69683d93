package cn.fieldsync.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a user may see: division-code prefixes ("3706" is a city and every county under it),
 * assigned units and assigned cases. An administrator sees everything.
 *
 * @param everything true for administrators only
 * @param caseReach  the reach of the assigned cases (their division codes, as one text): part of
 *                   the {@link #key()}, so that a case losing reach restarts its investigators' feeds
 */
public record Scope(boolean everything, List<String> jurisdictions, List<String> units, List<String> cases, String caseReach) {

    public static final Scope ALL = new Scope(true, List.of(), List.of(), List.of());
    /** Given nothing: sees no record (a user whose lists are all empty). */
    public static final Scope NOTHING = new Scope(false, List.of(), List.of(), List.of());

    public Scope {
        jurisdictions = List.copyOf(jurisdictions);
        units = List.copyOf(units);
        cases = List.copyOf(cases);
        caseReach = caseReach == null ? "" : caseReach;
    }

    public Scope(boolean everything, List<String> jurisdictions, List<String> units, List<String> cases) {
        this(everything, jurisdictions, units, cases, "");
    }

    /**
     * Whether a record is in sight.
     *
     * @param jurisdiction the record's division code (its unit's), or null
     * @param unitId       the record's unit, or null
     * @param recordId     the record's own id (a unit is seen by whoever is assigned it)
     */
    public boolean sees(String jurisdiction, String unitId, String recordId) {
        if (everything) {
            return true;
        }
        if (jurisdiction != null) {
            for (String prefix : jurisdictions) {
                if (jurisdiction.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return (unitId != null && units.contains(unitId)) || (recordId != null && units.contains(recordId));
    }

    public boolean seesCase(String caseId, String jurisdiction) {
        return everything || cases.contains(caseId) || sees(jurisdiction, null, null);
    }

    /**
     * A short digest of the scope: a device's pull names the key it was served under, and when
     * the user's scope has changed since, the feed starts again so that the device can drop what
     * it may no longer see.
     */
    public String key() {
        String text = everything + "|" + String.join(",", jurisdictions.stream().sorted().toList()) + "|"
                + String.join(",", units.stream().sorted().toList()) + "|" + String.join(",", cases.stream().sorted().toList())
                + (caseReach.isEmpty() ? "" : "|" + caseReach);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
