package cn.fieldsync.client.app;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the inspector's app says about records and refusals, over a real device store: a draft is a
 * draft until sealed, a record is found by the dates it shows and by its id, and the library's
 * refusals reach the inspector in words (no JSON paths, ids, codes or command-line syntax).
 */
class RecordViewsTest {

    @TempDir
    Path dir;

    @Test
    void anUnsealedInspectionIsListedAsADraftAndFoundByItsDatesAndId() throws Exception {
        try (DeviceStore store = new DeviceStore(dir)) {
            String id = store.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"01a23141-082f-77b7-a172-e8c5ffd42c93","startedAt":"2026-11-23T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"}],"findings":["消防通道堵塞"]}"""));
            JsonObject view = new RecordViews(store).view(store.get(id).orElseThrow());
            assertThat(view.get("state").getAsString()).isEqualTo("DRAFT");
            assertThat(view.get("search").getAsString()).contains("2026年11月23日").contains("11月23日").contains("2026-11-23").contains(id);
        }
    }

    @Test
    void refusalsAreSaidInWordsWithoutPathsIdsCodesOrCommandLines() {
        try (DeviceStore store = new DeviceStore(dir)) {
            RecordViews views = new RecordViews(store);
            String said = views.words("/checklist/2/result：该项 FAIL 且是 forcesMajor，隐患须为 MAJOR；所引用的单位 "
                    + "01a23141-082f-77b7-a172-e8c5ffd42c93 不在本设备上 (unknown_reference: no unit)");
            assertThat(said).doesNotContain("/checklist").doesNotContain("FAIL").doesNotContain("forcesMajor").doesNotContain("MAJOR")
                    .doesNotContain("01a23141").doesNotContain("unknown_reference")
                    .contains("检查项目").contains("不符合").contains("重大隐患判定项").contains("重大事故隐患").contains("该记录");
            // the kind said once (a tester read "记录 该记录 已签字封存")
            assertThat(views.words("记录 01a23141-082f-77b7-a172-e8c5ffd42c93 已签字封存，不能再修改")).startsWith("该记录 已签字封存");
            assertThat(views.words("尚未签字的执法人员 刘洋（先为每位执法人员签名，例如 edit ID signatures=[...]）"))
                    .doesNotContain("edit ID").contains("签字封存");
            assertThat(views.plain("记录已签字封存，不能再修改；请另行录入更正记录（新记录写 \"amends\": \"01a23141-082f-77b7-a172-e8c5ffd42c93\"）"))
                    .doesNotContain("amends").doesNotContain("01a23141").contains("改正后重新记录");
        }
    }

    /**
     * Found by a tester: a reason stored by an earlier device library carried the server's English
     * details in brackets ("（服务器说明：the upload does not continue…）"); the server's Chinese words stay.
     */
    @Test
    void aReasonShowsTheServersChineseWordsAndLeavesItsEnglishDetailsOut() {
        try (DeviceStore store = new DeviceStore(dir)) {
            RecordViews views = new RecordViews(store);
            assertThat(views.plain("记录类型与服务器上的记录不一致：record 01a23141-082f-77b7-a172-e8c5ffd42c93 is a hazard, not a pledge"))
                    .isEqualTo("记录类型与服务器上的记录不一致");
            assertThat(views.plain("此操作不符合该记录的办理流程或先后顺序：责任书 01a23141-082f-77b7-a172-e8c5ffd42c93 已被引用（案件证据），不能删除"))
                    .contains("此操作不符合该记录的办理流程").contains("已被引用（案件证据），不能删除").doesNotContain("服务器说明")
                    .doesNotContain("隐患");
        }
    }

    @Test
    void anUnreachableServerIsSaidAsWhatToCheck() {
        try (DeviceStore store = new DeviceStore(dir)) {
            assertThatThrownBy(() -> store.enrol("http://127.0.0.1:9", "平板", "inspector", "password"))
                    .isInstanceOfSatisfying(FieldsyncException.class, e -> assertThat(InspectorApp.enrolWords("http://127.0.0.1:9", e))
                            .startsWith("连不上服务器").contains("地址").contains("网络").doesNotContain("Exception"));
        }
    }

    @Test
    void anAddressWithoutSchemeIsSaidInChineseOnlyWithoutTheLibrarysEnglish() {
        try (DeviceStore store = new DeviceStore(dir)) {
            assertThatThrownBy(() -> store.enrol("127.0.0.1:8080", "平板", "inspector", "password"))
                    .isInstanceOfSatisfying(FieldsyncException.class, e -> assertThat(InspectorApp.enrolWords("127.0.0.1:8080", e))
                            .contains("http://").doesNotContainPattern("[A-Za-z]{4,} [a-z]{3,}"));
        }
    }
}
