package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one reading of a JSON member: absent, null and the wrong kind all read as absent, and nothing throws. */
class JsonFieldsTest {

    private static final JsonObject O = JsonParser.parseString("""
            {"s":"栖霞","n":37.30,"b":true,"z":null,"o":{"a":1},"a":["x"],"e":""}""").getAsJsonObject();

    @Test
    void textReadsStringsNumbersAsWrittenAndBooleans() {
        assertThat(JsonFields.text(O, "s")).isEqualTo("栖霞");
        assertThat(JsonFields.text(O, "n")).isEqualTo("37.30");
        assertThat(JsonFields.text(O, "b")).isEqualTo("true");
        assertThat(JsonFields.text(O, "e")).isEmpty();
    }

    @Test
    void absentNullObjectsArraysAndANullObjectReadAsNoText() {
        for (String name : new String[] {"missing", "z", "o", "a"}) {
            assertThat(JsonFields.text(O, name)).as(name).isNull();
            assertThat(JsonFields.textOr(O, name, "")).as(name).isEmpty();
        }
        assertThat(JsonFields.text(null, "s")).isNull();
        assertThat(JsonFields.textOr(O, "s", "")).isEqualTo("栖霞");
    }

    @Test
    void objectsAndArraysAreReadOnlyWhenTheyAreOne() {
        assertThat(JsonFields.object(O, "o")).isEqualTo(JsonParser.parseString("{\"a\":1}"));
        assertThat(JsonFields.object(O, "a")).isNull();
        assertThat(JsonFields.object(null, "o")).isNull();
        assertThat(JsonFields.array(O, "a")).hasSize(1);
        assertThat(JsonFields.array(O, "s")).isEmpty();
        assertThat(JsonFields.array(O, "missing")).isEmpty();
        assertThat(JsonFields.array(null, "a")).isEmpty();
    }
}
