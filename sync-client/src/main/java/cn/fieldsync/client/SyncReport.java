package cn.fieldsync.client;

/**
 * What one sync round did.
 *
 * @param uploaded   attachments uploaded (or finished) in this round
 * @param rejected   operations the server refused for good in this round: kept on the device,
 *                   marked for the inspector's attention (see {@link FieldStore#attention()})
 * @param waiting    operations kept for the next round: they wait for an attachment, a record
 *                   they build on or link to, or the user's scope (sent again at each sync)
 * @param removed    records dropped from the device: they left the user's sight (moved away, or
 *                   the user's jurisdictions or units changed); only records the device held
 *                   count (a new device's first feed names removals of records it never had)
 * @param keptOutOfScope records that left the user's sight but are kept: they hold un-pushed
 *                   operations, which the server will refuse (out_of_scope) and log
 * @param attention  records on the device that need the inspector's attention after this round
 * @param pushMillis time spent pushing the outbox (uploads included)
 * @param pullMillis time spent pulling changes
 */
public record SyncReport(int pushed, int applied, int merged, int conflicts, int rejected, int duplicates, int pulled,
                         int uploaded, int waiting, int removed, int keptOutOfScope, int attention, long pushMillis,
                         long pullMillis) {

    public String summary() {
        return "pushed " + pushed + ", applied " + applied + ", merged " + merged + ", conflicts " + conflicts
                + ", rejected " + rejected + ", pulled " + pulled
                + (uploaded > 0 ? ", attachments uploaded " + uploaded : "")
                + (waiting > 0 ? ", waiting " + waiting : "")
                + (removed > 0 ? ", removed (out of your scope) " + removed : "")
                + (keptOutOfScope > 0 ? ", kept with un-pushed changes though out of your scope " + keptOutOfScope : "")
                + (attention > 0 ? ", need your attention " + attention : "");
    }

    /**
     * What the round did in the inspector's Chinese, e.g. 同步完成：服务器收下 3 项，收到 2 项更新，上传照片 1 张，
     * 2 项等待中 — what the app shows after a round ({@link #summary()} is the same in English).
     */
    public String inWords() {
        // "收下": what the server took (applied, merged or held as a conflict); one it refused was sent too, and is
        // counted as 被拒绝 (a tester read "发送 0 项 … 被拒绝 1 项" as nothing having gone)
        StringBuilder s = new StringBuilder("同步完成：服务器收下 ").append(pushed).append(" 项");
        if (merged > 0) {
            s.append("（其中 ").append(merged).append(" 项与他人的修改合并）");
        }
        s.append("，收到 ").append(pulled).append(" 项更新");
        if (uploaded > 0) {
            s.append("，上传照片等附件 ").append(uploaded).append(" 个");
        }
        if (conflicts > 0) {
            s.append("，冲突 ").append(conflicts).append(" 项（等待管理员裁决，您的值已保留）");
        }
        if (rejected > 0) {
            s.append("，被拒绝 ").append(rejected).append(" 项");
        }
        if (attention > 0) {
            s.append("，").append(attention).append(" 条记录需要您处理");
        }
        if (waiting > 0) {
            s.append("，").append(waiting).append(" 项等待中（照片、所引用的记录等）");
        }
        if (removed > 0) {
            s.append("，").append(removed).append(" 条记录已不在您的管辖范围内，已从本设备移除");
        }
        if (keptOutOfScope > 0) {
            s.append("，").append(keptOutOfScope).append(" 条记录超出您的管辖范围但有未发送的修改，仍保留在本设备上");
        }
        return s.toString();
    }
}
