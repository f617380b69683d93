package cn.fieldsync.server.casefile;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of case numbers on a server of one county and of several. */
class CaseNumbersTest {

    @Test
    void aServerOfOneCountyNumbersEveryCaseInOneSequence() {
        CaseNumbers one = CaseNumbers.of("栖纪案〔{year}〕{seq}号");
        assertThat(one.patternFor("370612")).contains("栖纪案〔{year}〕{seq}号");
        assertThat(one.counter("370612")).isEqualTo("case");
        assertThat(one.sequence("370612")).isEmpty();
        assertThat(CaseNumbers.number("栖纪案〔{year}〕{seq}号", 2026, 7)).isEqualTo("栖纪案〔2026〕7号");
    }

    @Test
    void aServerOfSeveralNumbersEachCountyInItsOwnAndRefusesTheRest() {
        Map<String, String> config = Map.of("fieldsync.case.county.370612.number-pattern", "牟纪案〔{year}〕{seq}号",
                "fieldsync.case.county.370686.number-pattern", "栖纪案〔{year}〕{seq}号");
        CaseNumbers several = CaseNumbers.from("栖纪案〔{year}〕{seq}号", key -> Optional.ofNullable(config.get(key)), config.keySet());
        assertThat(several.patternFor("370612")).contains("牟纪案〔{year}〕{seq}号");
        assertThat(several.counter("370612")).isEqualTo("case@370612");
        assertThat(several.sequence("370612")).isEqualTo("370612");
        assertThat(several.patternFor("370682")).as("not numbered as another county's").isEmpty();
    }

    @Test
    void aMisnamedCountyAPatternWithoutItsSequenceAndTwoCountiesWithOnePatternAreRefusedAtStart() {
        assertThatThrownBy(() -> from(Map.of("fieldsync.case.county.muping.number-pattern", "牟纪案〔{year}〕{seq}号")))
                .hasMessageContaining("six-digit");
        assertThatThrownBy(() -> from(Map.of("fieldsync.case.county.370612.number-pattern", "牟纪案〔{year}〕号")))
                .hasMessageContaining("{seq}");
        assertThatThrownBy(() -> from(Map.of("fieldsync.case.county.370612.number-pattern", "纪案〔{year}〕{seq}号",
                "fieldsync.case.county.370686.number-pattern", "纪案〔{year}〕{seq}号"))).hasMessageContaining("must differ");
    }

    private static CaseNumbers from(Map<String, String> config) {
        return CaseNumbers.from("栖纪案〔{year}〕{seq}号", key -> Optional.ofNullable(config.get(key)), config.keySet());
    }
}
