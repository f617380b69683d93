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

    /**
     * A tester's finding: text that is no record's — a user's display name, a device's name, a case's
     * title and findings — took a bidi override, a bell and half a character without a word, and a
     * revocation's reason longer than 500 characters was cut (possibly in the middle of a character).
     * Every such body is checked where it is read ({@code RequestBodies.plain}); line breaks stay
     * allowed in a finding.
     */
    @Test
    void textThatIsNoRecordsIsRefusedWithItsFieldNamedAndLineBreaksStayAllowedInAFinding() {
        Http.Answer named = admin.post("/api/admin/users", "{\"username\":\"hidden-name\",\"password\":\"hidden-name-password\","
                + "\"role\":\"INSPECTOR\",\"displayName\":\"王\\u202E强\",\"jurisdictions\":[\"370686\"]}");
        assertThat(named.status()).as(named.body()).isEqualTo(422);
        assertThat(named.field("code")).isEqualTo("hidden_character");
        assertThat(named.field("field")).isEqualTo("/displayName");
        assertThat(named.field("message")).contains("姓名").contains("U+202E");
        Http.Answer twoLines = admin.post("/api/admin/users", "{\"username\":\"hidden-name\",\"password\":\"hidden-name-password\","
                + "\"role\":\"INSPECTOR\",\"displayName\":\"王强\\n副局长\",\"jurisdictions\":[\"370686\"]}");
        assertThat(twoLines.status()).as(twoLines.body()).isEqualTo(422);
        assertThat(twoLines.field("message")).contains("只填一行");
        assertThat(admin.get("/api/admin/users/hidden-name").status()).as("no account was made").isEqualTo(404);

        TestUsers.createAccount(admin, "hidden-inspector", "INSPECTOR", TestUsers.COUNTY);
        Http inspector = admin.login("hidden-inspector", TestUsers.password("hidden-inspector"));
        Http.Answer device = inspector.post("/api/devices", "{\"name\":\"执法终端\\u0007\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(422);
        assertThat(device.field("field")).isEqualTo("/name");
        Http.Answer enrolled = inspector.post("/api/devices", "{\"name\":\"执法终端\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        String tooLong = "丢失".repeat(250) + "𠮷";
        Http.Answer revoked = admin.post("/api/devices/" + enrolled.field("id") + "/revoke", "{\"reason\":\"" + tooLong + "\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(400);
        assertThat(revoked.field("message")).contains("500");
        Http.Answer notText = admin.post("/api/devices/" + enrolled.field("id") + "/revoke", "{\"reason\":[\"丢失\"]}");
        assertThat(notText.status()).as("a reason that is not text is refused, not dropped").isEqualTo(400);
        assertThat(admin.get("/api/devices").body()).doesNotContain("revokedAt");
        assertThat(inspector.post("/api/devices", "{\"name\":\"half\\udbff\"}").field("message")).contains("U+DBFF");

        TestUsers.createAccount(admin, "hidden-reviewer", "REVIEWER", TestUsers.COUNTY);
        Http reviewer = admin.login("hidden-reviewer", TestUsers.password("hidden-reviewer"));
        String bureau = admin.post("/api/units", "{\"name\":\"应急管理局\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}").field("id");
        String opening = "{\"title\":\"%s\",\"subjectUnitId\":\"" + unit + "\",\"supervisingUnitId\":\"" + bureau
                + "\",\"event\":{\"kind\":\"ACCIDENT\",\"at\":\"2026-11-02T10:00:00+08:00\",\"deaths\":1,\"seriousInjuries\":0,\"directLossCny\":100000}}";
        Http.Answer reversedTitle = reviewer.post("/api/cases", opening.formatted("某公司\\u202E故事亡死"));
        assertThat(reversedTitle.status()).as(reversedTitle.body()).isEqualTo(422);
        assertThat(reversedTitle.field("field")).isEqualTo("/title");
        Http.Answer opened = reviewer.post("/api/cases", opening.formatted("某公司死亡事故"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String findings = "/api/cases/" + opened.field("id") + "/findings";
        Http.Answer hidden = reviewer.post(findings, "{\"track\":\"LEADERSHIP\",\"text\":\"督促不力\\u2067（已整改）\"}");
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(422);
        assertThat(hidden.field("field")).isEqualTo("/text");
        assertThat(hidden.field("message")).contains("U+2067").contains("文字方向控制符");
        Http.Answer paragraphs = reviewer.post(findings, "{\"track\":\"LEADERSHIP\",\"text\":\"督促不力。\\n\\t对逾期隐患未督办\"}");
        assertThat(paragraphs.status()).as(paragraphs.body()).isEqualTo(200);
        assertThat(paragraphs.body()).contains("督促不力。\\n\\t对逾期隐患未督办").doesNotContain("U+2067");
    }

    /**
     * A body that is not UTF-8 (a Latin-1 or GBK client's) was decoded with U+FFFD in place of each
     * byte it could not read and stored so; it is refused with where the bad bytes begin, and nothing is stored.
     */
    @Test
    void aBodyThatIsNotUtf8IsRefusedInsteadOfStoredWithReplacementCharacters() {
        byte[] gbk = hazard("储罐渗漏").getBytes(java.nio.charset.Charset.forName("GBK"));
        int before = admin.get("/api/hazards?limit=500").json().getAsJsonArray("items").size();
        Http.Answer answer = admin.sendBytes("POST", "/api/hazards", "application/json", gbk);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.field("code")).isEqualTo("malformed_json");
        assertThat(answer.field("message")).contains("UTF-8").contains("个字节");
        assertThat(admin.get("/api/hazards?limit=500").json().getAsJsonArray("items")).hasSize(before);
    }
}
