package cn.fieldsync.merge;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeWayMergeTest {

    private static final JsonObject BASE = json("{\"deleted\":false,\"a\":\"1\",\"b\":\"1\",\"photos\":[\"p1\"],\"status\":\"REGISTERED\"}");

    @Test
    void fieldTheServerDidNotTouchTakesTheDeviceValue() {
        JsonObject server = with(BASE, "{\"a\":\"server\"}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"b\":\"device\"}"));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged().get("a").getAsString()).isEqualTo("server");
        assertThat(r.merged().get("b").getAsString()).isEqualTo("device");
        assertThat(r.changed()).isTrue();
    }

    @Test
    void fieldBothChangedDifferentlyKeepsTheServerValueAndHoldsAllThree() {
        JsonObject server = with(BASE, "{\"a\":\"server\"}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"a\":\"device\"}"));
        assertThat(r.merged().get("a").getAsString()).isEqualTo("server");
        assertThat(r.conflicts()).containsExactly(new FieldChange("a", json("{\"v\":\"1\"}").get("v"),
                json("{\"v\":\"server\"}").get("v"), json("{\"v\":\"device\"}").get("v")));
    }

    @Test
    void bothMakingTheSameChangeIsNoConflict() {
        JsonObject server = with(BASE, "{\"a\":\"same\"}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"a\":\"same\"}"));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.changed()).isFalse();
    }

    @Test
    void appendOnlyListsMergeAsTheUnion() {
        JsonObject server = with(BASE, "{\"photos\":[\"p1\",\"p2\"]}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"photos\":[\"p1\",\"p3\"]}"));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged().get("photos").toString()).isEqualTo("[\"p1\",\"p2\",\"p3\"]");
    }

    @Test
    void staleDeviceCannotReopenWhatTheServerClosed() {
        JsonObject server = with(BASE, "{\"status\":\"VERIFIED\"}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"status\":\"RECTIFIED\"}"));
        assertThat(r.merged().get("status").getAsString()).isEqualTo("VERIFIED");
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactly("status");
    }

    @Test
    void deletingARecordChangedSinceTheBaseIsAConflictAndTheRecordStays() {
        JsonObject server = with(BASE, "{\"a\":\"server\"}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"deleted\":true}"));
        assertThat(r.merged().get("deleted").getAsBoolean()).isFalse();
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactly("deleted");
    }

    @Test
    void deletingAnUnchangedRecordIsApplied() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, BASE.deepCopy(), changes("{\"deleted\":true}"));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged().get("deleted").getAsBoolean()).isTrue();
    }

    @Test
    void editingARecordDeletedSinceTheBaseIsAConflictAndTheEditIsKept() {
        JsonObject server = with(BASE, "{\"deleted\":true}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, server, changes("{\"b\":\"device\"}"));
        assertThat(r.merged().get("b").getAsString()).isEqualTo("device");
        assertThat(r.merged().get("deleted").getAsBoolean()).isTrue();
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactly("deleted");
    }

    @Test
    void nullRemovesAFieldTheServerDidNotChange() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge("hazard", BASE, BASE.deepCopy(), changes("{\"b\":null}"));
        assertThat(r.merged().has("b")).isFalse();
    }

    private static final JsonObject INSPECTION = json("""
            {"deleted":false,"status":"DRAFT","findings":["通道堵塞"],"photos":["p1"],
             "signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-30T10:00:00+08:00"}]}""");

    private static final String UNIT_SIGNS = """
            {"signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-30T10:00:00+08:00"},
              {"role":"UNIT_PERSON_IN_CHARGE","name":"李建国","signedAt":"2026-11-30T10:30:00+08:00"}]}""";

    /** 安全生产法 art 68: a signature given on v1's findings is not merged onto the findings changed since. */
    @Test
    void art68_aSignatureGivenOnContentChangedSinceIsHeldNotMerged() {
        JsonObject server = with(INSPECTION, "{\"findings\":[\"通道堵塞\",\"灭火器过期\"]}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("inspection", INSPECTION, server, changes(UNIT_SIGNS));
        assertThat(r.changed()).isFalse();
        assertThat(r.merged()).isEqualTo(server);
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactly("signatures");
        FieldChange held = r.conflicts().getFirst();
        assertThat(held.device()).isEqualTo(json(UNIT_SIGNS).get("signatures"));
        assertThat(held.signedOn().changedFields()).containsExactly("findings");
        assertThat(held.signedOn().contentSha256()).isEqualTo(cn.fieldsync.schemas.SignedContent.sha256(INSPECTION));
    }

    /** Photos are signed content too: a photo added since is content the signer did not see. */
    @Test
    void art68_aPhotoAddedSinceHoldsTheSignatureAndSealing() {
        JsonObject server = with(INSPECTION, "{\"photos\":[\"p1\",\"p2\"]}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("inspection", INSPECTION, server, changes(UNIT_SIGNS.replace("}]}",
                "}],\"status\":\"SEALED\",\"seal\":{\"hash\":\"h\"}}")));
        assertThat(r.merged().get("status").getAsString()).isEqualTo("DRAFT");
        assertThat(r.merged().has("seal")).isFalse();
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactlyInAnyOrder("signatures", "status", "seal");
        assertThat(r.conflicts()).allSatisfy(c -> assertThat(c.signedOn().changedFields()).containsExactly("photos"));
    }

    @Test
    void signaturesOnTheSameContentStillMergeAsTheUnion() {
        JsonObject server = with(INSPECTION, """
                {"signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"2026-11-30T10:00:00+08:00"},
                  {"role":"INSPECTOR","name":"刘洋","signedAt":"2026-11-30T10:10:00+08:00"}]}""");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("inspection", INSPECTION, server, changes(UNIT_SIGNS));
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged().getAsJsonArray("signatures")).hasSize(3);
        JsonObject sameFindings = with(INSPECTION, "{\"findings\":[\"灭火器过期\"]}");
        ThreeWayMerge.Result signedWhatItChanged = ThreeWayMerge.merge("inspection", INSPECTION, sameFindings,
                changes(UNIT_SIGNS.replace("{\"signatures\"", "{\"findings\":[\"灭火器过期\"],\"signatures\"")));
        assertThat(signedWhatItChanged.conflicts()).as("the device signed the very content the server now has").isEmpty();
    }

    @Test
    void theDevicesContentChangeMergesWhileItsSignatureOnOtherContentIsHeld() {
        JsonObject server = with(INSPECTION, "{\"notes\":[\"服务器补充\"],\"signatures\":[]}");
        JsonObject base = with(INSPECTION, "{\"signatures\":[]}");
        ThreeWayMerge.Result r = ThreeWayMerge.merge("inspection", base, server,
                changes(UNIT_SIGNS.replace("{\"signatures\"", "{\"findings\":[\"灭火器过期\"],\"signatures\"")));
        assertThat(r.merged().get("findings").toString()).isEqualTo("[\"灭火器过期\"]");
        assertThat(r.merged().getAsJsonArray("signatures")).isEmpty();
        assertThat(r.conflicts()).extracting(FieldChange::field).containsExactly("signatures");
        assertThat(r.conflicts().getFirst().signedOn().changedFields()).containsExactly("notes");
    }

    private static Map<String, JsonElement> changes(String json) {
        Map<String, JsonElement> map = new LinkedHashMap<>();
        json(json).entrySet().forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static JsonObject with(JsonObject base, String changes) {
        JsonObject copy = base.deepCopy();
        json(changes).entrySet().forEach(e -> copy.add(e.getKey(), e.getValue()));
        return copy;
    }

    private static JsonObject json(String text) {
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
