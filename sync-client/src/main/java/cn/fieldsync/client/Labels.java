package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;

/** The catalogue of Chinese names of record types, as the inspector reads them (reasons: {@link Reasons}). */
public final class Labels {

    private Labels() {
    }

    public static String of(RecordType type) {
        return switch (type) {
            case UNIT -> "单位";
            case PERSON -> "人员";
            case INSPECTION -> "现场检查记录";
            case HAZARD -> "事故隐患";
            case PLEDGE -> "责任书";
            case ATTACHMENT -> "附件";
            case EVIDENCE_LINK -> "证据关联";
            // a default rather than an exhaustive switch: that one throws MatchException, absent on Android 26
            default -> type.wireName();
        };
    }
}
