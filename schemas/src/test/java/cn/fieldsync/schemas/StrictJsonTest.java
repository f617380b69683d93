package cn.fieldsync.schemas;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":1} x",
            "{\"a\":1}{}", "// c\n{}", "{\"a\":1,\"a\":2}", "{\"o\":{\"b\":1,\"b\":1}}", "[1,]"})
    void refusesWhatIsNotStrictJson(String text) {
        assertThatThrownBy(() -> StrictJson.parse(text)).isInstanceOf(StrictJson.MalformedJsonException.class);
    }

    @Test
    void refusesHostileNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> StrictJson.parse(deep)).isInstanceOf(StrictJson.MalformedJsonException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void keepsNumbersAsWritten() throws Exception {
        assertThat(StrictJson.parseObject("{\"lat\":37.30,\"n\":12345678901234567890}").toString())
                .isEqualTo("{\"lat\":37.30,\"n\":12345678901234567890}");
    }

    @Test
    void objectIsRequiredWhereAskedFor() {
        assertThatThrownBy(() -> StrictJson.parseObject("[1]")).hasMessageContaining("object");
    }
}
