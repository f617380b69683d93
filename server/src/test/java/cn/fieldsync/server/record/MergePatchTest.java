package cn.fieldsync.server.record;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON Merge Patch against its standard: every example of RFC 7396 Appendix A. */
class MergePatchTest {

    @ParameterizedTest(name = "RFC 7396 Appendix A: {0} patched with {1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":"b"}          | {"a":"c"}                    | {"a":"c"}
            {"a":"b"}          | {"b":"c"}                    | {"a":"b","b":"c"}
            {"a":"b"}          | {"a":null}                   | {}
            {"a":"b","b":"c"}  | {"a":null}                   | {"b":"c"}
            {"a":["b"]}        | {"a":"c"}                    | {"a":"c"}
            {"a":"c"}          | {"a":["b"]}                  | {"a":["b"]}
            {"a":{"b":"c"}}    | {"a":{"b":"d","c":null}}     | {"a":{"b":"d"}}
            {"a":[{"b":"c"}]}  | {"a":[1]}                    | {"a":[1]}
            ["a","b"]          | ["c","d"]                    | ["c","d"]
            {"a":"b"}          | ["c"]                        | ["c"]
            {"a":"foo"}        | null                         | null
            {"a":"foo"}        | "bar"                        | "bar"
            {"e":null}         | {"a":1}                      | {"e":null,"a":1}
            [1,2]              | {"a":"b","c":null}           | {"a":"b"}
            {}                 | {"a":{"bb":{"ccc":null}}}    | {"a":{"bb":{}}}
            """)
    void appendixA(String original, String patch, String result) {
        assertThat(MergePatch.apply(JsonParser.parseString(original), JsonParser.parseString(patch)))
                .isEqualTo(JsonParser.parseString(result));
    }

    @Test
    void membersThePatchDoesNotNameKeepTheirTextAndOrder() {
        JsonObject target = JsonParser.parseString("{\"z\":1e2,\"a\":37.30,\"m\":{\"n\":-0.0}}").getAsJsonObject();
        JsonObject patched = MergePatch.apply(target, JsonParser.parseString("{\"a\":null,\"b\":true}").getAsJsonObject());
        assertThat(patched.toString()).isEqualTo("{\"z\":1e2,\"m\":{\"n\":-0.0},\"b\":true}");
        assertThat(target.toString()).isEqualTo("{\"z\":1e2,\"a\":37.30,\"m\":{\"n\":-0.0}}");
    }
}
