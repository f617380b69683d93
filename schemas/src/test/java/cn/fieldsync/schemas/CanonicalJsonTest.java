package cn.fieldsync.schemas;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

    /** schemas/canonical-vectors.json: what a re-implementation of CANONICAL.md checks itself with. */
    static List<Named<JsonObject>> vectors() throws IOException, StrictJson.MalformedJsonException {
        String file = Files.readString(Path.of("canonical-vectors.json"), StandardCharsets.UTF_8);
        return StrictJson.parseObject(file).getAsJsonArray("vectors").asList().stream()
                .map(v -> Named.of(v.getAsJsonObject().get("what").getAsString(), v.getAsJsonObject())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theDocumentedVectorsComeOutAsDocumented(JsonObject vector) throws Exception {
        var input = StrictJson.parse(vector.get("input").getAsString());
        String canonical = vector.get("canonical").getAsString();
        assertThat(CanonicalJson.of(input)).isEqualTo(canonical);
        assertThat(CanonicalJson.sha256(input)).isEqualTo(vector.get("sha256").getAsString());
        // the canonical text is its own canonical form
        assertThat(CanonicalJson.of(StrictJson.parse(canonical))).isEqualTo(canonical);
    }

    @Test
    void membersAreSortedAndWhiteSpaceDropped() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("{ \"b\" : 1, \"a\" : { \"d\": [ 2, 1 ], \"c\": null } }")))
                .isEqualTo("{\"a\":{\"c\":null,\"d\":[2,1]},\"b\":1}");
    }

    @Test
    void numbersAreNormalised() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("[37.30, 1e2, -0.0, 0, 120.8000, 1.5E-3, -12]")))
                .isEqualTo("[37.3,100,0,0,120.8,0.0015,-12]");
    }

    @Test
    void textIsWrittenAsItselfInUtf8() throws Exception {
        assertThat(CanonicalJson.of(StrictJson.parse("{\"说明\":\"<消防通道> & \\\"堵塞\\\"\"}")))
                .isEqualTo("{\"说明\":\"<消防通道> & \\\"堵塞\\\"\"}");
    }

    @Test
    void documentsThatMeanTheSameHashTheSame() throws Exception {
        assertThat(CanonicalJson.sha256(StrictJson.parse("{\"lat\":37.30,\"lon\":120.8}")))
                .isEqualTo(CanonicalJson.sha256(StrictJson.parse("{\"lon\":120.80,\"lat\":37.3}")));
    }
}
