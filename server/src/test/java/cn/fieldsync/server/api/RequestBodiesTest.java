package cn.fieldsync.server.api;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A body that is no JSON is refused in Chinese, saying where, without the parser's own words. */
class RequestBodiesTest {

    private static FieldsyncException refusal(String body) {
        return catchThrowableOfType(FieldsyncException.class, () -> RequestBodies.plain(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1024, RequestShape.of(RequestShape.any("a"))));
    }

    @Test
    void malformedJsonIsSaidInChineseWithWhereAndNothingOfTheParser() {
        FieldsyncException cut = refusal("{\"a\":");
        assertThat(cut.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(cut.getMessage()).startsWith("提交的内容不是有效的 JSON").contains("第 1 行").doesNotContain("JsonReader", "http", "Strictness");
        FieldsyncException twice = refusal("{\"a\":{\"b\":1,\"b\":2}}");
        assertThat(twice.getMessage()).contains("“b”出现了不止一次");
        assertThat(twice.field()).isEqualTo("/a/b");
        assertThat(refusal("[1]").getMessage()).contains("须为一个 JSON 对象");
        assertThat(refusal("{} x").getMessage()).contains("第 1 行第 5 列");
        assertThat(refusal("   ").getMessage()).contains("为空");
    }

    @Test
    void gsonsPathBecomesAJsonPointer() {
        assertThat(RequestBodies.pointer("$.event.supervisors[2].kind")).isEqualTo("/event/supervisors/2/kind");
        assertThat(RequestBodies.pointer("$")).isNull();
        assertThat(RequestBodies.pointer("")).isNull();
    }
}
