package cn.fieldsync.domain.hazard;

/** 一般事故隐患 or 重大事故隐患. */
public enum HazardGrade {
    GENERAL,
    MAJOR
}
