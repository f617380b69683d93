package cn.fieldsync.client.internal;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push's body is written in one pass with each operation's stored fields text put in as it is:
 * the server receives the very text the operations' trees wrote before.
 */
class PushBodyTest {

    @Test
    void isTheTextTheOperationsTreesWrite() throws Exception {
        List<SyncEngine.Pending> pending = new ArrayList<>();
        JsonArray operations = new JsonArray();
        String[] fieldsTexts = {
                "{\"unitId\":\"u1\",\"description\":\"消防通道被杂物堵塞 \\\"引号\\\" \\\\ \\u2028 <b>&amp;</b>\",\"location\":{\"lat\":37.30,\"lon\":120.1},"
                        + "\"photos\":[\"ab\",\"cd\"],\"note\":null,\"ok\":true}",
                "{}",
                "{\"n\":12345678901234567890,\"e\":1E-7,\"t\":\"\\u0001\"}"};
        for (int i = 0; i < fieldsTexts.length; i++) {
            // the store holds what Gson wrote
            String stored = StrictJson.parseObject(fieldsTexts[i]).toString();
            JsonObject op = new JsonObject();
            op.addProperty("opId", "op-" + i);
            op.addProperty("type", "hazard");
            op.addProperty("id", "rec-" + i);
            op.addProperty("baseVersion", i * 7);
            op.add("fields", Json.fromStore(stored));
            if (i == 1) {
                op.addProperty("delete", true);
            }
            if (i == 2) {
                op.addProperty("prevOpId", "op-1");
            }
            pending.add(new SyncEngine.Pending(i + 1, "rec-" + i, op, stored));
            operations.add(op);
        }
        JsonObject request = new JsonObject();
        request.add("operations", operations);
        assertThat(SyncEngine.pushBody(pending, Collections.<String>emptyList())).isEqualTo(request.toString());

        JsonArray released = new JsonArray();
        released.add("old-1");
        released.add("old-2");
        request.add("released", released);
        assertThat(SyncEngine.pushBody(pending, Arrays.asList("old-1", "old-2"))).isEqualTo(request.toString());

        JsonObject alone = new JsonObject();
        alone.add("operations", new JsonArray());
        alone.add("released", released);
        assertThat(SyncEngine.pushBody(Collections.<SyncEngine.Pending>emptyList(), Arrays.asList("old-1", "old-2")))
                .isEqualTo(alone.toString());
    }
}
