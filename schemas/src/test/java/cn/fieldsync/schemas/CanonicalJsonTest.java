package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

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
