package cn.fieldsync.server.record;

/** The columns copied out of a record's body so that lists can filter on them. */
record RecordIndex(String unitId, String jurisdiction, String status, String grade, Long eventAt, String deadline,
                   String listedLevel, String caseId) {
}
