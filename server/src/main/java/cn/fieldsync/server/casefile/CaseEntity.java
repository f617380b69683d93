package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A case (案件); see V6__cases.sql. */
@Entity
@Table(name = "case_file")
public class CaseEntity {
    @Id
    @Column(name = "id", nullable = false)
    String id;
    @Column(name = "number", nullable = false)
    String number;
    @Column(name = "year", nullable = false)
    int year;
    @Column(name = "seq_in_year", nullable = false)
    int seqInYear;
    /** The county whose sequence numbered the case ({@link CaseNumbers#sequence}), "" for the server's one. */
    @Column(name = "number_county", nullable = false)
    String numberCounty = "";
    @Column(name = "title", nullable = false)
    String title;
    @Column(name = "subject_unit_id", nullable = false)
    String subjectUnitId;
    @Column(name = "supervising_unit_id")
    String supervisingUnitId;
    @Column(name = "jurisdiction")
    String jurisdiction;
    @Column(name = "event_kind", nullable = false)
    String eventKind;
    @Column(name = "event_at", nullable = false)
    long eventAt;
    @Column(name = "event_day", nullable = false)
    String eventDay;
    @Column(name = "deaths")
    Integer deaths;
    @Column(name = "serious_injuries")
    Integer seriousInjuries;
    @Column(name = "direct_loss_cny")
    String directLossCny;
    @Column(name = "grade")
    String grade;
    @Column(name = "description")
    String description;
    @Column(name = "status", nullable = false)
    String status;
    @Column(name = "report_extension", nullable = false)
    int reportExtension;
    @Column(name = "report_submitted")
    String reportSubmitted;
    @Column(name = "reply_extension", nullable = false)
    int replyExtension;
    @Column(name = "checklist", nullable = false)
    String checklist;
    @Column(name = "window_months", nullable = false)
    int windowMonths;
    @Column(name = "opened_by", nullable = false)
    String openedBy;
    @Column(name = "opened_at", nullable = false)
    long openedAt;
    @Column(name = "closed_at")
    Long closedAt;
    /** JSON: the accident's further facts and the case's supervisors (V12); null for older cases. */
    @Column(name = "facts")
    String facts;

    protected CaseEntity() {
    }
}
