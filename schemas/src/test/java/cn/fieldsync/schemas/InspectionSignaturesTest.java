package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 安全生产法 art 68 and 行政处罚法 art 42 as the device checks them before it seals (a sealed record
 * takes no edit, so whatever the server would refuse must be found first).
 */
class InspectionSignaturesTest {

    private static JsonObject inspection(String signatures, String refusal, String measures) throws Exception {
        return StrictJson.parseObject("""
                {"startedAt":"2026-11-20T09:30:00+08:00",
                 "inspectors":[{"name":"张明"},{"name":"刘洋"}],
                 "signatures":%s%s%s}
                """.formatted(signatures, refusal == null ? "" : ",\"refusalToSign\":" + refusal,
                measures == null ? "" : ",\"onSiteMeasures\":" + measures));
    }

    private static final String BOTH = "[{\"role\":\"INSPECTOR\",\"name\":\"张明\"},{\"role\":\"INSPECTOR\",\"name\":\"刘洋\"}";

    @Test
    void aRecordSignedByBothInspectorsAndTheUnitIsComplete() throws Exception {
        assertThat(InspectionSignatures.problem(inspection(BOTH + ",{\"role\":\"UNIT_PERSON_IN_CHARGE\",\"name\":\"李建国\"}]", null, null), 2)).isNull();
    }

    @Test
    void anInspectorsSignatureBySomeoneNotOnTheRecordIsRefused() throws Exception {
        String[] problem = InspectionSignatures.problem(inspection(BOTH + ",{\"role\":\"INSPECTOR\",\"name\":\"不在名单的人\"},"
                + "{\"role\":\"UNIT_PERSON_IN_CHARGE\",\"name\":\"李建国\"}]", null, null), 2);
        assertThat(problem).containsExactly("/signatures", "签字的执法人员 不在名单的人 不在本记录的执法人员名单中");
    }

    @Test
    void theWitnessOfARefusalIsNotTheRefusingPerson() throws Exception {
        String[] problem = InspectionSignatures.problem(inspection(BOTH + "]",
                "{\"refusedBy\":\"赵某\",\"refusedByRole\":\"矿长\",\"witness\":{\"name\":\"赵某\"}}", null), 2);
        assertThat(problem[0]).isEqualTo("/refusalToSign/witness");
        assertThat(problem[1]).contains("见证人不能是拒绝签字的人本人");
        assertThat(InspectionSignatures.problem(inspection(BOTH + "]",
                "{\"refusedBy\":\"赵某\",\"refusedByRole\":\"矿长\",\"witness\":{\"name\":\"孙某\"}}", null), 2)).isNull();
    }
}
