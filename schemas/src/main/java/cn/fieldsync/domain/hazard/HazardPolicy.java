package cn.fieldsync.domain.hazard;

import java.util.EnumSet;
import java.util.Set;

/**
 * The choices the law leaves to local practice, with the common default (docs/hazards.md).
 *
 * @param inspectorListingLevels the listing levels an inspector may record a listing at; the
 *                               provincial and national bodies list through their own offices,
 *                               recorded by an administrator (default COUNTY, CITY)
 * @param escalationSteps        how many levels an overdue listed danger escalates (default 1:
 *                               county to city, city to province, province to the State Council)
 */
public record HazardPolicy(Set<ListingLevel> inspectorListingLevels, int escalationSteps) {

    public static final HazardPolicy DEFAULT = new HazardPolicy(EnumSet.of(ListingLevel.COUNTY, ListingLevel.CITY), 1);

    public HazardPolicy {
        inspectorListingLevels = inspectorListingLevels.isEmpty() ? java.util.Collections.<ListingLevel>emptySet()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(inspectorListingLevels));
        if (escalationSteps < 1 || escalationSteps > 3) {
            throw new IllegalArgumentException("escalation steps are 1 to 3, got " + escalationSteps);
        }
    }
}
