package cn.fieldsync.server.api;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDevices;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: U+202E (right-to-left override), U+0000 and U+0007 were accepted into sealed
 * evidence — names and descriptions whose shown text is not what they hold. The shared rule
 * ({@code RecordChecks.plainText}) refuses them on the server (REST and push) and on the device before it
 * saves, naming the field in Chinese; line breaks stay allowed in a description.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/hidden-characters")
@AddConfig(key = "fieldsync.db.schema", value = "hidden_characters")
class HiddenCharactersApiTest {

    @Inject
    WebTarget target;

    private Http admin;
    private String unit;

    @BeforeEach
    void setUp() {
        admin = TestUsers.admin(target.getUri());
        unit = admin.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
    }

    private String hazard(String description) {
        return "{\"unitId\":\"" + unit + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"" + description
                + "\",\"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"王某\"}";
    }

    @Test
    void theServerRefusesABidiOverrideANulAndABellInNewAndChangedTextAndKeepsLineBreaksInADescription() {
        Http.Answer reversed = admin.post("/api/units", "{\"name\":\"某化工\\u202E司公限有\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
        assertThat(reversed.status()).as(reversed.body()).isEqualTo(422);
        assertThat(reversed.field("code")).isEqualTo("invalid_record");
        assertThat(reversed.field("field")).isEqualTo("/name");
        assertThat(reversed.field("message")).contains("名称").contains("U+202E");

        for (String bad : new String[] {"储罐\\u0000渗漏", "储罐渗漏\\u0007"}) {
            Http.Answer refused = admin.post("/api/hazards", hazard(bad));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.field("field")).isEqualTo("/description");
            assertThat(refused.field("message")).contains("隐患描述").contains("控制字符");
        }
        Http.Answer lines = admin.post("/api/hazards", hazard("储罐渗漏\\n北侧阀门滴漏"));
        assertThat(lines.status()).as(lines.body()).isEqualTo(201);

        Http.Answer renamed = admin.patch("/api/units/" + unit, "{\"name\":\"某化工\\u2066公司\"}", null);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(422);
        assertThat(admin.get("/api/units/" + unit).field("name")).isEqualTo("某化工公司");

        // a device's push (another app's, an older one's): refused for good, nothing stored
        TestUsers.Device device = TestUsers.device(admin, "hidden-pusher");
        String id = Uuids.v7();
        Http.Answer pushed = device.http().post("/api/sync/push", "{\"operations\":[{\"opId\":\"" + Uuids.v7()
                + "\",\"type\":\"hazard\",\"id\":\"" + id + "\",\"baseVersion\":0,\"fields\":" + hazard("储罐\\u202E渗漏") + "}]}");
        JsonObject answer = pushed.json().getAsJsonArray("answers").get(0).getAsJsonObject();
        assertThat(answer.get("status").getAsString()).as(pushed.body()).isEqualTo("rejected");
        assertThat(answer.get("code").getAsString()).isEqualTo("invalid_record");
        assertThat(answer.get("message").getAsString()).contains("隐患描述");
        assertThat(admin.get("/api/hazards/" + id).status()).isEqualTo(404);
    }

    /**
     * A tester's finding: a description sent as {@code "\ud800"} (a JSON escape of half a character)
     * was stored as "?" without a word. It is refused, through REST and in a push, where the other
     * operations of the batch go through; a whole character beyond U+FFFF (an emoji, a hanzi of
     * Extension B, written as its two escapes) is kept as it is.
     */
    @Test
    void halfACharacterIsRefusedInsteadOfStoredAsAQuestionMarkAndAWholeOneIsKept() {
        Http.Answer rest = admin.post("/api/hazards", hazard("储罐\\ud800渗漏"));
        assertThat(rest.status()).as(rest.body()).isEqualTo(422);
        assertThat(rest.field("field")).isEqualTo("/description");
        assertThat(rest.field("message")).contains("隐患描述").contains("U+D800").contains("不是一个完整的字符");

        TestUsers.Device device = TestUsers.device(admin, "half-character-pusher");
        String half = Uuids.v7();
        String whole = Uuids.v7();
        Http.Answer pushed = device.http().post("/api/sync/push", "{\"operations\":["
                + "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"hazard\",\"id\":\"" + half + "\",\"baseVersion\":0,\"fields\":"
                + hazard("储罐渗漏\\udc00") + "},"
                + "{\"opId\":\"" + Uuids.v7() + "\",\"type\":\"hazard\",\"id\":\"" + whole + "\",\"baseVersion\":0,\"fields\":"
                + hazard("𠮷姓责任人发现储罐渗漏\\ud83d\\udd25") + "}]}");
        com.google.gson.JsonArray answers = pushed.json().getAsJsonArray("answers");
        assertThat(answers.get(0).getAsJsonObject().get("status").getAsString()).as(pushed.body()).isEqualTo("rejected");
        assertThat(answers.get(0).getAsJsonObject().get("code").getAsString()).isEqualTo("invalid_record");
        assertThat(answers.get(0).getAsJsonObject().get("message").getAsString()).contains("U+DC00");
        assertThat(answers.get(1).getAsJsonObject().get("status").getAsString()).as(pushed.body()).isEqualTo("applied");
        assertThat(admin.get("/api/hazards/" + half).status()).isEqualTo(404);
        assertThat(admin.get("/api/hazards/" + whole).field("description")).isEqualTo("𠮷姓责任人发现储罐渗漏\uD83D\uDD25");
    }

    @Test
    void theDeviceRefusesThemBeforeSavingWithTheFieldNamedInChinese() {
        FieldStore store = TestDevices.enrolled(admin, "hidden-characters-device", "hiddendevice");
        try {
            TestDevices.sync(target.getUri(), store);
            int held = store.list(RecordType.HAZARD).size();
            assertThatThrownBy(() -> store.create(RecordType.HAZARD, hazard("储罐\\u202E渗漏")))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("隐患描述").hasMessageContaining("U+202E")
                    .hasMessageContaining("(invalid_record)");
            String id = store.create(RecordType.HAZARD, hazard("储罐渗漏\\n北侧阀门滴漏"));
            assertThatThrownBy(() -> store.edit(id, Map.of("responsiblePerson", new JsonPrimitive("王某\u0007"))))
                    .isInstanceOf(InputRefusedException.class).hasMessageContaining("整改责任人").hasMessageContaining("U+0007");
            assertThat(store.list(RecordType.HAZARD)).hasSize(held + 1);
            assertThat(store.status().pendingOperations()).as("only the good danger waits to be sent").isEqualTo(1);
            assertThat(store.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("王某");
        } finally {
            store.close();
        }
    }
}
