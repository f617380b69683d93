package cn.fieldsync.domain.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.domain.accident.AccidentGrade;
import cn.fieldsync.domain.accountability.Periods;

import java.time.LocalDate;

/**
 * Deadlines of an accident case (生产安全事故报告和调查处理条例 arts 29, 32) [law]: the
 * investigation report within 60 days of the accident, extendable once by at most 60 days; the
 * government's reply (批复) within 15 days of the report, 30 for an EXTRAORDINARY accident with a
 * possible extension of at most 30.
 */
public final class AccidentDeadlines {

    public static final int REPORT_DAYS = 60;
    public static final int REPORT_EXTENSION_MAX_DAYS = 60;

    private AccidentDeadlines() {
    }

    /** @param extensionDays 0, or the one extension granted (at most 60) */
    public static LocalDate reportDue(LocalDate accident, int extensionDays) {
        if (extensionDays < 0 || extensionDays > REPORT_EXTENSION_MAX_DAYS) {
            throw new IllegalArgumentException(Labels.say("accidentReportExtension", extensionDays));
        }
        return Periods.lastDayAfterDays(accident, REPORT_DAYS + extensionDays);
    }

    /** @param extensionDays only for EXTRAORDINARY accidents, at most 30 */
    public static LocalDate replyDue(LocalDate reportSubmitted, AccidentGrade grade, int extensionDays) {
        if (grade != AccidentGrade.EXTRAORDINARY && extensionDays != 0) {
            throw new IllegalArgumentException(Labels.say("accidentReplyExtensionGrade"));
        }
        if (extensionDays < 0 || extensionDays > 30) {
            throw new IllegalArgumentException(Labels.say("accidentReplyExtension", extensionDays));
        }
        return Periods.lastDayAfterDays(reportSubmitted, (grade == AccidentGrade.EXTRAORDINARY ? 30 : 15) + extensionDays);
    }

    /** Overdue: the due day has passed and the thing is not done. */
    public static boolean overdue(LocalDate due, boolean done, LocalDate today) {
        return !done && today.isAfter(due);
    }
}
