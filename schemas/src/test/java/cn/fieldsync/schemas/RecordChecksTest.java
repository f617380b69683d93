package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The record rules the device and the server share: what the device refuses before it saves. */
class RecordChecksTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z"); // 10:00 in Beijing

    private static JsonObject json(String text) throws Exception {
        return StrictJson.parseObject(text);
    }

    private static Optional<RecordChecks.Refusal> dates(RecordType type, String body) throws Exception {
        return RecordChecks.dates(type, json(body), NOW, BEIJING);
    }

    @Test
    void aDangerFoundInTheFutureIsRefusedBeyondTheClockSkewBothSidesAllow() throws Exception {
        assertThat(dates(RecordType.HAZARD, "{\"foundAt\":\"2026-11-20T10:09:00+08:00\"}")).as("9 minutes ahead: a fast clock").isEmpty();
        RecordChecks.Refusal refusal = dates(RecordType.HAZARD, "{\"foundAt\":\"2026-11-20T10:11:00+08:00\"}").orElseThrow();
        assertThat(refusal.code()).isEqualTo("date_out_of_order");
        assertThat(refusal.pointer()).isEqualTo("/foundAt");
        assertThat(refusal.message()).contains("晚于现在").contains("10 分钟");
    }

    @Test
    void aRefusedTimeInAListNamesTheEntryInChineseNotByItsPointer() throws Exception {
        // a tester's finding: 日期（supervisionListing/1/date）, which the console showed as a bare 日期
        RecordChecks.Refusal refusal = RecordChecks.recordedTimes(json("{\"supervisionListing\":[{\"date\":\"2026-11-01\"},"
                + "{\"date\":\"2026-12-30\"}]}"), "", NOW, BEIJING).orElseThrow();
        assertThat(refusal.pointer()).isEqualTo("/supervisionListing/1/date");
        assertThat(refusal.message()).contains("挂牌督办 第 2 项 · 日期").doesNotContain("supervisionListing");
    }

    /**
     * Text of blanks only is refused when written, not again when the record held it before the rule:
     * a danger stored with a note of spaces still takes its next step (it was frozen: every change refused).
     */
    @Test
    void blankTextTheRecordHeldBeforeTheRuleDoesNotFreezeIt() throws Exception {
        JsonObject stored = json("{\"description\":\"消防通道堵塞\",\"notes\":\"   \"}");
        JsonObject changed = json("{\"description\":\"消防通道堵塞，已清理一半\",\"notes\":\"   \"}");
        assertThat(RecordChecks.content(RecordType.HAZARD, stored, changed, NOW, BEIJING)).isEmpty();
        assertThat(RecordChecks.content(RecordType.HAZARD, null, changed, NOW, BEIJING)).as("written now")
                .hasValueSatisfying(r -> assertThat(r.message()).contains("只有空格"));
        assertThat(RecordChecks.content(RecordType.HAZARD, json("{\"description\":\"消防通道堵塞\"}"), changed, NOW, BEIJING))
                .as("added by this change").isPresent();
    }

    @Test
    void anInspectionEndingBeforeItStartsIsRefused() throws Exception {
        RecordChecks.Refusal refusal = dates(RecordType.INSPECTION,
                "{\"startedAt\":\"2026-11-20T09:30:00+08:00\",\"endedAt\":\"2026-11-20T09:00:00+08:00\"}").orElseThrow();
        assertThat(refusal).isEqualTo(new RecordChecks.Refusal("date_out_of_order", "/endedAt",
                "检查结束时间 2026-11-20T09:00:00+08:00 早于开始时间 2026-11-20T09:30:00+08:00"));
        assertThat(dates(RecordType.INSPECTION, "{\"startedAt\":\"2026-11-20T09:30:00+08:00\",\"endedAt\":\"2026-11-20T02:00:00Z\"}"))
                .as("the same instant in another offset").isEmpty();
    }

    @Test
    void onSiteDeadlineBeforeTheInspectionDayIsRefused_安全生产法第六十五条() throws Exception {
        String inspection = "{\"startedAt\":\"2026-11-20T09:30:00+08:00\",\"onSiteMeasures\":[{\"deadline\":\"%s\"}]}";
        assertThat(dates(RecordType.INSPECTION, inspection.formatted("2026-11-10")).orElseThrow())
                .isEqualTo(new RecordChecks.Refusal("date_out_of_order", "/onSiteMeasures/0/deadline", "整改期限 2026-11-10 早于检查日期 2026-11-20"));
        assertThat(dates(RecordType.INSPECTION, inspection.formatted("2026-11-20"))).isEmpty();
    }

    @Test
    void aPledgePeriodEndingBeforeItStartsIsRefused() throws Exception {
        RecordChecks.Refusal refusal = dates(RecordType.PLEDGE, "{\"period\":{\"from\":\"2026-01-01\",\"to\":\"2025-12-31\"}}").orElseThrow();
        assertThat(refusal.pointer()).isEqualTo("/period/to");
        assertThat(refusal.message()).isEqualTo("责任期限的结束日期 2025-12-31 早于开始日期 2026-01-01");
        assertThat(dates(RecordType.PLEDGE, "{\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-01\"}}")).isEmpty();
    }

    private static final String INSPECTION = """
            {"unitId":"u1","checklist":[{"itemCode":"HC-01","result":"PASS"},
              {"itemCode":"HC-02","result":"FAIL"},{"itemCode":"HC-07","result":"FAIL","forcesMajor":true}]}""";

    private static Optional<RecordChecks.Refusal> danger(String unit, String item, String grade) throws Exception {
        return RecordChecks.dangerFromInspection(json("{\"unitId\":\"" + unit + "\",\"inspectionId\":\"i1\",\"checklistItemCode\":\"" + item
                + "\",\"grade\":\"" + grade + "\"}"), json(INSPECTION));
    }

    @Test
    void aGeneralDangerFromAForcesMajorItemIsRefused_安全生产法第一百一十八条() throws Exception {
        RecordChecks.Refusal refusal = danger("u1", "HC-07", "GENERAL").orElseThrow();
        assertThat(refusal.code()).isEqualTo("grade_must_be_major");
        assertThat(refusal.pointer()).isEqualTo("/grade");
        assertThat(refusal.message()).contains("重大事故隐患");
        assertThat(danger("u1", "HC-07", "MAJOR")).isEmpty();
        assertThat(danger("u1", "HC-02", "GENERAL")).isEmpty();
    }

    @Test
    void aDangerFromAPassedItemIsRefusedAsNotFailed() throws Exception {
        RecordChecks.Refusal refusal = danger("u1", "HC-01", "GENERAL").orElseThrow();
        assertThat(refusal.code()).isEqualTo("item_not_failed");
        assertThat(refusal.pointer()).isEqualTo("/checklistItemCode");
        assertThat(refusal.message()).contains("不是“不符合”").doesNotContainPattern("[a-z]{4,}");
    }

    @Test
    void aDangerFromAnInspectionOfAnotherUnitIsRefused() throws Exception {
        RecordChecks.Refusal refusal = danger("u2", "HC-02", "GENERAL").orElseThrow();
        assertThat(refusal.code()).isEqualTo("invalid_record");
        assertThat(refusal.pointer()).isEqualTo("/inspectionId");
        assertThat(refusal.message()).contains("另一家单位");
    }

    @Test
    void anItemTheInspectionDoesNotHaveIsAnUnknownReference() throws Exception {
        assertThat(danger("u1", "XX-99", "GENERAL").orElseThrow().code()).isEqualTo("unknown_reference");
        assertThat(RecordChecks.dangerFromInspection(json("{\"unitId\":\"u1\",\"inspectionId\":\"i1\",\"checklistItemCode\":\"XX-99\"}"), null))
                .as("the inspection is not held: nothing to check it against").isEmpty();
    }
}
