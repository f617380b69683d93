package cn.fieldsync.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an inspector reads for a refused or waiting operation: the code's Chinese name, then the server's Chinese words only. */
class ReasonsTest {

    /** Found by a tester: type_mismatch was shown with the server's English details after it. */
    @Test
    void theServersEnglishDetailsNeverFollowTheChineseReason() {
        assertThat(Reasons.describe("type_mismatch", "record 0190 is a hazard, not a pledge")).isEqualTo("记录类型与服务器上的记录不一致");
        assertThat(Reasons.describe("attachment_missing", "服务器上还没有附件 ab12：请先上传"))
                .startsWith("等待附件").endsWith("：服务器上还没有附件 ab12：请先上传");
    }

    /** Found by a tester: "责令限期整改须有整改期限（…）：责令限期整改须有整改期限（…）：状态为…". */
    @Test
    void aReasonAlreadySaidIsNotSaidTwice() {
        String once = Reasons.describe("deadline_required", "状态为 已责令整改（RECTIFICATION_ORDERED） 的重大事故隐患须写明整改期限");
        assertThat(Reasons.describe("deadline_required", once)).isEqualTo(once);
        // nor when the rule's words begin with the label's, a code in brackets aside
        String grade = "隐患等级只能在登记阶段（REGISTERED）修改，此隐患的状态已是 已报告（REPORTED）";
        assertThat(Reasons.describe("grade_change_not_allowed", grade)).isEqualTo(grade);
        assertThat(Reasons.describe("illegal_transition", "一般事故隐患不能从 已登记（REGISTERED） 变为 已销号（CLOSED_OUT）"))
                .isEqualTo("此操作不符合该记录的办理流程或先后顺序：一般事故隐患不能从 已登记（REGISTERED） 变为 已销号（CLOSED_OUT）");
    }

    @Test
    void aCodeTheDeviceDoesNotKnowIsNamedFromTheErrorCatalogueOrInPlainWordsNeverAsItself() {
        assertThat(Reasons.describe("version_conflict", null)).isEqualTo("记录已被他人修改，请刷新后重试");
        assertThat(Reasons.describe("some_future_code", "details")).isEqualTo("服务器未接受此修改").doesNotContain("some_future_code");
    }

    /** A refusal of a pledge is not said in the words of a danger's lifecycle. */
    @Test
    void illegalTransitionFitsAnyRecord() {
        assertThat(Reasons.describe("illegal_transition", "责任书 0190 已被引用（案件证据），不能删除"))
                .doesNotContain("隐患").contains("已被引用（案件证据），不能删除");
    }

    @Test
    void aRefusalOfTheServerInEnglishIsSaidByItsCodesChineseName() {
        assertThat(SyncProtocol.refusal(409, "{\"code\":\"upload_offset_mismatch\",\"message\":\"the server holds 0 bytes\"}").getMessage())
                .isEqualTo("服务器拒绝（409）：上传未从服务器已收到的位置继续，请重试（upload_offset_mismatch）");
    }
}
