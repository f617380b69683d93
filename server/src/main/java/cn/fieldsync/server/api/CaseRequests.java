package cn.fieldsync.server.api;

import static cn.fieldsync.server.api.RequestShape.any;
import static cn.fieldsync.server.api.RequestShape.object;
import static cn.fieldsync.server.api.RequestShape.objects;
import static cn.fieldsync.server.api.RequestShape.text;
import static cn.fieldsync.server.api.RequestShape.texts;

/**
 * What each route of {@link CasesResource} takes ({@link RequestShape}): the members the case rules
 * ({@code cn.fieldsync.server.casefile}) read, and nothing else. A member the rules check
 * themselves (counts, money, lists of ids or codes, booleans given as text) is {@code any}; text
 * is {@code text}, so a list or object sent where text belongs is refused, not dropped.
 */
final class CaseRequests {

    /** 案件的起因 (the event): an accident's figures and report times (493号令 arts 3, 9, 12) among them. */
    private static final RequestShape EVENT = RequestShape.of(text("kind"), text("at"), text("description"),
            any("deaths"), any("seriousInjuries"), any("directLossCny"), any("missing"), any("poisoned"),
            text("sector"), text("nature"), text("knownAt"), text("reportedAt"));
    /** A 监管部门 of the subject unit: {@code {unitId, kind}}. */
    private static final RequestShape SUPERVISOR = RequestShape.of(text("unitId"), text("kind"));
    /** 作出决定的机关 (deciding body). */
    private static final RequestShape DECIDING_BODY = RequestShape.of(text("kind"), text("name"));
    /** 尽职免责 (exemption): why, and the confirmed evidence it rests on. */
    private static final RequestShape EXEMPTION = RequestShape.of(text("reason"), any("evidenceIds"));
    /** 问责形式 (the form of accountability). */
    private static final RequestShape FORM = RequestShape.of(text("category"), text("kind"), text("subKind"));

    static final RequestShape OPEN = RequestShape.of(text("title"), text("subjectUnitId"), text("supervisingUnitId"),
            any("investigators"), any("reach"), objects("supervisors", SUPERVISOR), object("event", EVENT));
    static final RequestShape PARTY = RequestShape.of(text("track"), text("personId"), text("responsibility"));
    static final RequestShape FINDING = RequestShape.of(text("track"), text("text"), any("personIds"));
    static final RequestShape LINK = RequestShape.of(text("track"), text("evidenceType"), text("evidenceId"), text("role"), text("reason"));
    /** Confirming or rejecting a proposed link. */
    static final RequestShape DECISION = RequestShape.of(text("reason"));
    static final RequestShape ACTION = RequestShape.of(text("track"), object("form", FORM), text("personId"), text("targetUnitId"),
            object("decidingBody", DECIDING_BODY), text("on"));
    static final RequestShape STEP = RequestShape.of(text("to"), text("on"), text("statementDeadline"), any("statementReceived"),
            text("decisionKnownOn"), text("reviewDecisionOn"), any("influenceMonths"), object("decidingBody", DECIDING_BODY),
            object("exemption", EXEMPTION), text("note"));
    static final RequestShape CHECKLIST = RequestShape.of(text("item"), any("done"), text("note"));
    static final RequestShape INVESTIGATORS = RequestShape.of(any("investigators"));
    static final RequestShape REACH = RequestShape.of(any("jurisdictions"));
    /** 调查报告期限的延长 (493号令 art 29) and 批复期限的延长 (art 32): days, and why. */
    static final RequestShape EXTENSION = RequestShape.of(any("days"), text("reason"));
    static final RequestShape REPORT_SUBMITTED = RequestShape.of(text("on"));
    static final RequestShape REPLY = RequestShape.of(text("on"), text("documentNumber"));
    static final RequestShape CASUALTIES = RequestShape.of(text("on"), any("deaths"), any("seriousInjuries"), any("missing"),
            any("poisoned"), any("directLossCny"), text("note"));
    static final RequestShape MARK = RequestShape.of(text("mark"), text("note"));
    static final RequestShape REPORT_TIMES = RequestShape.of(text("knownAt"), text("reportedAt"));
    static final RequestShape NATURE = RequestShape.of(text("nature"), text("note"));
    static final RequestShape EDUCATION = RequestShape.of(text("on"), text("description"), texts("attendees"));
    static final RequestShape EVALUATION = RequestShape.of(text("due"), text("by"));

    private CaseRequests() {
    }
}
