package cn.fieldsync.server.error;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tester found when refusals were first said in Chinese, over real HTTP on the demo data: a
 * request that says nothing must change nothing, a refusal must be true and readable in every part
 * of its answer, and a filter with a typo must be refused rather than answer "none".
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/refusals-say")
@AddConfig(key = "fieldsync.db.schema", value = "refusals_say")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class RefusalsSayWhatIsWrongApiTest {

    @Inject
    WebTarget target;

    @Test
    void aRequestThatSaysNothingChangesNothing() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        String caseId = demoCase(reviewer);
        JsonObject before = reviewer.get("/api/cases/" + caseId).json();

        // {} once emptied the case's team: the list is required, [] is how "nobody" is said
        Http.Answer team = reviewer.post("/api/cases/" + caseId + "/investigators", "{}");
        assertThat(team.status()).isEqualTo(422);
        assertThat(team.field("message")).isEqualTo("请填写调查人员（investigators）");
        // {} once recorded a 补报 (493号令 art 13) that changed nothing
        Http.Answer casualties = reviewer.post("/api/cases/" + caseId + "/casualties", "{}");
        assertThat(casualties.status()).isEqualTo(422);
        assertThat(casualties.field("message")).startsWith("补报须写明变化后的伤亡人数或直接经济损失");

        // a member left out is asked for, with its choices — not said to be "须为以下之一" as if a wrong one were sent
        String action = find(before, "actions").getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
        assertThat(reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", "{}").field("message"))
                .startsWith("请填写步骤（to），从以下之中选择：");
        assertThat(reviewer.post("/api/documents", "{}").field("message")).startsWith("请填写").contains("从以下之中选择");
        Http admin = TestUsers.admin(target.getUri());
        assertThat(admin.post("/api/admin/users", "{\"username\":\"nobody\",\"password\":\"nobody-2026-pass\"}").field("message"))
                .startsWith("请填写").contains("从以下之中选择").contains("（REVIEWER）");

        JsonObject after = reviewer.get("/api/cases/" + caseId).json();
        assertThat(after.get("investigators")).isEqualTo(before.get("investigators"));
        assertThat(after.getAsJsonArray("investigators")).isNotEmpty();
        assertThat(find(after, "casualtyChanges")).isEqualTo(find(before, "casualtyChanges"));
    }

    @Test
    void everyFaultOfARecordIsSaidInChineseAndChoicesKeepTheirCodesInChineseBrackets() {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        Http.Answer empty = inspector.post("/api/hazards", "{}");
        assertThat(empty.status()).isEqualTo(422);
        JsonArray errors = empty.json().getAsJsonArray("errors");
        assertThat(errors.size()).isGreaterThan(3);
        // each fault by the field's Chinese name, not the schema validator's "required property 'unitId' not found"
        errors.forEach(e -> assertThat(e.getAsJsonObject().get("message").getAsString())
                .matches("(?s).*[\\u4e00-\\u9fff].*").doesNotContain("property", "required", "found"));

        Http.Answer grade = inspector.post("/api/hazards", "{\"unitId\":\"" + DemoData.CHEMICAL_CO + "\",\"grade\":\"HUGE\"}");
        assertThat(grade.json().getAsJsonArray("errors").toString()).contains("一般事故隐患（GENERAL）、重大事故隐患（MAJOR）");
    }

    @Test
    void aFilterWithATypoIsRefusedRatherThanAnsweredWithNothing() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        Map<String, String> refused = Map.of(
                "/api/hazards?status=VERIFED", "已复查验收（VERIFIED）",
                "/api/hazards?grade=HUGE", "重大事故隐患（MAJOR）",
                "/api/inspections?status=OPEN", "已签字封存（SEALED）",
                "/api/units?status=OPEN", "不能按它筛选",
                "/api/cases?grade=BIG", "较大事故（SERIOUS）");
        refused.forEach((query, named) -> {
            Http.Answer answer = reviewer.get(query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.field("code")).as(query).isEqualTo("invalid_parameter");
            assertThat(answer.field("message")).as(query).contains(named);
        });
        assertThat(reviewer.get("/api/hazards?status=VERIFIED").status()).isEqualTo(200);
        // a period that ends before it begins answered "none" on lists, exports and the audit log alike
        Http admin = TestUsers.admin(target.getUri());
        for (String query : java.util.List.of("/api/hazards?from=2026-12-01&to=2026-11-01", "/api/hazards/export?format=csv&from=2026-12-01&to=2026-11-01",
                "/api/inspections?from=2026-12-01T10:00:00%2B08:00&to=2026-12-01T09:00:00%2B08:00", "/api/audit?from=2026-12-01&to=2026-11-30")) {
            Http.Answer reversed = admin.get(query);
            assertThat(reversed.status()).as(query).isEqualTo(400);
            assertThat(reversed.field("field")).as(query).isEqualTo("from");
            assertThat(reversed.field("message")).as(query).isEqualTo("起始日期（from）晚于截止日期（to），这段时间里什么也查不到；请检查日期范围");
        }
        assertThat(admin.get("/api/hazards?from=2026-12-01&to=2026-12-01").status()).as("one day").isEqualTo(200);
        // the printed ledger (a numbered 文书) is not issued on a filter that cannot match
        Http.Answer ledger = reviewer.post("/api/documents", "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"status\":\"FOO\"}}");
        assertThat(ledger.status()).isEqualTo(400);
        // at the member of the body that is wrong, not at a query parameter the request did not have
        assertThat(ledger.field("field")).isEqualTo("/filter/status");
        assertThat(reviewer.post("/api/documents", "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"from\":\"2026-12-01\",\"to\":\"2026-01-01\"}}")
                .field("field")).isEqualTo("/filter/from");
        Http.Answer both = reviewer.post("/api/documents", "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{},\"recordId\":\""
                + DemoData.CHEMICAL_CO + "\"}");
        assertThat(both.field("field")).isEqualTo("/recordId");
        assertThat(both.field("message")).isEqualTo("隐患台账（HAZARD_LEDGER）只用筛选条件（filter），不接受所属记录（recordId）；未出具文书");
    }

    @Test
    void aDayTheCalendarLacksIsSaidToBeNoDayAndPartyDisciplineIsNotHeldToTheSanctionsLaw() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        String caseId = demoCase(reviewer);
        Http.Answer day = reviewer.post("/api/cases/" + caseId + "/report-submitted", "{\"on\":\"2026-02-30\"}");
        assertThat(day.status()).isEqualTo(422);
        assertThat(day.field("message")).contains("“2026-02-30”不是有效的日期");

        // the demo's 党纪处分·警告 awaits the chairman's statement; 政务处分法 art 43 binds the 监察机关, not the party
        JsonObject c = reviewer.get("/api/cases/" + caseId).json();
        String action = null;
        for (Map.Entry<String, JsonElement> track : c.getAsJsonObject("tracks").entrySet()) {
            for (JsonElement a : track.getValue().getAsJsonObject().getAsJsonArray("actions")) {
                if (a.getAsJsonObject().getAsJsonObject("form").get("category").getAsString().equals("PARTY_DISCIPLINE")) {
                    action = a.getAsJsonObject().get("id").getAsString();
                }
            }
        }
        assertThat(action).isNotNull();
        Http.Answer decided = reviewer.post("/api/cases/" + caseId + "/actions/" + action + "/steps", "{\"to\":\"DECIDED\"}");
        assertThat(decided.status()).isEqualTo(422);
        assertThat(decided.field("message")).startsWith("被处理人可陈述申辩至").doesNotContain("政务处分法");
    }

    @Test
    void aVersionTheRecordNeverHadIsNotSaidToBeSomeoneElsesChange() {
        Http admin = TestUsers.admin(target.getUri());
        Http.Answer never = admin.patch("/api/units/" + DemoData.CHEMICAL_CO, "{\"name\":\"改名\"}", "\"999\"");
        assertThat(never.status()).isEqualTo(409);
        assertThat(never.field("message")).startsWith("记录没有第 999 版（当前为第 ").doesNotContain("他人");
        // the empty event of a new case is asked for, not called malformed
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        assertThat(reviewer.post("/api/cases", "{\"title\":\"某案\",\"subjectUnitId\":\"" + DemoData.CHEMICAL_CO + "\"}")
                .field("message")).isEqualTo("请填写事项（event）");
    }

    @Test
    void anAdministratorCannotGiveAUserAUnitOrACaseTheServerDoesNotHave() {
        Http admin = TestUsers.admin(target.getUri());
        String nowhere = "0d8a3c1e-7f52-4b6e-9a41-2c5e8f7d9b03";
        // a pasted id with one character wrong once made a user whose scope showed nothing, and nobody noticed
        Http.Answer unit = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"sunli-2026-pass\","
                + "\"role\":\"INSPECTOR\",\"units\":[\"" + DemoData.CHEMICAL_CO + "\",\"" + nowhere + "\"]}");
        assertThat(unit.status()).isEqualTo(422);
        assertThat(unit.field("field")).isEqualTo("/units/1");
        assertThat(unit.field("message")).isEqualTo("单位 " + nowhere + " 在服务器上不存在（或已删除）：请从单位列表中选择");
        Http.Answer aCase = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"sunli-2026-pass\","
                + "\"role\":\"REVIEWER\",\"cases\":[\"" + nowhere + "\"]}");
        assertThat(aCase.field("field")).isEqualTo("/cases/0");
        assertThat(aCase.field("message")).startsWith("案件 " + nowhere + " 在服务器上不存在");
        assertThat(admin.get("/api/admin/users/sunli").status()).as("nothing was made").isEqualTo(404);
        // a digit dropped from 370686 would cover 370680–370689: a division code's prefix has 2, 4 or 6 digits
        Http.Answer prefix = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"sunli-2026-pass\","
                + "\"role\":\"INSPECTOR\",\"jurisdictions\":[\"3706\",\"37068\"]}");
        assertThat(prefix.field("field")).isEqualTo("/jurisdictions/1");
        assertThat(prefix.field("message")).contains("2、4 或 6 位数字");

        for (String blanks : java.util.List.of("          ", "\\u00a0\\u00a0\\u00a0\\u00a0\\u00a0\\u00a0\\u00a0\\u00a0",
                "\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b", "\\u3000\\u3000\\u3000\\u3000\\u3000\\u3000\\u3000\\u3000")) {
            Http.Answer blank = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"" + blanks + "\",\"role\":\"INSPECTOR\"}");
            assertThat(blank.field("message")).as(blanks).isEqualTo("密码不能全是空格");
        }
        for (String nowhereCode : java.util.List.of("000000", "99", "0000")) {
            Http.Answer code = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"sunli-2026-pass\","
                    + "\"role\":\"INSPECTOR\",\"jurisdictions\":[\"" + nowhereCode + "\"]}");
            assertThat(code.field("field")).as(nowhereCode).isEqualTo("/jurisdictions/0");
        }
        Http.Answer made = admin.post("/api/admin/users", "{\"username\":\"sunli\",\"password\":\"sun li 2026 pass\","
                + "\"role\":\"INSPECTOR\",\"units\":[\"" + DemoData.CHEMICAL_CO + "\"],\"cases\":[\"" + demoCase(admin) + "\"]}");
        assertThat(made.status()).isEqualTo(201);
        // the console names people by their names: a second 张明 could not be told from the demo's inspector
        Http.Answer namesake = admin.patch("/api/admin/users/sunli", "{\"displayName\":\"张明\"}", null);
        assertThat(namesake.field("field")).isEqualTo("/displayName");
        assertThat(namesake.field("message")).startsWith("姓名“张明”已由用户 " + DemoData.INSPECTOR_USER + " 使用");
        // nor by a no-break space after it (String.strip() kept it: a tester's finding)
        for (String space : java.util.List.of("\\u00a0", "\\u2007", "\\u202f", "\\u3000")) {
            Http.Answer spaced = admin.patch("/api/admin/users/sunli", "{\"displayName\":\"张明" + space + "\"}", null);
            assertThat(spaced.field("message")).as(space).startsWith("姓名“张明”已由用户 " + DemoData.INSPECTOR_USER + " 使用");
        }
        // nor by a character no one sees: 张\u200B明 would be shown as 张明
        Http.Answer hidden = admin.patch("/api/admin/users/sunli", "{\"displayName\":\"张\\u200B明\"}", null);
        assertThat(hidden.status()).isEqualTo(422);
        assertThat(hidden.field("field")).isEqualTo("/displayName");
        assertThat(hidden.field("message")).contains("U+200B", "零宽字符");
        assertThat(admin.patch("/api/admin/users/sunli", "{\"displayName\":\"" + DemoData.INSPECTOR_USER + "\"}", null).field("field"))
                .as("another's user name").isEqualTo("/displayName");
        assertThat(admin.patch("/api/admin/users/sunli", "{\"displayName\":\"张明（安监一科）\"}", null).status()).isEqualTo(200);

        // the one administrator that must stay is said to be so at the member the request changed
        assertThat(admin.patch("/api/admin/users/admin", "{\"disabled\":true}", null).field("field")).isEqualTo("/disabled");
        assertThat(admin.patch("/api/admin/users/admin", "{\"role\":\"REVIEWER\"}", null).field("field")).isEqualTo("/role");
        // nor does any administrator lock themselves out mid-task; another one may
        Http second = TestUsers.create(admin, "admin-second", "ADMIN");
        Http.Answer self = second.patch("/api/admin/users/admin-second", "{\"disabled\":true}", null);
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.field("message")).startsWith("不能停用自己");
        assertThat(admin.patch("/api/admin/users/admin-second", "{\"disabled\":true}", null).status()).isEqualTo(200);
    }

    @Test
    void aSecondLinkOfTheSameEvidenceIsSaidToBeLinkedNotToHaveATakenId() {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        String caseId = demoCase(reviewer);
        JsonObject linked = reviewer.get("/api/cases/" + caseId).json().getAsJsonObject("tracks").getAsJsonObject("DIRECT")
                .getAsJsonArray("links").get(0).getAsJsonObject();
        Http.Answer again = reviewer.post("/api/cases/" + caseId + "/links", "{\"track\":\"DIRECT\",\"evidenceType\":\""
                + linked.get("evidenceType").getAsString() + "\",\"evidenceId\":\"" + linked.get("evidenceId").getAsString()
                + "\",\"role\":\"佐证\",\"reason\":\"再次关联\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("already_linked");
        assertThat(again.field("title")).isEqualTo("该记录已关联到此案件的这一调查方向").doesNotContain("编号");
    }

    private static String demoCase(Http reviewer) {
        return reviewer.get("/api/cases?status=OPEN").json().getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString();
    }

    /** The first member of that name anywhere in the answer (null when none). */
    private static JsonElement find(JsonElement in, String name) {
        if (in.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : in.getAsJsonObject().entrySet()) {
                JsonElement found = e.getKey().equals(name) ? e.getValue() : find(e.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        } else if (in.isJsonArray()) {
            for (JsonElement e : in.getAsJsonArray()) {
                JsonElement found = find(e, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
