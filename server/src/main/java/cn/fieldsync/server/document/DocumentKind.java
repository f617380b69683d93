package cn.fieldsync.server.document;

import java.util.Locale;
import java.util.Optional;

/**
 * The printable documents (文书) the server issues, each numbered within its kind and year.
 * The Chinese name of each is in the label catalogue, section {@code documentKinds}.
 */
public enum DocumentKind {
    /** 现场检查记录: a sealed (or draft) inspection with its signatures or the recorded refusal (安全生产法 art 68). */
    INSPECTION_RECORD(Subject.INSPECTION, "栖应急检记〔{year}〕{seq}号"),
    /** 责令限期整改指令书: the order to rectify a hidden danger by its deadline (安全生产法 arts 65(三), 102). */
    RECTIFICATION_ORDER(Subject.HAZARD, "栖应急责改〔{year}〕{seq}号"),
    /** 整改复查意见书: the re-inspection's opinion on a rectification (安全生产法 art 65). */
    REINSPECTION_OPINION(Subject.HAZARD, "栖应急复查〔{year}〕{seq}号"),
    /** 隐患台账: the hidden-danger ledger, the caller's scope and filters as the export's. */
    HAZARD_LEDGER(Subject.LEDGER, "栖应急台账〔{year}〕{seq}号"),
    /** 案卷: a case's summary with both tracks, their confirmed evidence and accountability actions. */
    CASE_FILE(Subject.CASE, "栖纪案卷〔{year}〕{seq}号");

    /** What a kind of document prints. */
    public enum Subject { INSPECTION, HAZARD, LEDGER, CASE }

    private final Subject subject;
    private final String defaultPattern;

    DocumentKind(Subject subject, String defaultPattern) {
        this.subject = subject;
        this.defaultPattern = defaultPattern;
    }

    public Subject subject() {
        return subject;
    }

    public String defaultPattern() {
        return defaultPattern;
    }

    /**
     * The counter's name for {@code Numbering}: {@code doc:<KIND>} on a one-county server,
     * {@code doc:<KIND>@<county>} for a county with its own sequence.
     */
    public String counter(String county) {
        return "doc:" + name() + (county == null || county.isEmpty() ? "" : "@" + county);
    }

    /** The setting of this kind's number pattern, e.g. {@code fieldsync.documents.number-pattern.rectification-order}. */
    public String patternKey() {
        return "fieldsync.documents.number-pattern." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DocumentKind> of(String name) {
        for (DocumentKind kind : values()) {
            if (kind.name().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
