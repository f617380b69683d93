package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an inspector reads when a document breaks the contract: plain Chinese, per field. */
class PlainWordsTest {

    private static final String HAZARD = SchemaExamples.read("examples/hazard/valid-general.json");

    private static JsonObject hazard() throws Exception {
        return StrictJson.parseObject(HAZARD);
    }

    private static List<String> messages(RecordType type, JsonObject document) {
        return PlainWords.check(type, document, ZoneId.of("Asia/Shanghai")).stream().map(PlainWords.Problem::message).toList();
    }

    @Test
    void aMistypedFieldNameIsAnsweredWithTheFieldItWasProbablyMeantToBe() throws Exception {
        JsonObject h = hazard();
        h.add("responsiblePersn", h.remove("responsiblePerson"));
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("未知字段 responsiblePersn — 是否应为 responsiblePerson（整改责任人）？");
    }

    @Test
    void aDateInAnotherShapeIsAnsweredWithAnExampleOfTheRightOne() throws Exception {
        JsonObject h = hazard();
        h.addProperty("deadline", "2026/11/30");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("整改期限：日期格式应如 2026-11-30");
    }

    @Test
    void aDateOfTheRightShapeThatIsNotOnTheCalendarOrInFullWidthDigitsIsToldAsSuch() throws Exception {
        // found by a tester: both read "日期格式应如 2026-11-30", which the inspector had typed all but exactly
        JsonObject h = hazard();
        h.addProperty("deadline", "2026-11-31");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("整改期限：日历上没有 2026-11-31 这一天（2026年11月只有 30 天）");
        h.addProperty("deadline", "2027-02-29");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("整改期限：日历上没有 2027-02-29 这一天（2027年2月只有 28 天）");
        h.addProperty("deadline", "2026-13-01");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("整改期限：2026-13-01 中没有第 13 月（月份应为 01–12）");
        h.addProperty("deadline", "\uFF12\uFF10\uFF12\uFF16-\uFF11\uFF12-\uFF12\uFF10");
        assertThat(messages(RecordType.HAZARD, h)).singleElement().asString()
                .startsWith("整改期限：请用半角数字填写日期（现为“２０２６-１２-２０”）");
        h.addProperty("deadline", "2028-02-29");
        h.addProperty("foundAt", "2026-11-31T09:30:00+08:00");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("发现时间：日历上没有 2026-11-31 这一天（2026年11月只有 30 天）");
        h.addProperty("foundAt", "2026-11-30T24:30:00+08:00");
        assertThat(messages(RecordType.HAZARD, h)).containsExactly("发现时间：2026-11-30T24:30:00+08:00 的时刻不存在（时应为 00–23，分、秒应为 00–59）");
    }

    @Test
    void aWrongTypeNamesWhatTheFieldTakesNotWhatWasGiven() throws Exception {
        JsonObject h = hazard();
        h.addProperty("deadline", 20261127);
        h.addProperty("responsiblePerson", 5);
        assertThat(messages(RecordType.HAZARD, h)).contains("整改期限：类型不对：应填日期，如 2026-11-30", "整改责任人：类型不对：应填文字");
    }

    @Test
    void aPledgesItemsAreItsResponsibilityItemsNotAChecklist() throws Exception {
        JsonObject pledge = StrictJson.parseObject(SchemaExamples.read("examples/pledge/valid-primary-responsibility.json"));
        pledge.add("items", new com.google.gson.JsonArray());
        assertThat(messages(RecordType.PLEDGE, pledge)).singleElement().asString().startsWith("责任条目：");
    }

    @Test
    void aPersonsNameIsTheirNameNotAUnitsName() throws Exception {
        // a tester's finding: 张\u200B明 was refused as "名称含有看不见的字符", a unit's word for a person
        JsonObject person = StrictJson.parseObject(SchemaExamples.read("examples/person/valid-principal.json"));
        person.addProperty("name", "");
        assertThat(messages(RecordType.PERSON, person)).singleElement().asString().startsWith("姓名：");
        person.addProperty("name", "张\u200B明");
        assertThat(RecordChecks.content(RecordType.PERSON, null, person, java.time.Instant.now(), ZoneId.of("Asia/Shanghai")))
                .get().extracting(RecordChecks.Refusal::message).asString().startsWith("姓名含有看不见的字符");
        person.addProperty("name", "\u3000");
        assertThat(RecordChecks.content(RecordType.PERSON, null, person, java.time.Instant.now(), ZoneId.of("Asia/Shanghai")))
                .get().extracting(RecordChecks.Refusal::message).asString().startsWith("姓名只有空格");
        JsonObject unit = StrictJson.parseObject(SchemaExamples.read("examples/unit/valid-enterprise.json"));
        unit.addProperty("name", "栖霞\u200B化工");
        assertThat(RecordChecks.content(RecordType.UNIT, null, unit, java.time.Instant.now(), ZoneId.of("Asia/Shanghai")))
                .get().extracting(RecordChecks.Refusal::message).asString().startsWith("名称含有看不见的字符");
    }

    /** A tester's finding: an inspector's, a signer's or a witness's name was called 名称, a unit's word, in refusals. */
    @Test
    void everyPersonsNameInsideARecordIsTheirNameNotAUnitsName() throws Exception {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        JsonObject inspection = StrictJson.parseObject(SchemaExamples.read("examples/inspection/valid-refused-to-sign.json"));
        inspection.getAsJsonArray("inspectors").get(0).getAsJsonObject().addProperty("name", "张明 ");
        RecordChecks.Refusal refusal = RecordChecks.content(RecordType.INSPECTION, null, inspection, java.time.Instant.now(), zone).orElseThrow();
        assertThat(refusal.pointer()).isEqualTo("/inspectors/0/name");
        assertThat(refusal.message()).contains("第 1 项 · 姓名的开头或结尾有空格").doesNotContain("名称");
        assertThat(PlainWords.fieldName(RecordType.INSPECTION, "/refusalToSign/witness/name")).endsWith("· 姓名");
        assertThat(PlainWords.fieldName(RecordType.PLEDGE, "/signer/name")).endsWith("· 姓名");
        assertThat(PlainWords.fieldName(RecordType.UNIT, "/name")).isEqualTo("名称");
        assertThat(PlainWords.fieldName(RecordType.PERSON, "/name")).isEqualTo("姓名");
    }

    @Test
    void missingRequiredFieldsAndWrongChoicesAreNamedInChinese() throws Exception {
        JsonObject h = hazard();
        h.remove("unitId");
        h.addProperty("grade", "SERIOUS");
        assertThat(messages(RecordType.HAZARD, h)).contains("所属单位：请填写此项（必填）", "等级：应为 一般事故隐患（GENERAL）、重大事故隐患（MAJOR） 之一");
    }

    @Test
    void aChecklistItemIsNamedByItsPlaceInTheList() throws Exception {
        JsonObject inspection = StrictJson.parseObject(SchemaExamples.read("examples/inspection/valid-signed.json"));
        inspection.getAsJsonArray("checklist").get(1).getAsJsonObject().addProperty("result", "OK");
        assertThat(messages(RecordType.INSPECTION, inspection)).containsExactly("检查项目 第 2 项 · 检查结果：应为 符合（PASS）、不符合（FAIL）、不适用（NOT_APPLICABLE） 之一");
    }

    /** 行政处罚法 art 42 (执法人员不得少于两人): the check names the draft's minimum and the two the seal needs, as the app's heading does. */
    @Test
    void art42_anInspectionWithoutInspectorsIsToldTheSealNeedsTwo() throws Exception {
        JsonObject inspection = StrictJson.parseObject(SchemaExamples.read("examples/inspection/valid-signed.json"));
        inspection.add("inspectors", new com.google.gson.JsonArray());
        assertThat(messages(RecordType.INSPECTION, inspection)).contains(
                "执法人员：至少需要 1 名执法人员；签字封存时须不少于 2 名（行政处罚法第四十二条：执法人员不得少于两人）");
    }

    @Test
    void theHazardRulesSpeakThroughTheSameTranslator() throws Exception {
        JsonObject h = hazard();
        h.addProperty("foundAt", "2026-11-20T09:30:00+08:00");
        h.addProperty("deadline", "2026-11-01");
        assertThat(messages(RecordType.HAZARD, h)).singleElement().asString().startsWith("整改期限：").contains("早于发现日期");
    }

    @Test
    void malformedJsonSaysLineAndColumnInChinese() {
        assertThatThrownBy(() -> StrictJson.parseObject("{\"grade\": GENERAL}"))
                .isInstanceOfSatisfying(StrictJson.MalformedJsonException.class, e -> assertThat(PlainWords.malformed(e))
                        .startsWith("第 1 行第 ").contains("列").doesNotContain("Strictness").doesNotContain("LENIENT"));
        assertThatThrownBy(() -> StrictJson.parseObject("{\"a\":1,\"a\":2}"))
                .isInstanceOfSatisfying(StrictJson.MalformedJsonException.class, e -> assertThat(PlainWords.malformed(e))
                        .contains("字段 \"a\" 出现了两次"));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(PlainWords.distance("responsibleperson", "responsiblepersn")).isEqualTo(1);
        assertThat(PlainWords.distance("grade", "grades")).isEqualTo(1);
        assertThat(PlainWords.distance("", "abc")).isEqualTo(3);
    }
}
