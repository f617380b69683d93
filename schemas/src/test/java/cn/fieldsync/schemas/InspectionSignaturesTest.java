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

    /** A tester's finding: an officer of the record stood witness to the unit's refusal to sign it. */
    @Test
    void theWitnessOfARefusalIsNoOfficerOfTheRecord() throws Exception {
        String[] problem = InspectionSignatures.problem(inspection(BOTH + "]",
                "{\"refusedBy\":\"赵某\",\"refusedByRole\":\"矿长\",\"witness\":{\"name\":\"张明\"}}", null), 2);
        assertThat(problem).containsExactly("/refusalToSign/witness", "见证人不能是本记录的执法人员（张明）：见证人须是执法人员和拒绝签字的人以外的第三人");
    }

    /**
     * A tester's finding: 张明 signed twice, once under 刘洋's certificate number, and the record counted two officers
     * (行政处罚法 art 42). A signature is an officer's only under that officer's number and name.
     */
    @Test
    void oneOfficerCannotSignUnderAnothersCertificateNumber() throws Exception {
        JsonObject record = StrictJson.parseObject("""
                {"startedAt":"2026-11-20T09:30:00+08:00",
                 "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                 "signatures":[{"role":"INSPECTOR","name":"张明","certificateNumber":"鲁应急执字37068600123"},
                               {"role":"INSPECTOR","name":"张明","certificateNumber":"鲁应急执字37068600456"},
                               {"role":"UNIT_PERSON_IN_CHARGE","name":"李建国"}]}""");
        assertThat(InspectionSignatures.problem(record, 2)).containsExactly("/signatures",
                "签名人“张明”与执法证号 鲁应急执字37068600456 的执法人员“刘洋”不符：每位执法人员须本人签名（行政处罚法第四十二条、安全生产法第六十八条）");
        assertThat(InspectionSignatures.signedOfficers(record)).containsExactly(true, false);
    }
}
