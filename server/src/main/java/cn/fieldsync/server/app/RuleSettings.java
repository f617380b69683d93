package cn.fieldsync.server.app;

import cn.fieldsync.domain.hazard.HazardPolicy;
import cn.fieldsync.domain.hazard.ListingLevel;
import cn.fieldsync.schemas.InspectionSignatures;
import org.eclipse.microprofile.config.Config;

import java.util.EnumSet;
import java.util.Set;

/**
 * The local-practice choices of the hazard and inspection rules (docs/hazards.md), with the
 * common default:
 *
 * <ul>
 *   <li>{@code fieldsync.hazard.inspector-listing-levels} (default {@code COUNTY,CITY}): the 挂牌督办
 *       levels an inspector may record; PROVINCE and STATE_COUNCIL listings are recorded by an
 *       administrator from the listing body's document</li>
 *   <li>{@code fieldsync.hazard.escalation-steps} (default 1): how many levels an overdue listed
 *       danger's supervision escalates</li>
 *   <li>{@code fieldsync.inspection.min-inspectors} (default 2, 行政处罚法 art 42): how many
 *       inspectors a sealed inspection names and is signed by</li>
 * </ul>
 *
 * @param hazardPolicy  the hazard choices
 * @param minInspectors the inspection choice
 */
public record RuleSettings(HazardPolicy hazardPolicy, int minInspectors) {

    public static RuleSettings from(Config config) {
        String levels = config.getOptionalValue("fieldsync.hazard.inspector-listing-levels", String.class).orElse("COUNTY,CITY");
        Set<ListingLevel> permitted = EnumSet.noneOf(ListingLevel.class);
        for (String level : levels.split(",")) {
            if (!level.isBlank()) {
                try {
                    permitted.add(ListingLevel.valueOf(level.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("fieldsync.hazard.inspector-listing-levels: " + level.trim()
                            + " is none of COUNTY, CITY, PROVINCE, STATE_COUNCIL", e);
                }
            }
        }
        int steps = config.getOptionalValue("fieldsync.hazard.escalation-steps", Integer.class).orElse(1);
        if (steps < 1 || steps > 3) {
            throw new IllegalArgumentException("fieldsync.hazard.escalation-steps is 1 to 3, got: " + steps);
        }
        int inspectors = config.getOptionalValue("fieldsync.inspection.min-inspectors", Integer.class)
                .orElse(InspectionSignatures.DEFAULT_MIN_INSPECTORS);
        if (inspectors < 1 || inspectors > 20) {
            throw new IllegalArgumentException("fieldsync.inspection.min-inspectors is 1 to 20, got: " + inspectors);
        }
        return new RuleSettings(new HazardPolicy(permitted, steps), inspectors);
    }
}
