package cn.fieldsync.server.casefile;

import cn.fieldsync.domain.casefile.EvidenceProposals;
import cn.fieldsync.domain.hazard.HazardLifecycle;
import cn.fieldsync.domain.hazard.HazardRecord;
import cn.fieldsync.domain.hazard.HazardStatus;
import cn.fieldsync.server.record.RecordRules;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static cn.fieldsync.schemas.JsonFields.text;

/**
 * Reads, from the stored records, the facts the proposal engine ({@link EvidenceProposals}) works
 * on: the posts people held at the unit and its supervising body, the unit's inspections,
 * hidden dangers (with when they were closed out and whether they were sent back), the pledges
 * signed for either, and the warnings (accountability actions of the WARNING category) given
 * to the unit or to people.
 */
final class EvidenceFeed {

    private static final Set<String> CLOSED = Set.of(HazardStatus.VERIFIED.name(), HazardStatus.CLOSED_OUT.name());

    private final ZoneId zone;

    EvidenceFeed(ZoneId zone) {
        this.zone = zone;
    }

    record Facts(List<EvidenceProposals.Post> posts, List<EvidenceProposals.Inspection> inspections,
                 List<EvidenceProposals.Hazard> hazards, List<EvidenceProposals.Pledge> pledges,
                 List<EvidenceProposals.Warning> warnings) {
    }

    Facts read(EntityManager em, EvidenceProposals.Case c) {
        List<String> units = new ArrayList<>(List.of(c.unitId()));
        if (c.supervisingUnitId() != null) {
            units.add(c.supervisingUnitId());
        }
        c.supervisors().stream().filter(u -> !units.contains(u)).forEach(units::add);
        return new Facts(posts(em, units), inspections(em, c.unitId()), hazards(em, c.unitId(), c.eventDay()),
                pledges(em, units), warnings(em));
    }

    /** Every post at these units in every person's position history (a person moves; the history stays). */
    private List<EvidenceProposals.Post> posts(EntityManager em, List<String> units) {
        List<EvidenceProposals.Post> posts = new ArrayList<>();
        for (String unit : units) {
            for (Object[] row : rows(em, "SELECT id, body FROM record WHERE record_type = 'person' AND deleted = ?1 AND body LIKE ?2",
                    false, "%" + unit + "%")) {
                for (JsonElement element : json((String) row[1]).getAsJsonArray("positions")) {
                    JsonObject position = element.getAsJsonObject();
                    if (unit.equals(text(position, "unitId"))) {
                        posts.add(new EvidenceProposals.Post((String) row[0], unit,
                                EvidenceProposals.Leadership.valueOf(text(position, "leadership")), LocalDate.parse(text(position, "from")),
                                position.has("to") ? LocalDate.parse(text(position, "to")) : null));
                    }
                }
            }
        }
        return posts;
    }

    private List<EvidenceProposals.Inspection> inspections(EntityManager em, String unit) {
        List<EvidenceProposals.Inspection> list = new ArrayList<>();
        for (Object[] row : rows(em, "SELECT id, body FROM record WHERE record_type = 'inspection' AND deleted = ?1 AND unit_id = ?2",
                false, unit)) {
            JsonObject body = json((String) row[1]);
            LocalDate day = day(text(body, "startedAt"));
            list.add(new EvidenceProposals.Inspection((String) row[0], unit, day, inspector(em, body, unit, day), instant(text(body, "startedAt"))));
        }
        return list;
    }

    /**
     * Who inspected, from the inspectors' posts on the day: one who held a post at the unit
     * itself makes it the unit's own check (自查); one at a party organisation (纪委监委, 党委) makes it
     * the commission's; otherwise — inspectors named by their law-enforcement certificate — the
     * regulator's.
     */
    private EvidenceProposals.Inspector inspector(EntityManager em, JsonObject inspection, String unit, LocalDate day) {
        boolean commission = false;
        JsonElement inspectors = inspection.get("inspectors");
        if (inspectors == null || !inspectors.isJsonArray()) {
            return EvidenceProposals.Inspector.REGULATOR;
        }
        for (JsonElement i : inspectors.getAsJsonArray()) {
            String personId = text(i.getAsJsonObject(), "personId");
            if (personId == null) {
                continue;
            }
            for (Object[] row : rows(em, "SELECT body FROM record WHERE id = ?1 AND record_type = 'person'", personId)) {
                JsonElement positions = json((String) row[0]).get("positions");
                if (positions == null) {
                    continue;
                }
                for (JsonElement p : positions.getAsJsonArray()) {
                    JsonObject post = p.getAsJsonObject();
                    LocalDate from = LocalDate.parse(text(post, "from"));
                    LocalDate to = post.has("to") ? LocalDate.parse(text(post, "to")) : null;
                    if (day.isBefore(from) || (to != null && day.isAfter(to))) {
                        continue;
                    }
                    String postUnit = text(post, "unitId");
                    if (unit.equals(postUnit)) {
                        return EvidenceProposals.Inspector.SELF_CHECK;
                    }
                    for (Object[] u : rows(em, "SELECT body FROM record WHERE id = ?1 AND record_type = 'unit'", postUnit)) {
                        commission |= "PARTY_ORG".equals(text(json((String) u[0]), "kind"));
                    }
                }
            }
        }
        return commission ? EvidenceProposals.Inspector.COMMISSION : EvidenceProposals.Inspector.REGULATOR;
    }

    /**
     * Hidden dangers with their history: rectified on the day recorded on site
     * (rectificationCompletedAt, else the verification or 销号 day; the server's receipt day only
     * for records older than those fields); the deadline in force on the event day; sent back when
     * a FAILED re-inspection is dated before the event, or a later version has an earlier status.
     */
    private List<EvidenceProposals.Hazard> hazards(EntityManager em, String unit, LocalDate eventDay) {
        List<EvidenceProposals.Hazard> list = new ArrayList<>();
        for (Object[] row : rows(em, "SELECT id, body FROM record WHERE record_type = 'hazard' AND deleted = ?1 AND unit_id = ?2",
                false, unit)) {
            String id = (String) row[0];
            JsonObject body = json((String) row[1]);
            LocalDate closedOn = null;
            boolean reopened = false;
            HazardStatus last = null;
            for (Object[] version : rows(em, "SELECT body, changed_at FROM record_version WHERE record_id = ?1 ORDER BY version", id)) {
                LocalDate changed = Instant.ofEpochMilli(((Number) version[1]).longValue()).atZone(zone).toLocalDate();
                if (changed.isAfter(eventDay)) {
                    break;
                }
                HazardStatus status = HazardStatus.valueOf(text(json((String) version[0]), "status"));
                if (closedOn == null && CLOSED.contains(status.name())) {
                    closedOn = changed;
                }
                if (last != null && status.ordinal() < last.ordinal()) {
                    reopened = true;
                }
                last = status;
            }
            // the deadline in force on the event day (extensions approved later do not count) and the
            // day the rectification was completed as recorded on site, not when the server heard of it
            HazardRecord facts = RecordRules.hazard(body, zone);
            LocalDate done = facts.rectifiedOn() != null ? facts.rectifiedOn() : facts.closedOn();
            if (done != null || HazardLifecycle.isRectified(facts.status())) {
                closedOn = done != null ? done : closedOn;
            } else {
                closedOn = null;
            }
            reopened = reopened || facts.reinspections().stream().anyMatch(r -> !r.passed() && !r.on().isAfter(eventDay));
            list.add(new EvidenceProposals.Hazard(id, unit, day(text(body, "foundAt")), facts.deadlineOn(eventDay), closedOn, reopened,
                    instant(text(body, "foundAt"))));
        }
        return list;
    }

    private List<EvidenceProposals.Pledge> pledges(EntityManager em, List<String> units) {
        List<EvidenceProposals.Pledge> list = new ArrayList<>();
        for (String unit : units) {
            for (Object[] row : rows(em, "SELECT id, body FROM record WHERE record_type = 'pledge' AND deleted = ?1 AND unit_id = ?2",
                    false, unit)) {
                JsonObject body = json((String) row[1]);
                JsonObject period = body.getAsJsonObject("period");
                String signedAt = text(body, "signedAt");
                if ("SUPERSEDED".equals(text(body, "status"))) {
                    continue; // replaced by a later pledge: not the commitment in force
                }
                list.add(new EvidenceProposals.Pledge((String) row[0], text(body.getAsJsonObject("signer"), "personId"),
                        LocalDate.parse(text(period, "from")), LocalDate.parse(text(period, "to")), signedAt == null ? null : day(signedAt)));
            }
        }
        return list;
    }

    /**
     * Warnings given — decided — in earlier cases, to a unit or a person, dated by their decision.
     * A warning only proposed was never given, so nobody was warned by it.
     */
    private List<EvidenceProposals.Warning> warnings(EntityManager em) {
        List<EvidenceProposals.Warning> list = new ArrayList<>();
        for (Object[] row : rows(em, "SELECT id, kind, target_unit_id, person_id, decided_on FROM accountability_action "
                + "WHERE category = ?1 AND decided_on IS NOT NULL AND exemption IS NULL", "WARNING")) {
            String target = row[2] != null ? (String) row[2] : (String) row[3];
            LocalDate day = LocalDate.parse((String) row[4]);
            if (target != null) {
                list.add(new EvidenceProposals.Warning((String) row[0], (String) row[1], target, day));
            }
        }
        return list;
    }

    /** The moment of a recorded time, or null when only a day was recorded. */
    private static java.time.Instant instant(String when) {
        return when.length() == 10 ? null : OffsetDateTime.parse(when).toInstant();
    }

    private LocalDate day(String when) {
        return when.length() == 10 ? LocalDate.parse(when) : OffsetDateTime.parse(when).atZoneSameInstant(zone).toLocalDate();
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(EntityManager em, String sql, Object... params) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            rows.add(row instanceof Object[] array ? array : new Object[] {row});
        }
        return rows;
    }

    private static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("a stored record is not JSON: " + e.getMessage(), e);
        }
    }
}
