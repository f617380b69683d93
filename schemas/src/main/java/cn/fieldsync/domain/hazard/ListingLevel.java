package cn.fieldsync.domain.hazard;

/**
 * The level of government whose body lists a major danger for supervision (挂牌督办), lowest
 * first. 安全生产法 art 41 makes local governments' departments build the 督办 system; the
 * levels are those of the bodies that list (county, city, province, the State Council).
 */
public enum ListingLevel {
    COUNTY,
    CITY,
    PROVINCE,
    STATE_COUNCIL;

    /**
     * The level supervision escalates to when a listed danger is overdue: {@code steps} levels up,
     * capped at the State Council; null when the listing is at the State Council already (there is
     * no body above it to escalate to).
     */
    public ListingLevel escalatedBy(int steps) {
        if (this == STATE_COUNCIL) {
            return null;
        }
        return values()[Math.min(ordinal() + steps, STATE_COUNCIL.ordinal())];
    }
}
