package cn.fieldsync.client.cli;

import cn.fieldsync.client.FieldStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a script's author reads when `fieldsync new` refuses a file: plain Chinese, not schema jargon (issue 15). */
class PlainMessagesCliTest {

    private static final String HAZARD = "{\"unitId\":\"0190a1b2-0000-7000-8000-00000000a003\",\"grade\":\"GENERAL\",\"category\":\"FIRE\","
            + "\"description\":\"消防通道堵塞\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"%s\",\"%s\":\"王某\"}";

    @TempDir
    Path dir;

    private String refusal(String json) throws Exception {
        Path store = dir.resolve("store");
        FieldStore.open(store).close();
        Path file = dir.resolve("hazard.json");
        Files.writeString(file, json);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FieldsyncCli.run(new String[] {"new", "hazard", "--file", file.toString(), "--store", store.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(FieldsyncCli.USER_ERROR);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMistypedFieldIsAnsweredWithTheFieldItProbablyMeant() throws Exception {
        assertThat(refusal(HAZARD.formatted("2026-11-30", "responsiblePersn")))
                .contains("事故隐患不符合要求：未知字段 responsiblePersn — 是否应为 responsiblePerson（整改责任人）？")
                .doesNotContain("is not evaluated");
    }

    @Test
    void aDateInAnotherShapeIsAnsweredWithAnExample() throws Exception {
        assertThat(refusal(HAZARD.formatted("2026/11/30", "responsiblePerson"))).contains("整改期限：日期格式应如 2026-11-30");
    }

    @Test
    void malformedJsonIsPlacedByLineAndColumnInChinese() throws Exception {
        assertThat(refusal("{\n  \"grade\": GENERAL\n}")).contains("不是有效的 JSON：第 2 行第").doesNotContain("LENIENT");
    }

    @Test
    void theAppOnAPortInUseOrOutOfRangeSaysSoInChineseAndMakesNoStore() throws Exception {
        Path store = dir.resolve("app-store");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            for (String port : new String[] {String.valueOf(taken.getLocalPort()), "99999"}) {
                boolean mistyped = port.equals("99999");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int exit = FieldsyncCli.run(new String[] {"app", "--store", store.toString(), "--port", port, "--no-browser"},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
                // A port in use is a refused input; a port that cannot exist is a usage error (sysexits EX_USAGE).
                assertThat(exit).isEqualTo(mistyped ? FieldsyncCli.USAGE : FieldsyncCli.USER_ERROR);
                assertThat(err.toString(StandardCharsets.UTF_8)).contains("端口").doesNotContain("Exception");
            }
        }
        assertThat(store).doesNotExist();
    }

    /** Found by a tester: init against a server that does not answer said the records were kept, when none exist yet. */
    @Test
    void initAgainstAnUnreachableServerSaysNothingIsEnrolledYetNotThatRecordsAreKept() throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FieldsyncCli.run(new String[] {"init", "--store", dir.resolve("new-store").toString(), "--server",
                        "http://127.0.0.1:" + closed, "--device-name", "平板", "--user", "zhangming", "--password", "secret"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(FieldsyncCli.SERVER_UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("无法连接服务器").contains("尚未登记").contains("还没有记录")
                .doesNotContain("记录都已保留");
    }

    /** Found by a tester: list printed the codes SEALED and SAFETY_PRODUCTION where the inspector reads a word. */
    @Test
    void listNamesKindsAndStatusesInChineseWithTheCodeInBrackets() {
        cn.fieldsync.client.FieldRecord pledge = new cn.fieldsync.client.FieldRecord("p", cn.fieldsync.schemas.RecordType.PLEDGE, 1, false,
                "{\"kind\":\"SAFETY_PRODUCTION\",\"status\":\"SEALED\"}", 0, cn.fieldsync.client.RecordState.SYNCED, "SAFETY_PRODUCTION", null);
        cn.fieldsync.client.FieldRecord inspection = new cn.fieldsync.client.FieldRecord("i", cn.fieldsync.schemas.RecordType.INSPECTION, 1, false,
                "{\"status\":\"SEALED\"}", 1, cn.fieldsync.client.RecordState.WAITING_FOR_FILE, "SEALED", null);
        assertThat(RecordWords.summary(pledge)).isEqualTo("安全生产责任书 (SAFETY_PRODUCTION)");
        assertThat(RecordWords.summary(inspection)).isEqualTo("已签字封存 (SEALED)");
        assertThat(RecordWords.state(inspection)).startsWith("等待照片上传");
        assertThat(RecordWords.safe("a\u0000b\u202Ec\u001B[2J")).isEqualTo("a\\u0000b\\u202Ec\\u001B[2J");
    }
}
