package cn.fieldsync.server.casefile;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.FieldsyncException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The case package's refusals are sentences of the label catalogue: every sentence it says exists
 * (a missing one would answer 500 instead of the refusal), and the shared helpers name a member
 * and the codes allowed in Chinese, with the JSON names and codes for the API's user.
 */
class CaseRefusalsTest {

    private static final Path PACKAGE = Path.of("src/main/java/cn/fieldsync/server/casefile");
    private static final Pattern SAY = Pattern.compile("Labels\\.say\\(\"(\\w+)\"");

    @Test
    void everySentenceThePackageSaysIsInTheCatalogue() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PACKAGE)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher say = SAY.matcher(Files.readString(file));
                while (say.find()) {
                    if (Labels.find("problems", say.group(1)).isEmpty()) {
                        missing.add(file.getFileName() + ": " + say.group(1));
                    }
                }
            }
        }
        assertThat(missing).as("sentences said but not in the catalogue's problems section").isEmpty();
    }

    @Test
    void aRefusalNamesTheMemberAndTheCodesInChinese() {
        FieldsyncException track = CaseJson.notOneOf("/track", "tracks", CaseService.TRACKS);
        assertThat(track.field()).isEqualTo("/track");
        assertThat(track.getMessage()).isEqualTo("线索（track）须为以下之一：直接责任（DIRECT）、主体责任 / 领导责任 / 监督责任（LEADERSHIP）");
        assertThat(CaseJson.fieldName("/event/kind")).isEqualTo("事项类型");
        assertThat(CaseJson.fieldName("/decidingBody/name")).isEqualTo("决定机关名称");
        assertThat(CaseJson.tooLong("/title", 200, "案".repeat(201)).getMessage()).isEqualTo("标题最多 200 个字，现有 201 个字，请精简后再提交");
    }

    @Test
    void aMalformedDateIsRefusedWithAnExample() {
        assertThatThrownBy(() -> CaseJson.date("2026年11月20日", "/statementDeadline"))
                .isInstanceOf(FieldsyncException.class)
                .hasMessage("陈述申辩截止日期“2026年11月20日”不是有效的日期：请按年-月-日填写实际存在的日期，例如 2026-11-20");
        assertThatThrownBy(() -> CaseJson.dateTime("2026-11-20 09:30", "/event/at"))
                .hasMessage("发生时间“2026-11-20 09:30”不是有效的日期时间：请填写实际存在的日期和时刻，并带时区，"
                        + "例如 2026-11-20T09:30:00+08:00（北京时间 2026年11月20日9时30分）");
    }

    @Test
    void aDayTheCalendarLacksIsNoValidDateAndAnAbsentOneIsAskedFor() {
        // 2026-02-30 has the right shape: the refusal says the day does not exist, not that the format is wrong
        assertThatThrownBy(() -> CaseJson.date("2026-02-30", "/on")).hasMessageContaining("“2026-02-30”不是有效的日期");
        assertThatThrownBy(() -> CaseJson.date(" ", "/statementDeadline")).hasMessage("请填写陈述申辩截止日期（statementDeadline）");
    }
}
