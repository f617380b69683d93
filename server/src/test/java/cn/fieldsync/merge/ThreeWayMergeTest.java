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
