package cn.fieldsync.server.api;

import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import org.junit.jupiter.api.Test;

import static cn.fieldsync.server.api.RequestShape.any;
import static cn.fieldsync.server.api.RequestShape.bool;
import static cn.fieldsync.server.api.RequestShape.number;
import static cn.fieldsync.server.api.RequestShape.object;
import static cn.fieldsync.server.api.RequestShape.objects;
import static cn.fieldsync.server.api.RequestShape.text;
import static cn.fieldsync.server.api.RequestShape.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a route's body may hold: a member it does not take, or of the wrong kind, is refused with where it is. */
class RequestShapeTest {

    private static final RequestShape SHAPE = RequestShape.of(text("title"), number("days"), bool("done"), any("free"),
            texts("ids"), objects("supervisors", RequestShape.of(text("unitId"), text("kind"))),
            object("event", RequestShape.of(text("kind"), text("a/b"))));

    private static FieldsyncException refusal(String body) {
        return catchThrowableOfType(FieldsyncException.class, () -> SHAPE.check(StrictJson.parseObject(body)));
    }

    @Test
    void whatTheShapeDescribesIsTakenAndNullReadsAsAbsent() {
        assertThatCode(() -> SHAPE.check(StrictJson.parseObject("{\"title\":\"栖霞\",\"days\":30,\"done\":true,\"free\":[1,{}],"
                + "\"ids\":[\"a\",\"b\"],\"supervisors\":[{\"unitId\":\"u\",\"kind\":\"TERRITORIAL\"}],\"event\":{\"kind\":\"ACCIDENT\"}}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> SHAPE.check(StrictJson.parseObject("{\"title\":null,\"event\":null,\"ids\":null}"))).doesNotThrowAnyException();
        // a number or a boolean where text belongs is read as written (370686, true): nothing is lost
        assertThatCode(() -> SHAPE.check(StrictJson.parseObject("{\"title\":370686}"))).doesNotThrowAnyException();
        assertThatCode(() -> RequestShape.empty().check(StrictJson.parseObject("{}"))).doesNotThrowAnyException();
    }

    @Test
    void aMemberTheRouteDoesNotTakeIsRefusedNamingItAndWhatTheRouteTakes() {
        FieldsyncException e = refusal("{\"title\":\"x\",\"supervisor\":[]}");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER);
        assertThat(e.code().status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("/supervisor");
        assertThat(e.getMessage()).contains("“supervisor”").contains("supervisors").contains("未作任何修改");
        // inside an object and inside a list's object, with the pointer to it
        assertThat(refusal("{\"event\":{\"kind\":\"ACCIDENT\",\"deaths\":1}}").field()).isEqualTo("/event/deaths");
        assertThat(refusal("{\"supervisors\":[{\"unitId\":\"u\"},{\"unitID\":\"u\"}]}").field()).isEqualTo("/supervisors/1/unitID");
        assertThat(catchThrowableOfType(FieldsyncException.class, () -> RequestShape.empty().check(StrictJson.parseObject("{\"a\":1}")))
                .getMessage()).contains("不需要提交任何字段");
    }

    @Test
    void aMemberOfTheWrongKindIsRefusedSayingWhatItShouldBe() {
        FieldsyncException list = refusal("{\"title\":[\"一\",\"二\"]}");
        assertThat(list.code()).isEqualTo(ErrorCode.INVALID_MEMBER);
        assertThat(list.field()).isEqualTo("/title");
        assertThat(list.getMessage()).contains("“title”应为文本").contains("收到的是数组");
        assertThat(refusal("{\"days\":\"30\"}").getMessage()).contains("应为数字");
        assertThat(refusal("{\"done\":\"yes\"}").getMessage()).contains("应为true 或 false");
        assertThat(refusal("{\"ids\":\"a\"}").field()).isEqualTo("/ids");
        assertThat(refusal("{\"ids\":[\"a\",{\"id\":\"b\"}]}").field()).isEqualTo("/ids/1");
        FieldsyncException hole = refusal("{\"ids\":[\"a\",null]}");
        assertThat(hole.field()).isEqualTo("/ids/1");
        assertThat(hole.getMessage()).contains("“ids”的第 2 项");
        assertThat(refusal("{\"supervisors\":[\"u\"]}").field()).isEqualTo("/supervisors/0");
        assertThat(refusal("{\"event\":\"ACCIDENT\"}").getMessage()).contains("应为对象");
    }

    @Test
    void aMemberNameIsEscapedInItsPointerAsRfc6901Says() {
        assertThat(refusal("{\"event\":{\"a/b\":[]}}").field()).isEqualTo("/event/a~1b");
        assertThat(refusal("{\"x~y\":1}").field()).isEqualTo("/x~0y");
    }
}
