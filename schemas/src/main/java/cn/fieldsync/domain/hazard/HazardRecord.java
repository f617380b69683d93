package cn.fieldsync.domain.hazard;

import java.time.LocalDate;
import java.util.List;

/**
 * What the hazard rules read of a hidden danger, as plain values (the server reads them out of
 * the record's JSON; field names are the schema's). Dates are days in the jurisdiction's zone.
 *
 * @param foundOn         the day of foundAt
 * @param deadline        the deadline in force now, or null
 * @param extensions      the extension history, oldest first
 * @param rectifiedOn     rectificationCompletedAt: the day recorded on site, or null
 * @param verifiedOn      GENERAL: verifiedAt, or null
 * @param verifiedBy      GENERAL: verifiedBy, or null
 * @param assessment      MAJOR: the assessment after treatment, or null
 * @param resumption      MAJOR: the application to resume, or null
 * @param review          MAJOR: the authority's review and agreement (销号), or null
 * @param reinspections   re-inspections, oldest first
 * @param listing         挂牌督办 events, oldest first
 */
public record HazardRecord(HazardGrade grade, HazardStatus status, LocalDate foundOn, LocalDate deadline,
                           List<Extension> extensions, LocalDate rectifiedOn, LocalDate verifiedOn, String verifiedBy,
                           Step assessment, Step resumption, Review review, List<Reinspection> reinspections,
                           List<ListingEvent> listing, TreatmentPlan plan) {

    public HazardRecord {
        extensions = immutable(extensions);
        reinspections = immutable(reinspections);
        listing = immutable(listing);
        plan = plan == null ? TreatmentPlan.NONE : plan;
    }

    /** One deadline extension 延期: approved by whom, on which day, why. */
    public record Extension(LocalDate previousDeadline, LocalDate newDeadline, String reason, String approvedBy, LocalDate approvedOn) {
    }

    /** A recorded step of a major danger's close-out: who, on which day. */
    public record Step(String by, LocalDate on) {
    }

    /** The authority's review and agreement (安全生产法 art 65(三) 经审查同意). */
    public record Review(String authority, LocalDate agreedOn, String documentNumber) {
    }

    public record Reinspection(LocalDate on, boolean passed, String inspector) {
    }

    /** A listing or de-listing; {@code authority} is the body that did it. */
    public record ListingEvent(boolean listed, ListingLevel level, LocalDate on, String documentNumber, String authority) {
    }

    /** The day the danger was closed out as recorded on site (verified or 销号), or null. */
    public LocalDate closedOn() {
        if (!HazardLifecycle.isClosed(status)) {
            return null;
        }
        return grade == HazardGrade.MAJOR ? (review == null ? null : review.agreedOn()) : verifiedOn;
    }

    /** The level listed now (the last listing not followed by a de-listing), or null. */
    public ListingLevel listedLevel() {
        ListingLevel level = null;
        for (ListingEvent event : listing) {
            level = event.listed() ? event.level() : null;
        }
        return level;
    }

    /**
     * The deadline in force on a day: the first deadline, moved by each extension approved on or
     * before that day. An extension approved after the day does not change what was due then.
     */
    public LocalDate deadlineOn(LocalDate day) {
        if (extensions.isEmpty()) {
            return deadline;
        }
        LocalDate inForce = extensions.get(0).previousDeadline();
        for (Extension extension : extensions) {
            if (!extension.approvedOn().isAfter(day)) {
                inForce = extension.newDeadline();
            }
        }
        return inForce;
    }

    /**
     * 逾期未整改 on a day: the deadline in force that day has passed and the rectification was not
     * completed (as recorded on site) by that day. A danger fixed on time and waiting for its
     * re-inspection is not overdue.
     */
    public boolean overdueOn(LocalDate day) {
        LocalDate due = deadlineOn(day);
        if (due == null || !day.isAfter(due)) {
            return false;
        }
        LocalDate done = rectifiedOn != null ? rectifiedOn : closedOn();
        return done == null || done.isAfter(day);
    }

    /** An unmodifiable copy ({@code List.copyOf} is absent on Android 26, where the device library runs this too). */
    private static <T> List<T> immutable(List<T> list) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
