package cn.fieldsync.server.record;

import cn.fieldsync.server.error.Named;
import cn.fieldsync.domain.hazard.HazardLifecycle;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.identity.Scope;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * List queries with keyset paging: records come in id order (UUID v7, so roughly creation
 * order) and the cursor is the last id seen, so a page never shifts when records are added.
 */
final class RecordQueries {

    /** 逾期未整改 counts only dangers still awaiting rectification (docs/hazards.md). */
    private static final List<String> AWAITING = HazardLifecycle.awaitingRectification();

    record Result(List<RecordEntity> entities, String nextCursor, long total) {
    }

    Result list(EntityManager em, Scope scope, RecordType type, RecordFilter filter, String cursor, int limit, LocalDate today) {
        StringBuilder where = new StringBuilder("r.recordType = :type AND r.deleted = false");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", type.wireName());
        ScopeClause.append(scope, where, params);
        if (filter.unitId() != null) {
            where.append(" AND r.unitId = :unitId");
            params.put("unitId", filter.unitId());
        }
        if (filter.jurisdictionPrefix() != null) {
            // the prefix is digits only (checked at the boundary), so no LIKE escaping is needed
            where.append(" AND r.jurisdiction LIKE :jurisdiction");
            params.put("jurisdiction", filter.jurisdictionPrefix() + "%");
        }
        if (filter.status() != null) {
            where.append(" AND r.status = :status");
            params.put("status", filter.status());
        }
        if (filter.grade() != null) {
            where.append(" AND r.grade = :grade");
            params.put("grade", filter.grade());
        }
        if (filter.from() != null) {
            where.append(" AND r.eventAt >= :from");
            params.put("from", filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            where.append(" AND r.eventAt < :to");
            params.put("to", filter.to().toEpochMilli());
        }
        if (filter.overdue() != null) {
            where.append(filter.overdue()
                    ? " AND r.deadline < :today AND r.status IN :awaiting"
                    : " AND (r.deadline IS NULL OR r.deadline >= :today OR r.status NOT IN :awaiting)");
            params.put("today", today.toString());
            params.put("awaiting", AWAITING);
        }
        if (filter.listed() != null) {
            where.append(filter.listed() ? " AND r.listedLevel IS NOT NULL" : " AND r.listedLevel IS NULL");
        }
        if (filter.refusalUnreported() != null) {
            // the stored body is compact JSON, where a quote inside a value is escaped: these
            // patterns match the top-level members only
            where.append(filter.refusalUnreported()
                    ? " AND r.body LIKE :refusal AND r.body NOT LIKE :report"
                    : " AND (r.body NOT LIKE :refusal OR r.body LIKE :report)");
            params.put("refusal", "%\"refusalToSign\":{%");
            params.put("report", "%\"refusalReport\":{%");
        }
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(r) FROM RecordEntity r WHERE " + where, Long.class);
        params.forEach(count::setParameter);
        long total = count.getSingleResult();

        String after = decodeCursor(cursor);
        if (after != null) {
            where.append(" AND r.id > :after");
            params.put("after", after);
        }
        TypedQuery<RecordEntity> page = em.createQuery(
                "SELECT r FROM RecordEntity r WHERE " + where + " ORDER BY r.id", RecordEntity.class);
        params.forEach(page::setParameter);
        List<RecordEntity> rows = page.setMaxResults(limit + 1).getResultList();
        boolean more = rows.size() > limit;
        List<RecordEntity> items = more ? rows.subList(0, limit) : rows;
        String next = more ? encodeCursor(items.getLast().id()) : null;
        return new Result(List.copyOf(items), next, total);
    }

    static String encodeCursor(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (Uuids.isCanonical(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "cursor",
                Labels.say("cursorUnknown", Named.field("cursor")));
    }
}
