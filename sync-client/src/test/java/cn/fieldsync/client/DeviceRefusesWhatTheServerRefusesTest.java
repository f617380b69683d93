package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordChecks;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15: what the server's record rules refuse, the device refuses first — before a record is
 * saved, in Chinese, with the server's code — through the same {@link RecordChecks}. Nothing
 * refused is stored or queued.
 */
class DeviceRefusesWhatTheServerRefusesTest {

    private static final String OTHER_UNIT = Uuids.v7();
    private static final String SIGNER = "0190a1b2-0000-7000-8000-00000000b001";

    @TempDir
    Path dir;
    private FieldStore store;
    private String inspection;

    @BeforeEach
    void setUp() {
        FakeServer server = new FakeServer();
        server.changeOnServer(OTHER_UNIT, "unit", FakeServer.json("{\"name\":\"某矿业公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}"));
        // the signer the pledge example names: a pledge's signer is a person the device holds
        server.changeOnServer(SIGNER, "person", FakeServer.json("{\"name\":\"李建国\",\"positions\":[{\"unitId\":\"" + FakeServer.UNIT
                + "\",\"post\":\"董事长\",\"leadership\":\"PRINCIPAL\",\"from\":\"2020-01-01\"}]}"));
        store = Devices.enrolled(dir, server);
        store.sync(SyncListener.NONE); // the units arrive
        inspection = store.create(RecordType.INSPECTION, "{\"unitId\":\"" + FakeServer.UNIT + "\",\"startedAt\":\"2026-11-20T09:00:00+08:00\","
                + "\"place\":{\"address\":\"化工园\"},\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"},{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}],"
                + "\"checklist\":[{\"itemCode\":\"HC-01\",\"text\":\"防火堤完好\",\"result\":\"PASS\"},"
                + "{\"itemCode\":\"HC-02\",\"text\":\"消防通道畅通\",\"result\":\"FAIL\"},"
                + "{\"itemCode\":\"HC-07\",\"text\":\"液氨储罐区设置泄漏报警装置\",\"result\":\"FAIL\",\"forcesMajor\":true}]}");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String danger(String item, String unit) {
        return FakeServer.hazard("储罐区隐患").replace(FakeServer.UNIT, unit)
                .replace("}", ",\"inspectionId\":\"" + inspection + "\",\"checklistItemCode\":\"" + item + "\"}");
    }

    private void refused(RecordType type, String document, String code, String words) {
        int before = store.list(type).size();
        assertThatThrownBy(() -> store.create(type, document)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(" + code + ")").hasMessageContaining(words);
        assertThat(store.list(type)).as("nothing refused is stored").hasSize(before);
    }

    /** A failed item marked forcesMajor meets a 重大事故隐患判定标准 (安全生产法 art 118): the danger is MAJOR. */
    @Test
    void art118_aGeneralDangerFromAForcesMajorItemIsRefusedBeforeItIsSaved() {
        refused(RecordType.HAZARD, danger("HC-07", FakeServer.UNIT), "grade_must_be_major", "只能是重大事故隐患");
        String general = store.create(RecordType.HAZARD, danger("HC-02", FakeServer.UNIT));
        assertThatThrownBy(() -> store.edit(general, "{\"checklistItemCode\":\"HC-07\"}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(grade_must_be_major)");
    }

    @Test
    void aDangerFromAPassedItemOrFromAnInspectionOfAnotherUnitIsRefused() {
        refused(RecordType.HAZARD, danger("HC-01", FakeServer.UNIT), "item_not_failed", "检查项 HC-01 的结果是“符合”，不是“不符合”");
        refused(RecordType.HAZARD, danger("HC-99", FakeServer.UNIT), "unknown_reference", "没有检查项 HC-99");
        refused(RecordType.HAZARD, danger("HC-02", OTHER_UNIT), "invalid_record", "检查的是另一家单位");
    }

    /** A tester's finding: a pledge's signer or an inspector named by a person id that exists nowhere was accepted. */
    @Test
    void aPledgeOrAnInspectionNamingAPersonTheDeviceDoesNotHoldIsRefused() {
        String nobody = Uuids.v7();
        String pledge = cn.fieldsync.schemas.SchemaExamples.read("examples/pledge/valid-safety-production.json")
                .replace("0190a1b2-0000-7000-8000-00000000a003", FakeServer.UNIT).replace(SIGNER, nobody);
        assertThatThrownBy(() -> store.create(RecordType.PLEDGE, pledge)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("所引用的人员 " + nobody + " 不在本设备上");
        assertThat(store.list(RecordType.PLEDGE)).isEmpty();
        assertThatThrownBy(() -> store.edit(inspection, "{\"inspectors\":[{\"personId\":\"" + nobody + "\",\"name\":\"张明\",\"certificateNumber\":\"A1\"},"
                + "{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}]}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(unknown_reference").hasMessageContaining(nobody);
    }

    @Test
    void impossibleDatesAreRefused() {
        String soon = Instant.now().plus(RecordChecks.ALLOWED_CLOCK_SKEW).minus(1, ChronoUnit.MINUTES).atOffset(ZoneOffset.ofHours(8))
                .truncatedTo(ChronoUnit.SECONDS).toString();
        String later = Instant.now().plus(RecordChecks.ALLOWED_CLOCK_SKEW).plus(5, ChronoUnit.MINUTES).atOffset(ZoneOffset.ofHours(8))
                .truncatedTo(ChronoUnit.SECONDS).toString();
        refused(RecordType.HAZARD, FakeServer.hazard("明天才发现的隐患").replace("2026-11-20T09:30:00+08:00", later)
                .replace("2026-12-20", "2099-12-20"), "date_out_of_order", "晚于现在");
        store.create(RecordType.HAZARD, FakeServer.hazard("设备时钟略快").replace("2026-11-20T09:30:00+08:00", soon).replace("2026-12-20", "2099-12-20"));

        assertThatThrownBy(() -> store.edit(inspection, "{\"endedAt\":\"2026-11-20T08:00:00+08:00\"}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(date_out_of_order)").hasMessageContaining("检查结束时间 2026-11-20T08:00:00+08:00 早于开始时间");
        refused(RecordType.PLEDGE, cn.fieldsync.schemas.SchemaExamples.read("examples/pledge/valid-safety-production.json")
                        .replace("0190a1b2-0000-7000-8000-00000000a003", FakeServer.UNIT).replace("2026-12-31", "2025-12-31"),
                "date_out_of_order", "责任期限的结束日期 2025-12-31 早于开始日期 2026-01-01");
    }

    /** 安全生产法 art 65(二): an on-site 限期改正 deadline is not before the day of the inspection. */
    @Test
    void art65_anOnSiteDeadlineBeforeTheInspectionIsRefusedWhenSaved() {
        assertThatThrownBy(() -> store.edit(inspection, "{\"onSiteMeasures\":[{\"kind\":\"ORDER_CORRECTION_BY_DEADLINE\","
                + "\"description\":\"责令限期清理消防通道\",\"deadline\":\"2026-11-19\"}]}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("/onSiteMeasures/0/deadline").hasMessageContaining("整改期限 2026-11-19 早于检查日期 2026-11-20");
    }

    /** A photo is checked to be an image of its declared type when attached: the server refuses its record otherwise. */
    @Test
    void aPhotoThatIsNotAnImageOfItsDeclaredTypeIsRefusedWhenAttached() throws Exception {
        String hazard = store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
        Path text = java.nio.file.Files.write(dir.resolve("现场.jpg"), "这不是照片".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int attachments = store.list(RecordType.ATTACHMENT).size();
        assertThatThrownBy(() -> store.attach(hazard, text, "image/jpeg", null)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("文件 现场.jpg 不是 JPEG 图片");
        assertThat(store.list(RecordType.ATTACHMENT)).hasSize(attachments);
        Path png = java.nio.file.Files.write(dir.resolve("photo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0});
        assertThatThrownBy(() -> store.attach(hazard, png, "image/jpeg", null)).hasMessageContaining("是 PNG 图片");
        store.attach(hazard, png, MediaTypes.guess(png), null);
        assertThat(store.list(RecordType.ATTACHMENT)).hasSize(attachments + 1);
    }

    /** A tester's finding: a photo taken at 09:31 Beijing time read back as 01:31 (UTC); it keeps the store's clock time. */
    @Test
    void aPhotosCaptureTimeIsKeptAsTheClockTimeOfTheStoresZone() throws Exception {
        String hazard = store.create(RecordType.HAZARD, FakeServer.hazard("消防通道堵塞"));
        Path png = java.nio.file.Files.write(dir.resolve("taken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0});
        String photo = store.attach(hazard, png, MediaTypes.guess(png), java.time.OffsetDateTime.parse("2026-11-20T09:31:00+08:00").toInstant());
        assertThat(store.get(photo).orElseThrow().body().get("capturedAt").getAsString()).isEqualTo("2026-11-20T09:31:00+08:00");
    }
}
