package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tester's finding: U+202E (right-to-left override), NUL and BEL were accepted into sealed evidence.
 * {@link RecordChecks#plainText} refuses them in new and changed text, naming the field in Chinese,
 * on the device and the server alike (through {@link RecordChecks#content}).
 */
class HiddenCharactersTest {

    private static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");

    private static Optional<RecordChecks.Refusal> content(RecordType type, JsonObject before, JsonObject after) {
        return RecordChecks.content(type, before, after, NOW, ZoneId.of("Asia/Shanghai"));
    }

    private static JsonObject json(String field, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(field, value);
        return o;
    }

    @Test
    void aBidiOverrideInAUnitsNameIsRefusedWithTheFieldNamedInChinese_TrojanSource() {
        RecordChecks.Refusal refusal = content(RecordType.UNIT, null, json("name", "某化工\u202E司公限有")).orElseThrow();
        assertThat(refusal.code()).isEqualTo("invalid_record");
        assertThat(refusal.pointer()).isEqualTo("/name");
        assertThat(refusal.message()).contains("名称").contains("U+202E").contains("文字方向控制符").contains("请删除后重新输入");
        for (char isolate : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069'}) {
            assertThat(content(RecordType.UNIT, null, json("name", "某公司" + isolate))).as(Integer.toHexString(isolate)).isPresent();
        }
    }

    @Test
    void nulBelEscapeAndC1ControlsAreRefusedInADescriptionAndLineBreaksAndTabsAreKept() {
        for (String bad : new String[] {"储罐\u0000渗漏", "储罐渗漏\u0007", "\u001B[31m储罐渗漏", "储罐\u0085渗漏", "储罐\u007F渗漏"}) {
            RecordChecks.Refusal refusal = content(RecordType.HAZARD, null, json("description", bad)).orElseThrow();
            assertThat(refusal.pointer()).isEqualTo("/description");
            assertThat(refusal.message()).contains("隐患描述").contains("控制字符");
        }
        assertThat(content(RecordType.HAZARD, null, json("description", "储罐渗漏\r\n\t北侧阀门滴漏"))).as("a multi-line description").isEmpty();
        JsonObject inspection = new JsonObject();
        com.google.gson.JsonArray findings = new com.google.gson.JsonArray();
        findings.add("一、消防通道堵塞\n二、灭火器过期");
        inspection.add("findings", findings);
        assertThat(content(RecordType.INSPECTION, null, inspection)).as("findings are multi-line text").isEmpty();
    }

    @Test
    void halfACharacterIsRefusedAndAWholeOneBeyondTheBasicPlaneIsKept() {
        for (String bad : new String[] {"储罐\uD800渗漏", "储罐渗漏\uDC00", "\uDBFF", "储罐\uDC00\uD800渗漏"}) {
            RecordChecks.Refusal refusal = content(RecordType.HAZARD, null, json("description", bad)).orElseThrow();
            assertThat(refusal.pointer()).isEqualTo("/description");
            assertThat(refusal.message()).contains("隐患描述").contains("残缺的字符").contains("不成对的代理码元").contains("请删除后重新输入");
        }
        assertThat(content(RecordType.HAZARD, null, json("description", "𠮷姓责任人发现储罐渗漏\uD83D\uDD25"))).isEmpty();
        assertThat(content(RecordType.UNIT, null, json("name", "某公司\uD83C\uDFED"))).isEmpty();
    }

    @Test
    void aNameOrAResponsiblePersonIsOneLine() {
        RecordChecks.Refusal refusal = content(RecordType.HAZARD, null, json("responsiblePerson", "王某\n李某")).orElseThrow();
        assertThat(refusal.pointer()).isEqualTo("/responsiblePerson");
        assertThat(refusal.message()).contains("整改责任人").contains("换行符").contains("只填一行");
        assertThat(content(RecordType.PERSON, null, json("name", "王\t某"))).isPresent();
        // the Unicode line and paragraph separators break a line too (a tester's finding): not in a name
        assertThat(content(RecordType.PERSON, null, json("name", "王\u2028某")).orElseThrow().message()).contains("U+2028").contains("只填一行");
        assertThat(content(RecordType.PERSON, null, json("name", "王\u2029某"))).isPresent();
    }

    /**
     * A tester's finding: "张明 ", " 张明" and "张\u00A0明" were written as persons' names beside "张明" and
     * "张 明" — two people who look the same. A name's ends hold no blank and its spaces are ordinary ones;
     * a name stored before the rule is not refused again at the next save of its record.
     */
    @Test
    void aNameWithBlanksAtItsEndsOrALookAlikeSpaceIsRefusedForItWouldBeAnotherNameThatLooksTheSame_TR36() {
        for (String bad : new String[] {"张明 ", " 张明", "\u3000张明", "张明\u00A0", "张明\t"}) {
            RecordChecks.Refusal refusal = content(RecordType.PERSON, null, json("name", bad)).orElseThrow(() -> new AssertionError(bad));
            assertThat(refusal.pointer()).isEqualTo("/name");
            assertThat(refusal.message()).as(bad).startsWith("姓名");
            if (!bad.contains("\t")) {
                assertThat(refusal.message()).as(bad).contains("开头或结尾有空格").contains("“张明”").contains("请删去首尾的空格");
            }
        }
        for (String bad : new String[] {"张\u00A0明", "张\u3000明", "John\u2009Smith", "张\u202F明"}) {
            RecordChecks.Refusal refusal = content(RecordType.PERSON, null, json("name", bad)).orElseThrow(() -> new AssertionError(bad));
            assertThat(refusal.message()).as(bad).startsWith("姓名含有特殊空格 U+").contains("改为普通空格");
        }
        assertThat(content(RecordType.PERSON, null, json("name", "张\u00A0明")).orElseThrow().message()).contains("U+00A0（不换行空格）");
        assertThat(content(RecordType.UNIT, null, json("name", "栖霞某公司 ")).orElseThrow().message()).startsWith("名称的开头或结尾有空格");
        assertThat(content(RecordType.HAZARD, null, json("responsiblePerson", "王某 ")).orElseThrow().message()).startsWith("整改责任人");
        // who refused to sign, and who reported the refusal, are names too (a tester's finding: sealed with U+00A0)
        JsonObject refusal = json("refusedBy", "赵\u00A0某");
        refusal.addProperty("reportedBy", "张某");
        JsonObject inspection = new JsonObject();
        inspection.add("refusalToSign", refusal);
        assertThat(content(RecordType.INSPECTION, null, inspection).orElseThrow().message()).contains("U+00A0");
        refusal.addProperty("refusedBy", "赵某");
        refusal.addProperty("reportedBy", "张某 ");
        assertThat(content(RecordType.INSPECTION, null, inspection).orElseThrow().message()).contains("开头或结尾有空格");
        // and who took a danger's steps: verified it, re-inspected it, assessed it, asked to resume, reviewed, approved an extension
        assertThat(content(RecordType.HAZARD, null, json("verifiedBy", "张明 ")).orElseThrow().message()).startsWith("复查验收人的开头或结尾有空格");
        JsonObject reinspection = json("inspector", "张\u00A0明");
        com.google.gson.JsonArray reinspections = new com.google.gson.JsonArray();
        reinspections.add(reinspection);
        JsonObject reinspected = new JsonObject();
        reinspected.add("reinspections", reinspections);
        assertThat(content(RecordType.HAZARD, null, reinspected).orElseThrow().message()).contains("检查人含有特殊空格 U+00A0");
        for (String[] step : new String[][] {{"assessment", "assessedBy"}, {"resumptionRequest", "requestedBy"}, {"closeOutReview", "reviewedBy"}}) {
            JsonObject h = new JsonObject();
            h.add(step[0], json(step[1], "王某 "));
            assertThat(content(RecordType.HAZARD, null, h)).as(step[1]).hasValueSatisfying(r -> assertThat(r.message()).contains("开头或结尾有空格"));
        }
        // ordinary spaces inside a name are a name's own (a foreign name, a unit's branch)
        assertThat(content(RecordType.PERSON, null, json("name", "John Smith"))).isEmpty();
        assertThat(content(RecordType.UNIT, null, json("name", "栖霞某公司 二分厂"))).isEmpty();
        // an address is no name: pasted text keeps its spacing
        JsonObject hazard = new JsonObject();
        JsonObject location = json("address", " 栖霞市\u3000经济开发区 ");
        location.addProperty("lat", 37.3);
        location.addProperty("lon", 120.8);
        hazard.add("location", location);
        assertThat(content(RecordType.HAZARD, null, hazard)).isEmpty();
        // a name stored before the rule came stays: the record's next save is not refused for it
        assertThat(content(RecordType.PERSON, json("name", "张明 "), json("name", "张明 "))).isEmpty();
    }

    @Test
    void aNameWithAnInvisibleCharacterIsRefusedForItWouldBeAnotherNameThatLooksTheSame_TR36() {
        for (char hidden : new char[] {'\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u034F'}) {
            RecordChecks.Refusal refusal = content(RecordType.PERSON, null, json("name", "张" + hidden + "明")).orElseThrow();
            assertThat(refusal.pointer()).isEqualTo("/name");
            assertThat(refusal.message()).as(Integer.toHexString(hidden)).contains("姓名").contains(String.format("U+%04X", (int) hidden))
                    .contains("两个“张明”");
        }
        // the whole kind (a tester's finding): every format character, the blanks that are not spaces, the selectors
        for (String hidden : new String[] {"\u3164", "\u115F", "\u2800", "\u206A", "\uDB40\uDC20", "\uFE0F", "\uFFA0"}) {
            RecordChecks.Refusal refusal = content(RecordType.PERSON, null, json("name", "张" + hidden + "明")).orElseThrow();
            assertThat(refusal.message()).as(hidden).contains(String.format("U+%04X", hidden.codePointAt(0))).contains("两个“张明”");
        }
        assertThat(content(RecordType.PERSON, null, json("name", "张明\u0301"))).as("a combining accent shows").isEmpty();
        assertThat(content(RecordType.UNIT, null, json("name", "某\u202E公司")).orElseThrow().message()).contains("文字方向控制符");
        assertThat(content(RecordType.HAZARD, null, json("responsiblePerson", "李建国\u200B"))).isPresent();
        // in a description pasted from a web page they stay: no word a reviewer reads changes
        assertThat(content(RecordType.HAZARD, null, json("description", "储罐\u200B渗漏\uFEFF"))).isEmpty();
    }

    @Test
    void theImplicitDirectionalMarksAreRefusedEverywhere_UAX9() {
        for (char mark : new char[] {'\u200E', '\u200F', '\u061C'}) {
            RecordChecks.Refusal refusal = content(RecordType.HAZARD, null, json("description", "罚款\u0020" + mark + "1,000元")).orElseThrow();
            assertThat(refusal.message()).contains("隐患描述").contains("文字方向标记").contains("改变文字显示的顺序");
            assertThat(content(RecordType.UNIT, null, json("name", "某公司" + mark))).isPresent();
        }
    }

    @Test
    void textTheRecordAlreadyHeldIsNotCheckedAgainButAChangedOneIs() {
        JsonObject stored = json("name", "旧记录\u202E名称");
        stored.addProperty("address", "栖霞市");
        JsonObject edited = stored.deepCopy();
        edited.addProperty("address", "栖霞市庄园街道");
        assertThat(content(RecordType.UNIT, stored, edited)).as("another field changed").isEmpty();
        edited.addProperty("name", "新名称\u202E");
        assertThat(content(RecordType.UNIT, stored, edited)).isPresent();
        edited.addProperty("name", "新名称");
        assertThat(content(RecordType.UNIT, stored, edited)).as("the hidden character removed").isEmpty();
    }

    @Test
    void theMultiLineFieldsAreReadFromTheSchemas() {
        assertThat(HiddenCharacters.multiLine("description")).isTrue();
        assertThat(HiddenCharacters.multiLine("findings")).isTrue();
        assertThat(HiddenCharacters.multiLine("note")).isTrue();
        assertThat(HiddenCharacters.multiLine("name")).isFalse();
        assertThat(HiddenCharacters.multiLine("responsiblePerson")).isFalse();
        assertThat(HiddenCharacters.multiLine("address")).isFalse();
    }
}
