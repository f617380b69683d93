package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * The parties of a case's tracks (who bears which responsibility, with the post they held on the
 * event day) and the findings of its investigation. Both count for 先调查后问责: an action against
 * a person waits until the person is a party of the track or named in one of its findings
 * ({@link ActionSteps}).
 */
final class PartiesAndFindings {

    /**
     * DIRECT 直接责任, PRIMARY 主体责任, LEADERSHIP 领导责任, SUPERVISORY 监管责任 (the regulator's
     * duty over the unit, 安全生产法 art 10), OVERSIGHT 监督责任 (the commission's or party
     * organisation's duty over the regulator) — 监管 and 监督 are different duties of different bodies.
     */
    private static final List<String> RESPONSIBILITIES = List.of("DIRECT", "PRIMARY", "LEADERSHIP", "SUPERVISORY", "OVERSIGHT");

    private final CaseAccess access;
    private final CaseReach reach;
    private final AuditLog audit;
    private final Clock clock;

    PartiesAndFindings(CaseAccess access, CaseReach reach, AuditLog audit, Clock clock) {
        this.access = access;
        this.reach = reach;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code {"track","personId","responsibility"}}: the post is the one the person held on the event day. */
    CaseDtos.Detail addParty(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String personId = uuid(required(request, "personId", "/personId"), "/personId");
        String responsibility = required(request, "responsibility", "/responsibility");
        if (!RESPONSIBILITIES.contains(responsibility)) {
            throw notOneOf("/responsibility", "responsibilities", RESPONSIBILITIES);
        }
        return access.write(caller, caseId, (em, c) -> {
            reach.require(em, caller, c, "person", personId, "/personId");
            List<?> rows = em.createNativeQuery("SELECT body FROM record WHERE id = ?1 AND record_type = 'person'")
                    .setParameter(1, personId).getResultList();
            if (rows.isEmpty()) {
                throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/personId", noSuch("person", personId));
            }
            JsonObject person = json((String) rows.getFirst());
            PartyEntity party = new PartyEntity();
            party.id = Uuids.v7();
            party.caseId = c.id;
            party.track = track;
            party.personId = personId;
            party.name = text(person, "name");
            JsonObject post = postOn(person, LocalDate.parse(c.eventDay));
            party.unitId = post == null ? null : text(post, "unitId");
            party.post = post == null ? null : text(post, "post");
            party.responsibility = responsibility;
            party.addedBy = caller.username();
            party.addedAt = clock.millis();
            em.persist(party);
            audit.append(em, caller.username(), "CASE_PARTY_ADDED", c.id, detail("partyId", party.id, "track", track));
        });
    }

    /** The post held on the day: the leading one when several (a person may hold two). */
    private static JsonObject postOn(JsonObject person, LocalDate day) {
        JsonObject best = null;
        for (JsonElement element : person.getAsJsonArray("positions")) {
            JsonObject p = element.getAsJsonObject();
            LocalDate from = LocalDate.parse(text(p, "from"));
            LocalDate to = p.has("to") ? LocalDate.parse(text(p, "to")) : null;
            if (!day.isBefore(from) && (to == null || !day.isAfter(to))
                    && (best == null || rank(p) < rank(best))) {
                best = p;
            }
        }
        return best;
    }

    private static int rank(JsonObject position) {
        return List.of("PRINCIPAL", "DEPUTY", "SUPERVISOR", "STAFF").indexOf(text(position, "leadership"));
    }

    /**
     * A finding on a track: {@code {"track","text","personIds"?:[..]}}; the persons it names are
     * investigated for the purpose of 先调查后问责.
     */
    CaseDtos.Detail addFinding(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        // the member's catalogue name (检查内容) is a checklist item's: here it is what was found
        String text = text(request, "text");
        if (text == null || text.isBlank() || text.length() > 20_000) {
            throw invalid("/text", Labels.say("caseFindingText", text == null ? 0 : text.length()));
        }
        JsonArray personIds = new JsonArray();
        JsonElement named = request.get("personIds");
        if (named != null) {
            if (!named.isJsonArray() || named.getAsJsonArray().size() > 100) {
                throw invalid("/personIds", Labels.say("casePersonIdsList"));
            }
            for (int i = 0; i < named.getAsJsonArray().size(); i++) {
                JsonElement e = named.getAsJsonArray().get(i);
                personIds.add(uuid(e.isJsonPrimitive() ? e.getAsString() : "", "/personIds/" + i));
            }
        }
        return access.write(caller, caseId, (em, c) -> {
            // as a party's: a person outside the case's reach, or out of the caller's sight, is unknown here —
            // the 案卷 prints the names a finding names, and another county's person must not be named by id
            for (int i = 0; i < personIds.size(); i++) {
                reach.require(em, caller, c, "person", personIds.get(i).getAsString(), "/personIds/" + i);
            }
            FindingEntity finding = new FindingEntity();
            finding.id = Uuids.v7();
            finding.caseId = c.id;
            finding.track = track;
            finding.text = text;
            finding.personIds = personIds.isEmpty() ? null : personIds.toString();
            finding.addedBy = caller.username();
            finding.addedAt = clock.millis();
            em.persist(finding);
            audit.append(em, caller.username(), "CASE_FINDING_ADDED", c.id, detail("findingId", finding.id, "track", track));
        });
    }
}
