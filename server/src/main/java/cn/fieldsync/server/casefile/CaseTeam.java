package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
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

    /**
     * {@code {"investigators":["name",..]}}: replaces the case's investigators (see {@link CaseReach}).
     * The list is required: a body without it (or with it null) is refused, not read as "nobody" —
     * {@code []} is how a reviewer says that, so a mistyped request never empties the team.
     */
    CaseDtos.Detail setInvestigators(Caller caller, String caseId, JsonObject request) {
        if (!request.has("investigators") || request.get("investigators").isJsonNull()) {
            throw CaseJson.invalid("/investigators", Labels.say("caseRequired", CaseJson.fieldName("/investigators"), "investigators"));
        }
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
