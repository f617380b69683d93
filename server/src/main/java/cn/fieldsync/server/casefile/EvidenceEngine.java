package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.casefile.EvidenceProposals;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonElement;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.AccidentRecords.facts;
import static cn.fieldsync.server.casefile.CaseJson.json;

/**
 * The evidence engine's runs: at opening, by hand, and after every push or record write that
 * brings records of a unit an open case is about (or supervises). The rules of what to propose
 * are {@link EvidenceProposals}'; this class reads their facts ({@link EvidenceFeed}) within the
 * case's reach and stores each new proposal once per track.
 */
final class EvidenceEngine {

    private static final Logger LOG = Logger.getLogger(EvidenceEngine.class.getName());

    private final CaseAccess access;
    private final CaseReach reach;
    private final EvidenceLinks links;
    private final EvidenceFeed feed;

    EvidenceEngine(CaseAccess access, CaseReach reach, EvidenceLinks links, EvidenceFeed feed) {
        this.access = access;
        this.reach = reach;
        this.links = links;
        this.feed = feed;
    }

    /**
     * Runs the engine again for the open cases about (or supervised by) these units: evidence
     * synced in after a case was opened is proposed then. Returns how many links were proposed.
     */
    int evidenceArrived(Set<String> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        try {
            // nearly every push arrives while no case is open at all: one plain SQL read finds that out
            // (no entity manager), and only then are the open cases read and matched to the records' units
            if (access.database().withConnection(c -> cn.fieldsync.server.persistence.Sql.list(c,
                    "SELECT id FROM case_file WHERE status = 'OPEN' LIMIT 1", row -> row.getString(1))).isEmpty()) {
                return 0;
            }
            // only a push that concerns an open case pays for a writing transaction
            List<String> concerned = access.database().read(em -> {
                List<CaseEntity> open = em.createQuery("SELECT c FROM CaseEntity c WHERE c.status = 'OPEN'", CaseEntity.class)
                        .getResultList();
                Set<String> unitIds = open.isEmpty() ? Set.of() : unitsOf(em, recordIds);
                return open.stream().filter(c -> unitIds.contains(c.subjectUnitId)
                        || (c.supervisingUnitId != null && unitIds.contains(c.supervisingUnitId))
                        || CaseFacts.supervisorIds(facts(c)).stream().anyMatch(unitIds::contains)).map(c -> c.id).toList();
            });
            if (concerned.isEmpty()) {
                return 0;
            }
            // two nodes taking pushes for one case may propose the same evidence at the same moment: the
            // second insert breaks evidence_link_once (23505) and rolls back; run again, it finds the
            // first's links and adds none (a tester saw the warning on two PostgreSQL nodes)
            return cn.fieldsync.server.persistence.Retries.retrying(() -> access.database().inTransaction(em -> {
                int added = 0;
                for (String id : concerned) {
                    added += propose(em, em.find(CaseEntity.class, id));
                }
                return added;
            }));
        } catch (RuntimeException e) {
            // the evidence itself is stored already; a failed proposal run is retried by the next sync or by hand
            LOG.log(Level.WARNING, "the evidence engine failed after a sync; run POST /api/cases/{id}/propose", e);
            return 0;
        }
    }

    /** The units the records belong to; a person belongs to the units of every post in their history. */
    private static Set<String> unitsOf(EntityManager em, Set<String> recordIds) {
        Set<String> units = new HashSet<>();
        List<String> ids = new ArrayList<>(recordIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                in.append(i == 0 ? "?" : ",?").append(i + 1);
            }
            var query = em.createNativeQuery("SELECT record_type, unit_id, body FROM record WHERE id IN (" + in + ")");
            for (int i = 0; i < chunk.size(); i++) {
                query.setParameter(i + 1, chunk.get(i));
            }
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                if (r[1] != null) {
                    units.add((String) r[1]);
                }
                if ("person".equals(r[0])) {
                    for (JsonElement p : json((String) r[2]).getAsJsonArray("positions")) {
                        units.add(text(p.getAsJsonObject(), "unitId"));
                    }
                }
            }
        }
        return units;
    }

    /** Runs the engine for one case by hand. */
    CaseDtos.Detail proposeAgain(Caller caller, String caseId) {
        return access.write(caller, caseId, (em, c) -> propose(em, c));
    }

    /** Runs the engine for one case in the caller's transaction; answers how many links it proposed. */
    int propose(EntityManager em, CaseEntity c) {
        EvidenceProposals.Case facts = new EvidenceProposals.Case(c.subjectUnitId, c.supervisingUnitId, LocalDate.parse(c.eventDay),
                c.windowMonths, CaseFacts.supervisorIds(facts(c)), java.time.Instant.ofEpochMilli(c.eventAt));
        EvidenceFeed.Facts read = reach.filter(em, c, feed.read(em, facts));
        int added = 0;
        for (EvidenceProposals.Proposal p : EvidenceProposals.propose(facts, read.posts(), read.inspections(), read.hazards(),
                read.pledges(), read.warnings())) {
            String type = p.evidenceType().equals("warning") ? "action" : p.evidenceType();
            if (!EvidenceLinks.linked(em, c.id, p.track().name(), p.evidenceId())) {
                em.persist(links.link(c.id, p.track().name(), type, p.evidenceId(), p.role(), p.reason(), p.aggravating(), "SYSTEM"));
                added++;
            }
        }
        return added;
    }
}
