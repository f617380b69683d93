package cn.fieldsync.server.error;

import cn.fieldsync.schemas.Labels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error the server can answer has a Chinese name, which problem documents carry as their title. */
class ErrorCatalogueTest {

    @Test
    void everyErrorCodeHasAChineseName() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
                .filter(code -> Labels.find("errors", code).isEmpty()))
                .as("error codes with no name in the label catalogue's \"errors\" section").isEmpty();
    }
}
