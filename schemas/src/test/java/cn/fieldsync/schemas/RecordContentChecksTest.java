package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecordChecks#content}: impossible recorded times (安全生产法 art 119, in force since
 * 2002-11-01), text of only blanks, a seal older than its inspection, and changes under
 * signatures (安全生产法 art 68) — the rules the device and the server share.
 */
class RecordContentChecksTest {

    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static JsonObject inspection(String startedAt, String more) {
        return json("{\"unitId\":\"u\",\"startedAt\":\"" + startedAt + "\",\"inspectors\":[{\"name\":\"张明\"},{\"name\":\"刘洋\"}],"
                + "\"checklist\":[{\"itemCode\":\"HC-01\",\"text\":\"防火堤完好\",\"result\":\"PASS\"}]" + more + "}");
    }

    private static Optional<RecordChecks.Refusal> check(RecordType type, JsonObject before, JsonObject after) {
        return RecordChecks.content(type, before, after, NOW, ZONE);
    }

    @Test
    void art119_aTimeInTheFutureOrBeforeTheLawTookEffectIsRefused() {
        Optional<RecordChecks.Refusal> future = check(RecordType.INSPECTION, null, inspection("2027-06-01T09:00:00+08:00", ""));
        assertThat(future).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("date_out_of_order", "/startedAt");
        assertThat(future.get().message()).contains("检查开始时间", "晚于现在");
        Optional<RecordChecks.Refusal> old = check(RecordType.INSPECTION, null, inspection("1900-06-01T09:00:00+08:00", ""));
        assertThat(old.get().message()).contains("早于 2002-11-01", "第一百一十九条");
        Optional<RecordChecks.Refusal> found = check(RecordType.HAZARD, null, json("{\"description\":\"油罐渗漏\",\"foundAt\":\"0001-01-01T00:00:00Z\"}"));
        assertThat(found).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("date_out_of_order", "/foundAt");
        Optional<RecordChecks.Refusal> step = check(RecordType.HAZARD, null,
                json("{\"description\":\"油罐渗漏\",\"reinspections\":[{\"date\":\"2027-01-05\",\"result\":\"PASSED\"}]}"));
        assertThat(step.get().pointer()).isEqualTo("/reinspections/0/date");
        assertThat(check(RecordType.PLEDGE, null, json("{\"signedAt\":\"2027-01-01T00:00:00Z\"}")).get().pointer()).isEqualTo("/signedAt");
        assertThat(check(RecordType.INSPECTION, null, inspection("2026-12-01T09:55:00+08:00", ""))).as("within the clock skew").isEmpty();
        assertThat(check(RecordType.INSPECTION, null, inspection("2002-11-01T08:00:00+08:00", ""))).as("the day the law took effect").isEmpty();
        assertThat(check(RecordType.HAZARD, null, json("{\"deadline\":\"2030-01-01\"}"))).as("a deadline lies ahead").isEmpty();
    }

    @Test
    void aSealOlderThanItsInspectionIsRefused() {
        JsonObject sealed = inspection("2026-11-30T09:00:00+08:00", ",\"seal\":{\"sealedAt\":\"2026-11-29T09:00:00+08:00\"}");
        assertThat(check(RecordType.INSPECTION, null, sealed)).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer)
                .containsExactly("date_out_of_order", "/seal/sealedAt");
    }

    @Test
    void textOfOnlySpacesOrATabIsRefused() {
        Optional<RecordChecks.Refusal> spaces = check(RecordType.HAZARD, null, json("{\"description\":\"   \",\"responsiblePerson\":\"王某\"}"));
        assertThat(spaces).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("invalid_record", "/description");
        assertThat(spaces.get().message()).contains("隐患描述", "没有可见的文字");
        assertThat(check(RecordType.HAZARD, null, json("{\"description\":\"油罐渗漏\",\"responsiblePerson\":\"\\t\"}")).get().pointer())
                .isEqualTo("/responsiblePerson");
        assertThat(check(RecordType.HAZARD, null, json("{\"description\":\"\\u3000\"}"))).as("全角空格").isPresent();
        assertThat(check(RecordType.HAZARD, null, json("{\"description\":\" 油罐 渗漏 \"}"))).isEmpty();
    }

    /** 安全生产法 art 68: the signers signed what the record said; a change needs the signatures cleared. */
    @Test
    void art68_aChangeUnderSignaturesIsRefusedUnlessTheSignaturesAreClearedInTheSameEdit() {
        String signatures = ",\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-30T10:00:00+08:00\"}]";
        JsonObject signed = inspection("2026-11-30T09:00:00+08:00", signatures);
        JsonObject changed = signed.deepCopy();
        changed.add("findings", JsonParser.parseString("[\"消防通道堵塞\"]"));
        Optional<RecordChecks.Refusal> refused = check(RecordType.INSPECTION, signed, changed);
        assertThat(refused).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("invalid_record", "/signatures");
        assertThat(refused.get().message()).contains("已有签字，修改内容前须清除签字，并请各方重新签字");
        JsonObject cleared = changed.deepCopy();
        cleared.add("signatures", JsonParser.parseString("[]"));
        assertThat(check(RecordType.INSPECTION, signed, cleared)).isEmpty();
        JsonObject secondSigner = signed.deepCopy();
        secondSigner.getAsJsonArray("signatures").add(json("{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-30T10:05:00+08:00\"}"));
        secondSigner.addProperty("status", "SEALED");
        assertThat(check(RecordType.INSPECTION, signed, secondSigner)).as("signing on and sealing change no content").isEmpty();
        assertThat(check(RecordType.INSPECTION, null, changed)).as("a new record has nobody's signature to keep").isEmpty();
    }
    /** 安全生产法 art 68: the evidence photos are what the signers signed too; a signature's image is not a photo. */
    @Test
    void art68_aPhotoAddedOrRemovedUnderSignaturesIsRefusedUnlessTheSignaturesAreCleared() {
        JsonObject signed = inspection("2026-11-30T09:00:00+08:00", ",\"photos\":[\"" + "a".repeat(64) + "\"],"
                + "\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-30T10:00:00+08:00\","
                + "\"signatureImage\":\"" + "b".repeat(64) + "\"}]");
        JsonObject added = signed.deepCopy();
        added.getAsJsonArray("photos").add("c".repeat(64));
        JsonObject removed = signed.deepCopy();
        removed.remove("photos");
        for (JsonObject after : new JsonObject[] {added, removed}) {
            Optional<RecordChecks.Refusal> refused = check(RecordType.INSPECTION, signed, after);
            assertThat(refused).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("invalid_record", "/signatures");
            assertThat(refused.get().message()).contains("已有签字，增加或删除照片前须清除签字");
            JsonObject cleared = after.deepCopy();
            cleared.add("signatures", JsonParser.parseString("[]"));
            assertThat(check(RecordType.INSPECTION, signed, cleared)).isEmpty();
        }
        JsonObject secondSigner = signed.deepCopy();
        secondSigner.getAsJsonArray("signatures").add(json("{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-30T10:05:00+08:00\","
                + "\"signatureImage\":\"" + "d".repeat(64) + "\"}"));
        assertThat(check(RecordType.INSPECTION, signed, secondSigner)).as("a signature with its image changes no photo").isEmpty();
    }

    /** 安全生产法 art 68: a witnessed refusal to sign refused this content; a change needs it recorded again. */
    @Test
    void art68_aChangeUnderARecordedRefusalToSignIsRefusedUnlessTheRefusalIsCleared() {
        JsonObject refused = inspection("2026-11-30T09:00:00+08:00", ",\"refusalToSign\":{\"refusedBy\":\"赵某\",\"refusedByRole\":\"矿长\","
                + "\"witness\":{\"name\":\"孙某\"},\"recordedAt\":\"2026-11-30T10:00:00+08:00\"}");
        JsonObject changed = refused.deepCopy();
        changed.add("findings", JsonParser.parseString("[\"配电箱未接地\"]"));
        Optional<RecordChecks.Refusal> refusal = check(RecordType.INSPECTION, refused, changed);
        assertThat(refusal).get().extracting(RecordChecks.Refusal::code, RecordChecks.Refusal::pointer).containsExactly("invalid_record", "/refusalToSign");
        assertThat(refusal.get().message()).contains("已记录拒绝签字，修改内容前须清除拒签记录");
        JsonObject cleared = changed.deepCopy();
        cleared.remove("refusalToSign");
        assertThat(check(RecordType.INSPECTION, refused, cleared)).isEmpty();
    }

    /** A device deletes only what its own user created; a record of unknown creator, nobody's device. */
    @Test
    void aRecordIsDeletedFromADeviceOnlyByTheUserWhoCreatedIt() {
        assertThat(Deletions.byCreatorOnly(RecordType.HAZARD, "h1", "inspector-a", "inspector-a")).isEmpty();
        RecordChecks.Refusal colleague = Deletions.byCreatorOnly(RecordType.HAZARD, "h1", "inspector-a", "inspector-b").orElseThrow();
        assertThat(colleague.code()).isEqualTo("forbidden");
        assertThat(colleague.message()).isEqualTo("事故隐患 h1 不是您创建的，不能删除：设备上只能删除自己创建、尚未被引用的草稿；如确需删除，请联系创建人或管理员");
        assertThat(Deletions.byCreatorOnly(RecordType.INSPECTION, "i1", null, "inspector-a")).as("stored before creators were kept").isPresent();
    }
}
