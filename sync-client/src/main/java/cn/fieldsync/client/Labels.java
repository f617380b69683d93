package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;

/** The Chinese names of record types as the inspector reads them, from the one label catalogue (reasons: {@link Reasons}). */
public final class Labels {

    private Labels() {
    }

    /** The Chinese name of a record type (现场检查记录, 事故隐患...), from the {@code recordTypes} section. */
    public static String of(RecordType type) {
        return cn.fieldsync.schemas.Labels.name("recordTypes", type.wireName());
    }
}
