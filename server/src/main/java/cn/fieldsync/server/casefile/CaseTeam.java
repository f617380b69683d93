package cn.fieldsync.server.casefile;

import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * Who works on a case: its investigators, and the division codes an administrator grants it
 * beyond its subject's. The rules (who may be named, what a grant opens) are {@link CaseReach}'s;
 * this class runs them as changes of the case, each audited there.
 */
final class CaseTeam {

    private final CaseAccess access;
    private final CaseReach reach;

    CaseTeam(CaseAccess access, CaseReach reach) {
        this.access = access;
        this.reach = reach;
    }

    /** {@code {"investigators":["name",..]}}: replaces the case's investigators (see {@link CaseReach}). */
    CaseDtos.Detail setInvestigators(Caller caller, String caseId, JsonObject request) {
        List<String> names = CaseJson.investigators(request);
        return access.write(caller, caseId, (em, c) -> reach.setInvestigators(em, caller, c, names));
    }

    /** {@code {"jurisdictions":["370602"]}}: an administrator extends the case's reach (audited). */
    CaseDtos.Detail grantReach(Caller caller, String caseId, JsonObject request) {
        CaseReach.requireAdmin(caller);
        return access.write(caller, caseId, (em, c) -> reach.grant(em, caller, c, request));
    }

    /** An administrator takes back a granted division code (audited). */
    CaseDtos.Detail revokeReach(Caller caller, String caseId, String code) {
        CaseReach.requireAdmin(caller);
        return access.write(caller, caseId, (em, c) -> reach.revoke(em, caller, c, code));
    }
}
