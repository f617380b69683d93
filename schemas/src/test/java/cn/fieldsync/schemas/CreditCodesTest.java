package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 统一社会信用代码 under GB 32100-2015: a tester's finding was that a one-character typo (check character B where the
 * first 17 give E) made a second unit for the same enterprise, and a small letter or a blank was told only 格式不正确.
 */
class CreditCodesTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void theCheckCharacterIsTheOneTheFirstSeventeenGive() {
        // the code printed on the standard's own sample licence, and the project's own examples
        assertThat(CreditCodes.fault("91350100M000100Y43")).isNull();
        assertThat(CreditCodes.fault("91370686MA3C1234X0")).isNull();
        assertThat(CreditCodes.check("91370686MA3C9Q8W2B")).isEqualTo('E');
        assertThat(CreditCodes.fault("91370686MA3C9Q8W2E")).isNull();
        assertThat(CreditCodes.fault("91370686MA3C9Q8W2B")).isEqualTo("第 18 位校验码应为 E（按前 17 位算出），现为 B：请核对是否有输错的字符");
        // one digit swapped: the weights tell neighbours apart
        assertThat(CreditCodes.fault("91370686MA3C9Q8W2E".replace("9Q8", "Q98"))).startsWith("第 18 位校验码应为");
    }

    @Test
    void whatIsWrongIsSaid() {
        assertThat(CreditCodes.fault("91370686ma3c9q8w2e")).isEqualTo("字母须大写（第 9 位为 m）");
        assertThat(CreditCodes.fault("91370686MA3C9Q8W2E ")).isEqualTo("不能含空格");
        assertThat(CreditCodes.fault("91370686MA3C9Q8W2")).startsWith("应为 18 位（现为 17 位）");
        assertThat(CreditCodes.fault("91370686MA3C9O8W2E")).startsWith("第 14 位“O”不能出现在统一社会信用代码中");
        assertThat(CreditCodes.fault("9137A686MA3C9Q8W2E")).isEqualTo("第 3–8 位是登记机关的行政区划码，应为数字");
        // a second tester's finding: positions 1 and 2 were not checked
        assertThat(CreditCodes.fault("00370686MA3C9998X3")).startsWith("第 1 位是登记管理部门代码");
        assertThat(CreditCodes.fault("90370686MA3C9998X3")).startsWith("第 2 位是机构类别代码");
        assertThat(CreditCodes.fault("91350100M000100Y4")).contains("如 91350100M000100Y43");
    }

    @Test
    void aUnitIsRefusedANewWrongCodeButKeepsOneItHeldBefore() throws Exception {
        JsonObject unit = StrictJson.parseObject(SchemaExamples.read("examples/unit/valid-enterprise.json"));
        unit.addProperty("creditCode", "91370686MA3C9Q8W2B");
        assertThat(RecordChecks.content(RecordType.UNIT, null, unit, Instant.now(), ZONE)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo("invalid_record");
            assertThat(r.pointer()).isEqualTo("/creditCode");
            assertThat(r.message()).isEqualTo("统一社会信用代码：第 18 位校验码应为 E（按前 17 位算出），现为 B：请核对是否有输错的字符");
        });
        JsonObject renamed = unit.deepCopy();
        renamed.addProperty("address", "栖霞市新地址");
        assertThat(RecordChecks.content(RecordType.UNIT, unit, renamed, Instant.now(), ZONE)).as("held before this rule").isEmpty();

        JsonObject small = unit.deepCopy();
        small.addProperty("creditCode", "91370686ma3c9q8w2e");
        List<String> said = PlainWords.check(RecordType.UNIT, small, ZONE).stream().map(PlainWords.Problem::message).toList();
        assertThat(said).containsExactly("统一社会信用代码：字母须大写（第 9 位为 m）");
    }
}
