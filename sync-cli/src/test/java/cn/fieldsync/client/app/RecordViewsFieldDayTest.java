package cn.fieldsync.client.app;

import cn.fieldsync.schemas.ConflictWords;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.schemas.VisibleText;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a fresh tester missed in the app's words, over a real device store: the list's search finds
 * every person and date a record's page shows; text is shown through the one escaping rule the
 * command line uses; a conflict is said with both values.
 */
class RecordViewsFieldDayTest {

    @TempDir
    Path dir;

    @Test
    void searchFindsWhoSignedWhoRefusedTheWitnessAndADangersDeadline() throws Exception {
        try (DeviceStore store = new DeviceStore(dir)) {
            String inspection = store.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"01a23141-082f-77b7-a172-e8c5ffd42c93","startedAt":"2026-11-23T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"}],
                     "signatures":[{"role":"UNIT_PERSON_IN_CHARGE","name":"李建国","position":"董事长","signedAt":"2026-11-23T02:00:00Z"}]}"""));
            String refused = store.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"01a23141-082f-77b7-a172-e8c5ffd42c93","startedAt":"2026-11-23T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"}],
                     "refusalToSign":{"refusedBy":"王卫东","refusedByRole":"矿长","witness":{"name":"赵村长"},"recordedAt":"2026-11-23T02:00:00Z"}}"""));
            String danger = store.create(RecordType.HAZARD, StrictJson.parseObject("""
                    {"unitId":"01a23141-082f-77b7-a172-e8c5ffd42c93","grade":"GENERAL","category":"FIRE","description":"灭火器过期",
                     "foundAt":"2026-11-23T09:00:00+08:00","deadline":"2026-12-15","responsiblePerson":"孙安全"}"""));
            RecordViews views = new RecordViews(store);
            assertThat(search(views, store, inspection)).contains("李建国").contains("董事长");
            assertThat(search(views, store, refused)).contains("王卫东").contains("赵村长");
            assertThat(search(views, store, danger)).contains("2026-12-15").contains("12月15日").contains("2026年12月15日")
                    .contains("孙安全").contains("一般事故隐患");
        }
    }

    @Test
    void controlAndBidiCharactersAreShownWrittenOutAsTheCommandLineShowsThem() throws Exception {
        JsonObject record = StrictJson.parseObject("{\"description\":\"罚款\\u202E0001\\u0000\\u0007元\",\"items\":[\"正常\"]}");
        JsonObject shown = VisibleText.of(record).getAsJsonObject();
        assertThat(shown.get("description").getAsString()).isEqualTo("罚款\\u202E0001\\u0000\\u0007元");
        assertThat(shown.getAsJsonArray("items").get(0).getAsString()).isEqualTo("正常");
        // the record itself is not changed
        assertThat(record.get("description").getAsString()).contains("\u202E");
    }

    @Test
    void aConflictIsSaidWithBothValues() throws Exception {
        JsonObject values = StrictJson.parseObject("{\"server\":\"王某\",\"device\":\"赵某\",\"base\":\"王强\"}");
        assertThat(ConflictWords.values(values, java.time.ZoneId.of("Asia/Shanghai"))).isEqualTo("服务器上为 「王某」，本设备改为 「赵某」（双方修改前为 「王强」）");
        assertThat(ConflictWords.fieldName("responsiblePerson")).isEqualTo("整改责任人");
    }

    /** Found by a tester: an edit against a deletion read 删除标记：服务器上为「true」，本设备改为「false」 — English, and a change nobody made. */
    @Test
    void aDeletionAgainstAnEditIsSaidAsWhatHappened() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        JsonObject deletedOnServer = StrictJson.parseObject("{\"server\":true,\"device\":false,\"base\":false}");
        assertThat(ConflictWords.values("deleted", deletedOnServer, zone)).startsWith("服务器上此记录已被删除，本设备修改了它")
                .doesNotContain("true").doesNotContain("false");
        JsonObject deletedHere = StrictJson.parseObject("{\"server\":false,\"device\":true,\"base\":false}");
        assertThat(ConflictWords.values("deleted", deletedHere, zone)).startsWith("本设备删除了此记录");
        assertThat(ConflictWords.value("deleted", deletedOnServer.get("server"), zone)).isEqualTo("「已删除」");
        assertThat(ConflictWords.value(new com.google.gson.JsonPrimitive(true), zone)).isEqualTo("「是」");
    }

    /** Found by a second tester: 状态：服务器上为「VERIFIED」; 复查：服务器上为「[{"date":…,"result":"PASSED"}]」. */
    @Test
    void aConflictOfCodesAndListsIsSaidInWords() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        JsonObject status = StrictJson.parseObject("{\"server\":\"VERIFIED\",\"device\":\"REGISTERED\"}");
        assertThat(ConflictWords.values("status", status, zone)).isEqualTo("服务器上为 「已复查验收」，本设备改为 「已登记」");
        JsonObject reinspections = StrictJson.parseObject("{\"server\":[{\"date\":\"2026-12-01\",\"result\":\"PASSED\",\"inspector\":\"张明\"}],"
                + "\"device\":[]}");
        assertThat(ConflictWords.values("reinspections", reinspections, zone)).startsWith("服务器上为 「")
                .contains("复查合格").contains("检查人 张明").doesNotContain("{").doesNotContain("PASSED");
    }

    private static String search(RecordViews views, DeviceStore store, String id) {
        return views.view(store.get(id).orElseThrow()).get("search").getAsString();
    }
}
