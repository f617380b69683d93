package cn.fieldsync.server.console;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.Browser;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review console in Debian's headless Chromium: what each role reaches, links confirmed and
 * rejected, a conflict resolved until both devices agree, and the ledger exported and opened.
 * Screenshots of every page visited are under target/screenshots.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/console")
@AddConfig(key = "fieldsync.db.schema", value = "console")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class ConsoleBrowserTest {

    @Inject
    WebTarget target;

    @Test
    void eachRoleLogsInAndReachesOnlyItsPages() {
        try (Browser browser = Browser.open(target.getUri(), "roles")) {
            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            WebElement row = browser.waitFor(By.cssSelector("#cases .case-row"));
            assertThat(row.getText()).contains("栖纪案").contains("液氨泄漏事故");
            assertThat(browser.driver().findElement(By.id("nav")).getText()).contains("案件").contains("隐患台账").doesNotContain("用户");
            browser.screenshot("reviewer-cases");
            browser.go("/console/#/conflicts");
            browser.waitFor(By.id("forbidden"));
            browser.screenshot("reviewer-no-conflicts");
            browser.driver().findElement(By.id("logout")).click();

            browser.login("admin", TestUsers.ADMIN_PASSWORD);
            // the demo data holds one conflict: the office and the inspector's tablet changed the same field
            assertThat(browser.waitFor(By.cssSelector("#conflicts .conflict")).getText()).contains("刘洋（设备部）").contains("王强（安全科长）");
            assertThat(browser.driver().findElement(By.id("nav")).getText()).contains("同步冲突").contains("设备").contains("用户");
            browser.screenshot("admin-conflicts");
            browser.go("/console/#/users");
            assertThat(browser.waitFor(By.id("users")).getText()).contains(DemoData.INSPECTOR_USER).contains(DemoData.REVIEWER_USER);
            browser.screenshot("admin-users");
            // a new reviewer, then their county changed: both through the console's forms
            browser.driver().findElement(By.id("u-name")).sendKeys("console-reviewer");
            browser.driver().findElement(By.id("u-password")).sendKeys("console-password-1");
            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("u-role"))).selectByValue("REVIEWER");
            browser.driver().findElement(By.id("u-jurisdictions")).sendKeys("370686");
            browser.driver().findElement(By.id("u-create")).click();
            String made = "tr.user-row[data-username='console-reviewer']";
            WebElement scope = browser.waitFor(By.cssSelector(made + " .user-jurisdictions"));
            scope.clear();
            scope.sendKeys("370682");
            browser.driver().findElement(By.cssSelector(made + " .save-scope")).click();
            browser.waitUntil(d -> d.findElement(By.id("toast")).getText().contains("辖区已保存"));
            assertThat(TestUsers.admin(target.getUri()).get("/api/admin/users/console-reviewer").json().getAsJsonArray("jurisdictions")
                    .toString()).isEqualTo("[\"370682\"]");
            browser.go("/console/#/devices");
            browser.waitFor(By.id("devices"));
            browser.screenshot("admin-devices");
            browser.driver().findElement(By.id("logout")).click();

            browser.login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
            assertThat(browser.waitFor(By.id("home-text")).getText()).contains("移动终端");
            browser.screenshot("inspector-home");
            for (String page : List.of("cases", "case/" + anyCase(), "conflicts", "users")) {
                browser.go("/console/#/" + page);
                browser.waitFor(By.id("forbidden"));
            }
            browser.screenshot("inspector-forbidden");
            // the ledger is open to inspectors for their own county
            browser.go("/console/#/hazards");
            browser.waitFor(By.cssSelector("#ledger .hazard-row"));
            browser.screenshot("inspector-ledger");
        }
    }

    @Test
    void aReviewerConfirmsAndRejectsEvidenceLinksAndSeesTheEvidence() {
        String caseId = anyCase();
        try (Browser browser = Browser.open(target.getUri(), "links")) {
            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            browser.waitFor(By.cssSelector("#cases .case-link")).click();
            browser.waitFor(By.id("track-DIRECT"));
            assertThat(browser.driver().findElement(By.id("track-LEADERSHIP")).getText()).contains("责任书");
            browser.screenshot("case");

            String confirmSelector = "#track-LEADERSHIP li.link[data-evidence-id='" + DemoData.MAJOR_HAZARD + "'] .confirm";
            browser.waitFor(By.cssSelector(confirmSelector)).click();
            browser.waitUntil(d -> "CONFIRMED".equals(d.findElement(By.cssSelector(
                    "#track-LEADERSHIP li.link[data-evidence-id='" + DemoData.MAJOR_HAZARD + "']")).getDomAttribute("data-state")));

            String rejectItem = "#track-DIRECT li.link[data-evidence-id='" + DemoData.INSPECTION + "']";
            browser.driver().findElement(By.cssSelector(rejectItem + " .reject")).click();
            browser.waitFor(By.cssSelector(rejectItem + " .reject-reason")).sendKeys("与直接责任认定无关");
            browser.driver().findElement(By.cssSelector(rejectItem + " .reject-submit")).click();
            browser.waitUntil(d -> "REJECTED".equals(d.findElement(By.cssSelector(rejectItem)).getDomAttribute("data-state")));
            assertThat(browser.driver().findElement(By.cssSelector(rejectItem)).getText()).contains("与直接责任认定无关");
            browser.screenshot("links-decided");

            // the server agrees with what the page shows
            JsonObject c = reviewer().get("/api/cases/" + caseId).json();
            assertThat(c.toString()).contains("与直接责任认定无关");

            // the evidence viewer: fields, history, audit trail
            browser.driver().findElement(By.cssSelector("#track-LEADERSHIP li.link[data-evidence-id='" + DemoData.MAJOR_HAZARD + "'] a")).click();
            assertThat(browser.waitFor(By.id("fields")).getText()).contains("液氨储罐区未设置泄漏报警装置");
            assertThat(browser.driver().findElement(By.id("history")).getText()).contains("IN_TREATMENT");
            assertThat(browser.driver().findElement(By.id("audit")).getText()).contains("RECORD_CREATED");
            browser.screenshot("evidence");

            // 四不放过: the case does not close until all four are ticked
            browser.go("/console/#/case/" + caseId);
            browser.waitFor(By.id("close-case")).click();
            browser.waitUntil(d -> d.findElement(By.id("close-message")).getText().contains("四不放过"));
            browser.screenshot("close-refused");
        }
    }

    @Test
    void anAdministratorResolvesAConflictAndBothDevicesConverge() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        try (FieldStore a = FieldStore.open(TestDatabases.freshDirectory("console-device-a"));
             FieldStore b = FieldStore.open(TestDatabases.freshDirectory("console-device-b"))) {
            TestUsers.init(admin, a, "console-a");
            TestUsers.init(admin, b, "console-b");
            String id = a.create(RecordType.HAZARD, StrictJson.parseObject("{\"unitId\":\"" + DemoData.CHEMICAL_CO
                    + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"灭火器过期\",\"foundAt\":\"2026-11-20T09:30:00+08:00\","
                    + "\"responsiblePerson\":\"王某\"}"));
            a.sync(SyncListener.NONE);
            b.sync(SyncListener.NONE);
            a.edit(id, Map.of("responsiblePerson", new JsonPrimitive("李某")));
            b.edit(id, Map.of("responsiblePerson", new JsonPrimitive("赵某")));
            a.sync(SyncListener.NONE);
            assertThat(b.sync(SyncListener.NONE).conflicts()).isEqualTo(1);

            try (Browser browser = Browser.open(target.getUri(), "conflict")) {
                browser.login("admin", TestUsers.ADMIN_PASSWORD);
                WebElement conflict = browser.waitFor(By.cssSelector(".conflict[data-record='" + id + "']"));
                WebElement field = conflict.findElement(By.cssSelector(".conflict-field[data-field='responsiblePerson']"));
                assertThat(field.findElement(By.cssSelector(".base")).getText()).contains("王某");
                assertThat(field.findElement(By.cssSelector(".server")).getText()).contains("李某");
                assertThat(field.findElement(By.cssSelector(".device")).getText()).contains("赵某");
                browser.screenshot("conflict");
                conflict.findElement(By.cssSelector(".resolve-device")).click();
                browser.waitUntil(d -> d.findElements(By.cssSelector(".conflict[data-record='" + id + "']")).isEmpty());
                browser.screenshot("conflict-resolved");
            }
            a.sync(SyncListener.NONE);
            b.sync(SyncListener.NONE);
            assertThat(a.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("赵某");
            assertThat(b.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("赵某");
            assertThat(a.get(id).orElseThrow().version()).isEqualTo(b.get(id).orElseThrow().version());
        }
    }

    @Test
    void theLedgerExportsAsSpreadsheetAndCsvThatOpen() throws Exception {
        try (Browser browser = Browser.open(target.getUri(), "ledger")) {
            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            browser.go("/console/#/hazards");
            browser.waitFor(By.cssSelector("#ledger .hazard-row"));
            browser.driver().findElement(By.id("l-overdue")).click();
            browser.driver().findElement(By.id("l-apply")).click();
            browser.waitUntil(d -> d.getCurrentUrl().contains("overdue=true"));
            browser.waitFor(By.cssSelector("#ledger .hazard-row"));
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#ledger .hazard-row"));
            assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getDomAttribute("class")).contains("overdue"));
            browser.screenshot("ledger-overdue");

            browser.driver().findElement(By.id("export-xlsx")).click();
            Path xlsx = browser.download(".xlsx");
            try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
                Sheet sheet = workbook.getSheet("隐患台账");
                Row header = sheet.getRow(0);
                assertThat(header.getCell(0).getStringCellValue()).isEqualTo("编号");
                assertThat(header.getCell(4).getStringCellValue()).isEqualTo("隐患描述");
                assertThat(sheet.getLastRowNum()).isEqualTo(rows.size());
                assertThat(sheet.getRow(1).getCell(8).getStringCellValue()).isEqualTo("是");
            }
            browser.driver().findElement(By.id("export-csv")).click();
            Path csv = browser.download(".csv");
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertThat(lines.getFirst()).startsWith("\uFEFF\"编号\"");
            assertThat(lines).hasSize(rows.size() + 1);
            assertThat(String.join("\n", lines)).contains("液氨储罐区未设置泄漏报警装置").contains("栖霞市鑫源化工有限公司");
        }
    }

    private Http reviewer() {
        return new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
    }

    private String anyCase() {
        return reviewer().get("/api/cases").json().getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString();
    }
}
