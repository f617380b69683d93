package cn.fieldsync.client;

import java.util.Map;

/**
 * The one catalogue of the Chinese words an inspector reads for why an operation waits or was
 * refused, by the server's error code (its ErrorCode catalogue) or the device's own codes. The
 * server's own message (English, with the details) follows the Chinese reason. A reason says
 * what is wrong, not what to do: the command line and the app add that (resend, withdraw).
 */
public final class Reasons {

    /**
     * The operation waits for a record it links to, which is still held on this device (noted by
     * the device before sending, or answered by the server for a link within one push).
     */
    public static final String WAITS_FOR_LINKED = "waits_for_linked";

    private static final Map<String, String> TEXTS = pairs(
            "invalid_record", "记录不符合格式要求",
            "unknown_reference", "所引用的记录（单位、检查记录等）在服务器上不存在",
            "illegal_transition", "状态变更不符合隐患治理流程",
            "status_not_of_grade", "该状态不属于此隐患等级（一般/重大隐患的流程不同）",
            "treatment_plan_incomplete", "重大事故隐患的治理方案须具备全部六项内容",
            "grade_change_not_allowed", "隐患等级只能在登记阶段修改",
            "sealed", "记录已签字封存，不能再修改；请另行录入更正记录",
            "invalid_seal", "签章校验未通过：封存后的内容或签名与封存时不一致",
            "forbidden", "您的角色无权进行此操作",
            "type_mismatch", "记录类型与服务器上的记录不一致",
            "duplicate_id", "记录编号已被占用",
            "unknown_base_version", "修改所依据的版本在服务器上不存在",
            "op_id_reused", "操作编号重复使用",
            "attachment_too_large", "附件超过服务器允许的大小，无法上传",
            "hash_mismatch", "附件内容与其校验值不符（文件可能已损坏），无法上传",
            "attachment_missing", "等待附件（照片等）上传到服务器：本设备持有时自动上传，否则须由持有它的设备上传",
            "waits_for_earlier", "等待本设备对该记录的前一项操作先被服务器接受",
            "unknown_record", "等待该记录本身先同步到服务器",
            WAITS_FOR_LINKED, "等待所引用的记录先同步到服务器",
            "out_of_scope", "超出您当前的管辖范围：已在本设备和服务器上保留，待管理员恢复您的范围或另行处理",
            "invalid_operation", "同步操作格式不正确",
            "deadline_required", "责令限期整改须有整改期限（安全生产法第六十五条、第一百零二条）",
            "date_out_of_order", "日期先后顺序不对，或填写了将来的日期",
            "step_not_recorded", "治理流程的这一步须记录由谁、在哪天完成",
            "extension_required", "整改期限只能通过登记延期（原因、批准人、日期）来变更",
            "append_only", "该历史记录只能追加，不能改写或删除",
            "listing_refused", "挂牌督办或摘牌不符合规定",
            "listing_not_permitted", "您无权登记该级别的挂牌督办",
            "grade_must_be_major", "检查项判定为重大事故隐患，隐患等级须为重大",
            "signed_pledge", "责任书已签订，内容不能再修改；如需变更请另签新的责任书",
            "signatures_incomplete", "封存的检查记录须有执法人员和被检查单位负责人签字，或记录拒签情况（安全生产法第六十八条）");

    private Reasons() {
    }

    /** Code, text, code, text...: a map in that order ({@code Map.ofEntries} is absent on Android 26). */
    private static Map<String, String> pairs(String... codesAndTexts) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < codesAndTexts.length; i += 2) {
            map.put(codesAndTexts[i], codesAndTexts[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The Chinese reason for a code, with the server's details after it when given. */
    public static String describe(String code, String details) {
        String text = TEXTS.getOrDefault(code, "服务器拒绝了此操作（" + code + "）");
        return cn.fieldsync.client.internal.Api26.isBlank(details) ? text : text + "：" + details;
    }
}
