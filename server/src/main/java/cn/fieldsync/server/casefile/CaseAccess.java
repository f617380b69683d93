package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.persistence.Database;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Who may read or change a case, and the one transaction every change runs in. Every change to a
 * case — by any of the case classes — comes through {@link #write}, so the rules "reviewers and
 * administrators only", "a case another county's caller cannot see is answered as absent" and
 * "a closed case takes no change but a remedy" are kept in one place. Thread-safe (no state).
 */
final class CaseAccess {

    /** One change to a case inside its transaction; the case is loaded and checked already. */
    interface Change {
        void apply(EntityManager em, CaseEntity c);
    }

    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final CaseView view;

    CaseAccess(Database database, Clock clock, ZoneId zone, CaseView view) {
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.view = view;
    }

    /** The database, for reads that need no change check (lists, the engine's first look). */
    Database database() {
        return database;
    }

    /** A change by a reviewer or an administrator to an open case the caller may see; answers the case. */
    CaseDtos.Detail write(Caller caller, String caseId, Change change) {
        return write(caller, caseId, false, change);
    }

    /** @param evenClosed the change is one a closed case still takes (a remedy lodged in time) */
    CaseDtos.Detail write(Caller caller, String caseId, boolean evenClosed, Change change) {
        if (!caller.is(Role.REVIEWER) && !caller.is(Role.ADMIN)) {
            throw new FieldsyncException(ErrorCode.FORBIDDEN, null, Labels.say("caseReviewersOnly", Labels.name("roles", caller.role().name())));
        }
        return database.inTransaction(em -> {
            CaseEntity c = visible(em, caller, caseId);
            if (c.status.equals("CLOSED") && !evenClosed) {
                throw new FieldsyncException(ErrorCode.CASE_CLOSED, null, Labels.say("caseClosed", c.number));
            }
            change.apply(em, c);
            return view.view(em, c);
        });
    }

    /** The case, or {@code not_found} when there is none or the caller may not see it (the two look alike). */
    static CaseEntity visible(EntityManager em, Caller caller, String id) {
        CaseEntity c = id == null || !Uuids.isCanonical(id) ? null : em.find(CaseEntity.class, id);
        if (c == null || !canSee(caller, c, CaseInvestigators.of(em, c.id))) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, CaseJson.noSuch("case", id));
        }
        return c;
    }

    /** In the caller's scope (its jurisdiction, or the case given to them), or named an investigator of it. */
    static boolean canSee(Caller caller, CaseEntity c, List<String> investigators) {
        return caller.scope().seesCase(c.id, c.jurisdiction) || investigators.contains(caller.username());
    }

    /** Today in the server's zone: the legal day a step is taken on. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }
}
