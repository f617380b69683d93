package cn.fieldsync.client;

import cn.fieldsync.client.testing.Devices;
import cn.fieldsync.client.testing.FakeServer;
import cn.fieldsync.schemas.RecordType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a tester found the device accepting, now refused on the device before anything is saved
 * or queued, in Chinese, with the server's code (the shared {@code RecordChecks.content} and
 * {@code ImageBytes.photoProblem}): impossible dates (安全生产法 art 119, in force 2002-11-01),
 * text of only blanks, files that are no images as photos, and changes under signatures
 * (安全生产法 art 68).
 */
class DeviceRefusesImpossibleContentTest {

    private static final String INSPECTORS = "\"inspectors\":[{\"name\":\"张明\",\"certificateNumber\":\"A1\"},{\"name\":\"刘洋\",\"certificateNumber\":\"A2\"}]";

    @TempDir
    Path dir;
    private FieldStore store;

    @BeforeEach
    void setUp() {
        store = Devices.enrolled(dir, new FakeServer());
        store.sync(SyncListener.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String inspection(String startedAt) {
        return "{\"unitId\":\"" + FakeServer.UNIT + "\",\"startedAt\":\"" + startedAt + "\",\"place\":{\"address\":\"化工园\"}," + INSPECTORS
                + ",\"checklist\":[{\"itemCode\":\"HC-01\",\"text\":\"防火堤完好\",\"result\":\"PASS\"}]}";
    }

    private void refused(RecordType type, String document, String code, String words) {
        int before = store.list(type).size();
        assertThatThrownBy(() -> store.create(type, document)).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(" + code + ")").hasMessageContaining(words);
        assertThat(store.list(type)).as("nothing refused is stored").hasSize(before);
    }

    @Test
    void art119_anInspectionOrADangerDatedInTheFutureOrBefore2002IsRefused() {
        refused(RecordType.INSPECTION, inspection("2099-06-01T09:00:00+08:00"), "date_out_of_order", "晚于现在");
        refused(RecordType.INSPECTION, inspection("1900-06-01T09:00:00+08:00"), "date_out_of_order", "2002-11-01");
        refused(RecordType.HAZARD, FakeServer.hazard("储罐渗漏").replace("2026-11-20T09:30:00+08:00", "0001-01-01T00:00:00Z"),
                "date_out_of_order", "发现时间");
        String id = store.create(RecordType.INSPECTION, inspection("2026-11-20T09:00:00+08:00"));
        assertThatThrownBy(() -> store.edit(id, "{\"endedAt\":\"2099-01-01T00:00:00Z\"}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("(date_out_of_order)");
    }

    @Test
    void aDescriptionOfSpacesOrAResponsiblePersonOfATabIsRefused() {
        refused(RecordType.HAZARD, FakeServer.hazard("   "), "invalid_record", "没有可见的文字");
        refused(RecordType.HAZARD, FakeServer.hazard("储罐渗漏").replace("王某", "\\t"), "invalid_record", "整改责任人");
    }

    @Test
    void anSvgATextFileOrAnHtmlFileIsNoPhotoAndATextFileDoesNotBecomeAJpegByEditing() throws IOException {
        String hazard = store.create(RecordType.HAZARD, FakeServer.hazard("储罐渗漏"));
        String inspection = store.create(RecordType.INSPECTION, inspection("2026-11-20T09:00:00+08:00"));
        Path svg = Files.write(dir.resolve("x.svg"), "<svg><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8));
        Path note = Files.write(dir.resolve("note.txt"), "只是文字".getBytes(StandardCharsets.UTF_8));
        Path html = Files.write(dir.resolve("page.html"), "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.attach(hazard, svg, "image/svg+xml", Instant.now())).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("不能作为照片");
        assertThatThrownBy(() -> store.attach(hazard, note, "image/gif", Instant.now())).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("不能作为照片");
        assertThatThrownBy(() -> store.attach(inspection, html, "text/html", Instant.now())).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("不能作为照片");
        assertThat(store.get(hazard).get().body().has("photos")).isFalse();
        assertThat(store.get(inspection).get().body().has("photos")).isFalse();
        assertThat(store.list(RecordType.ATTACHMENT)).isEmpty();

        String text = store.attach(FakeServer.UNIT, note, "text/plain", Instant.now());
        assertThatThrownBy(() -> store.edit(text, "{\"mediaType\":\"image/jpeg\"}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("不是 JPEG 图片");
        assertThat(store.get(text).get().body().get("mediaType").getAsString()).isEqualTo("text/plain");
    }

    /** 安全生产法 art 68: who signed, signed this content. A change clears the signatures in the same edit, or is refused. */
    @Test
    void art68_aSignedDraftChangesOnlyTogetherWithClearingItsSignatures() {
        String id = store.create(RecordType.INSPECTION, inspection("2026-11-20T09:00:00+08:00"));
        String signatures = "[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"},"
                + "{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-20T11:01:00+08:00\"}]";
        store.edit(id, "{\"signatures\":" + signatures + "}");
        String failed = "[{\"itemCode\":\"HC-01\",\"text\":\"防火堤完好\",\"result\":\"FAIL\"}]";
        assertThatThrownBy(() -> store.edit(id, "{\"checklist\":" + failed + "}")).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("已有签字，修改内容前须清除签字，并请各方重新签字").hasMessageContaining("(invalid_record)");
        assertThatThrownBy(() -> store.edit(id, "{\"findings\":[\"防火堤破损\"]}")).isInstanceOf(InputRefusedException.class);
        assertThat(store.get(id).get().body().getAsJsonArray("checklist").get(0).getAsJsonObject().get("result").getAsString()).isEqualTo("PASS");
        store.edit(id, "{\"checklist\":" + failed + ",\"signatures\":[]}");
        assertThat(store.get(id).get().body().getAsJsonArray("signatures")).isEmpty();
        assertThat(store.get(id).get().body().getAsJsonArray("checklist").get(0).getAsJsonObject().get("result").getAsString()).isEqualTo("FAIL");
    }
}
