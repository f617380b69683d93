package cn.fieldsync.server.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/**
 * One investigator named on a case, at its place in the case's list; see
 * V22__case_investigator_rows.sql and {@link CaseInvestigators}.
 */
@Entity
@Table(name = "case_investigator")
@IdClass(CaseInvestigatorEntity.Key.class)
public class CaseInvestigatorEntity {
    @Id
    @Column(name = "case_id", nullable = false)
    String caseId;
    @Id
    @Column(name = "username", nullable = false)
    String username;
    /** 0-based place in the list the case shows. */
    @Column(name = "position", nullable = false)
    int position;

    protected CaseInvestigatorEntity() {
    }

    CaseInvestigatorEntity(String caseId, String username, int position) {
        this.caseId = caseId;
        this.username = username;
        this.position = position;
    }

    /** The primary key (case, user name), as JPA's {@code @IdClass} wants it: a bean with equals. */
    public static class Key implements Serializable {
        String caseId;
        String username;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(caseId, k.caseId) && Objects.equals(username, k.username);
        }

        @Override
        public int hashCode() {
            return Objects.hash(caseId, username);
        }
    }
}
