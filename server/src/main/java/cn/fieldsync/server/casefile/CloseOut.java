package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.domain.casefile.CloseOutChecklist;
import cn.fieldsync.server.audit.AuditLog;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.fieldsync.schemas.JsonFields.text;
import static cn.fieldsync.server.casefile.CaseJson.*;

/**
 * Closing a case under 四不放过 (原因未查清不放过, 责任人员未处理不放过, 有关人员未受到教育不放过,
 * 整改措施未落实不放过; docs/accountability.md): the checklist ticked item by item, and the close
 * refused while an item is unticked or lacks the facts that back it ({@link CloseOutChecklist}).
 */
final class CloseOut {

    private final CaseAccess access;
    private final AccidentRecords accidents;
    private final AuditLog audit;
    private final Clock clock;

    CloseOut(CaseAccess access, AccidentRecords accidents, AuditLog audit, Clock clock) {
        this.access = access;
        this.accidents = accidents;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code {"item":"CAUSE_ESTABLISHED","done":true,"note":"..."}}. */
    CaseDtos.Detail checklist(Caller caller, String caseId, JsonObject request) {
        CloseOutChecklist.Item item;
        try {
            item = CloseOutChecklist.Item.valueOf(required(request, "item", "/item"));
        } catch (IllegalArgumentException e) {
            throw notOneOf("/item", "closeOutChecklist", Arrays.asList(CloseOutChecklist.Item.values()));
        }
        boolean done = !request.has("done") || bool(request, "done");
        return access.write(caller, caseId, (em, c) -> {
            JsonObject list = json(c.checklist);
            JsonObject entry = new JsonObject();
            entry.addProperty("done", done);
            entry.addProperty("by", caller.username());
            entry.addProperty("at", Instant.ofEpochMilli(clock.millis()).toString());
            if (text(request, "note") != null) {
                entry.addProperty("note", text(request, "note"));
            }
            list.add(item.name(), entry);
            c.checklist = list.toString();
            audit.append(em, caller.username(), "CASE_CHECKLIST", c.id, detail("item", item.name(), "done", String.valueOf(done)));
        });
    }

    /**
     * Closes the case when every item of 四不放过 is ticked and backed by its facts
     * ({@link CloseOutChecklist#unmet}); else {@code case_not_closable} naming what is lacking.
     */
    CaseDtos.Detail close(Caller caller, String caseId) {
        return access.write(caller, caseId, (em, c) -> {
            CloseOutChecklist.Facts closeFacts = accidents.closeFacts(em, c);
            Set<CloseOutChecklist.Item> open = CloseOutChecklist.open(CaseView.done(c), closeFacts);
            if (!open.isEmpty()) {
                // each open item with what its facts lack, or, when they lack nothing, that it is not ticked
                Map<CloseOutChecklist.Item, List<String>> unmet = CloseOutChecklist.unmet(closeFacts);
                String lacking = open.stream().map(item -> Labels.named("closeOutChecklist", item) + "："
                        + (unmet.getOrDefault(item, List.of()).isEmpty() ? Labels.say("caseNotTicked") : String.join("，", unmet.get(item))))
                        .collect(Collectors.joining("；"));
                throw new FieldsyncException(ErrorCode.CASE_NOT_CLOSABLE, "/checklist", Labels.say("caseNotClosable", lacking));
            }
            c.status = "CLOSED";
            c.closedAt = clock.millis();
            audit.append(em, caller.username(), "CASE_CLOSED", c.id, detail("number", c.number, "by", caller.username()));
        });
    }
}
