package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.record.RecordStore;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * The evidence links of a case (一案双查): a user's own proposal, the reviewer's decision on any
 * proposal (the engine's too), and the confirmed evidence a bundle carries. A confirmed link
 * becomes an {@code evidence-link} record, so the evidence reaches those who have the case in
 * scope at their next pull; a rejected one stays visible with its reason.
 */
final class EvidenceLinks {

    private static final List<String> EVIDENCE_TYPES = List.of("inspection", "hazard", "pledge", "attachment", "action", "case");

    private final CaseAccess access;
    private final CaseReach reach;
    private final RecordStore store;
    private final AuditLog audit;
    private final Clock clock;

    EvidenceLinks(CaseAccess access, CaseReach reach, RecordStore store, AuditLog audit, Clock clock) {
        this.access = access;
        this.reach = reach;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** A user's own proposal: {@code {"track","evidenceType","evidenceId","role","reason"}}. */
    CaseDtos.Detail proposeLink(Caller caller, String caseId, JsonObject request) {
        String track = track(request);
        String type = required(request, "evidenceType", "/evidenceType");
        if (!EVIDENCE_TYPES.contains(type)) {
            throw notOneOf("/evidenceType", "recordTypes", EVIDENCE_TYPES);
        }
        String evidenceId = uuid(required(request, "evidenceId", "/evidenceId"), "/evidenceId");
        // the member's catalogue name (身份) is a signer's: here it is the part the evidence plays
        String role = text(request, "role");
        if (role == null || role.isBlank()) {
            throw invalid("/role", Labels.say("caseLinkRole", 0));
        }
        String reason = required(request, "reason", "/reason");
        if (role.length() > 40) {
            throw invalid("/role", Labels.say("caseLinkRole", role.length()));
        }
        if (reason.length() > 2000) {
            throw tooLong("/reason", 2000, reason);
        }
        return access.write(caller, caseId, (em, c) -> {
            reach.require(em, caller, c, type, evidenceId, "/evidenceId");
            requireEvidence(em, type, evidenceId);
            if (linked(em, c.id, track, evidenceId)) {
                throw new FieldsyncException(ErrorCode.ALREADY_LINKED, "/evidenceId", Labels.say("caseEvidenceOnTrack", Labels.name("tracks", track)));
            }
            LinkEntity link = link(c.id, track, type, evidenceId, role, reason, false, caller.username());
            em.persist(link);
            audit.append(em, caller.username(), "LINK_PROPOSED", c.id, detail("linkId", link.id, "evidenceId", evidenceId));
        });
    }

    /** Confirms or rejects a proposed link; a rejection gives its reason and stays visible. */
    CaseDtos.Detail decideLink(Caller caller, String caseId, String linkId, boolean confirm, String reason) {
        if (!confirm && (reason == null || reason.isBlank())) {
            throw invalid("/reason", Labels.say("caseRejectionReason"));
        }
        if (reason != null && reason.length() > 2000) {
            throw tooLong("/reason", 2000, reason);
        }
        return access.write(caller, caseId, (em, c) -> {
            LinkEntity link = em.find(LinkEntity.class, linkId == null ? "" : linkId);
            if (link == null || !link.caseId.equals(c.id)) {
                throw new FieldsyncException(ErrorCode.NOT_FOUND, null,
                        Labels.say("caseNoSuchPart", c.number, Labels.name("recordTypes", "evidence-link"), linkId));
            }
            if (!link.state.equals("PROPOSED")) {
                throw new FieldsyncException(ErrorCode.ILLEGAL_TRANSITION, "/state",
                        Labels.say("caseLinkDecided", Labels.name("linkStates", link.state), link.decidedBy));
            }
            link.state = confirm ? "CONFIRMED" : "REJECTED";
            link.decidedBy = caller.username();
            link.decidedAt = clock.millis();
            link.decisionReason = reason;
            if (confirm) {
                reach.require(em, caller, c, link.evidenceType, link.evidenceId, "/evidenceId");
                StoredRecord linkRecord = store.insert(em, Scope.ALL, RecordType.EVIDENCE_LINK,
                        link.id, linkRecord(c, link));
                // every stored version has its entry with the SHA-256 of its body (AuditVerifier checks)
                JsonObject created = new JsonObject();
                created.addProperty("type", RecordType.EVIDENCE_LINK.wireName());
                audit.append(em, caller.username(), "RECORD_CREATED", link.id,
                        AuditLog.content(created, linkRecord.version(), linkRecord.deleted(), linkRecord.body()));
                // the evidence now reaches, at their next pull, those who have the case in scope
                store.touch(em, link.evidenceId);
            }
            audit.append(em, caller.username(), confirm ? "LINK_CONFIRMED" : "LINK_REJECTED", c.id,
                    detail("linkId", link.id, "evidenceId", link.evidenceId));
        });
    }

    /** The record a confirmed link becomes (schemas/evidence-link.schema.json). */
    private static JsonObject linkRecord(CaseEntity c, LinkEntity link) {
        JsonObject body = new JsonObject();
        body.addProperty("caseId", c.id);
        body.addProperty("caseNumber", c.number);
        body.addProperty("caseTitle", c.title);
        body.addProperty("track", link.track);
        body.addProperty("evidenceType", link.evidenceType);
        body.addProperty("evidenceId", link.evidenceId);
        body.addProperty("role", link.role);
        body.addProperty("reason", link.reason.length() > 4000 ? link.reason.substring(0, 4000) : link.reason);
        body.addProperty("aggravating", link.aggravating);
        body.addProperty("confirmedBy", link.decidedBy);
        body.addProperty("confirmedAt", Instant.ofEpochMilli(link.decidedAt).toString());
        return body;
    }

    private static void requireEvidence(EntityManager em, String type, String id) {
        String sql = switch (type) {
            case "action" -> "SELECT id FROM accountability_action WHERE id = ?1";
            case "case" -> "SELECT id FROM case_file WHERE id = ?1";
            default -> "SELECT id FROM record WHERE id = ?1 AND record_type = '" + type + "'";
        };
        if (em.createNativeQuery(sql).setParameter(1, id).getResultList().isEmpty()) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_REFERENCE, "/evidenceId", noSuch(type, id));
        }
    }

    /** The records confirmed as evidence of a case, for its bundle. */
    List<String> confirmedRecords(Caller caller, String caseId) {
        return access.database().read(em -> {
            CaseEntity c = CaseAccess.visible(em, caller, caseId);
            return CaseReach.within(em, c, new ArrayList<>(confirmed(em, c.id).keySet()));
        });
    }

    /**
     * The case's confirmed evidence its reach no longer holds (another county's, its grant taken back), by id with its
     * type, in id order: a bundle of the case names them as left out, so it is never taken for the whole case (a
     * tester's finding: the bundle and verify-bundle said nothing while the case still listed them as confirmed).
     */
    java.util.Map<String, String> confirmedOutsideReach(Caller caller, String caseId) {
        return access.database().read(em -> {
            CaseEntity c = CaseAccess.visible(em, caller, caseId);
            java.util.Map<String, String> all = confirmed(em, c.id);
            CaseReach.within(em, c, new ArrayList<>(all.keySet())).forEach(all::remove);
            return all;
        });
    }

    private static java.util.Map<String, String> confirmed(EntityManager em, String caseId) {
        java.util.Map<String, String> types = new java.util.TreeMap<>();
        for (Object row : em.createNativeQuery("SELECT DISTINCT evidence_id, evidence_type FROM evidence_link WHERE case_id = ?1"
                + " AND state = 'CONFIRMED' AND evidence_type IN ('inspection', 'hazard', 'pledge', 'attachment')").setParameter(1, caseId)
                .getResultList()) {
            Object[] cells = (Object[]) row;
            types.put((String) cells[0], (String) cells[1]);
        }
        return types;
    }

    /** Whether the evidence is on the track already, in any state: a rejected proposal is not proposed again. */
    static boolean linked(EntityManager em, String caseId, String track, String evidenceId) {
        em.flush(); // proposals persisted earlier in this transaction count
        return !em.createNativeQuery("SELECT id FROM evidence_link WHERE case_id = ?1 AND track = ?2 AND evidence_id = ?3")
                .setParameter(1, caseId).setParameter(2, track).setParameter(3, evidenceId).getResultList().isEmpty();
    }

    /** A new proposal, by a user or by the engine ({@code SYSTEM}), not yet persisted. */
    LinkEntity link(String caseId, String track, String type, String evidenceId, String role, String reason,
                    boolean aggravating, String by) {
        LinkEntity link = new LinkEntity();
        link.id = Uuids.v7();
        link.caseId = caseId;
        link.track = track;
        link.evidenceType = type;
        link.evidenceId = evidenceId;
        link.role = role;
        link.reason = reason;
        link.aggravating = aggravating;
        link.proposedBy = by;
        link.proposedAt = clock.millis();
        link.state = "PROPOSED";
        return link;
    }
}
