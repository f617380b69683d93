package cn.fieldsync.server.console;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.ChineseDates;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
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
            browser.waitFor(By.cssSelector("#cases .case-row"));
            assertThat(browser.driver().findElement(By.id("cases")).getText()).contains("栖纪案").contains("液氨泄漏事故");
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
            browser.go("/console/#/rejected");
            browser.waitFor(By.id("quarantine"));
            browser.screenshot("admin-rejected");
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
            browser.waitFor(By.cssSelector("#cases .case-row[data-id='" + caseId + "'] .case-link")).click();
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
            // the record as its form reads: Chinese names of fields and codes, nested fields as tables
            browser.waitUntil(d -> d.findElement(By.id("fields")).getText().contains("栖霞市鑫源化工有限公司"));
            assertThat(browser.driver().findElement(By.id("fields")).getText()).contains("液氨储罐区未设置泄漏报警装置")
                    .contains("治理中").contains("重大事故隐患").contains("治理目标和任务").contains(demoDate("hazards", DemoData.MAJOR_HAZARD, "deadline"))
                    .contains("县级");
            assertThat(browser.driver().findElements(By.cssSelector("#fields table.nested[data-field='supervisionListing']"))).hasSize(1);
            assertThat(browser.driver().findElement(By.id("history")).getText()).contains("第1版");
            assertThat(browser.driver().findElement(By.id("audit")).getText()).contains("新建记录");
            browser.screenshot("evidence");

            // the inspection: items, measures and signatures as tables, every date in Chinese
            browser.go("/console/#/record/inspection/" + DemoData.INSPECTION);
            browser.waitUntil(d -> d.findElement(By.id("fields")).getText().contains("栖霞市鑫源化工有限公司"));
            String inspection = browser.driver().findElement(By.id("fields")).getText();
            // the unit's person in charge signed last (the demo: 11:32 Beijing time, days before today)
            String signedAt = demoRecord("inspections", DemoData.INSPECTION).getAsJsonArray("signatures").get(2).getAsJsonObject()
                    .get("signedAt").getAsString();
            String unitSignedAt = ChineseDates.format(signedAt, ZoneId.of("Asia/Shanghai"));
            assertThat(unitSignedAt).endsWith("11:32");
            assertThat(inspection).contains("被检查单位负责人").contains("不符合").contains("责令限期改正").contains(unitSignedAt)
                    .doesNotContain(signedAt.substring(0, 10));
            // the demo's inspections are sealed on site with the device's key (the seal the server verifies)
            assertThat(browser.driver().findElement(By.id("seal-status")).getText()).isEqualTo("已签字封存，签章校验通过");
            browser.screenshot("inspection");

            // 四不放过: the case does not close until all four are ticked
            browser.go("/console/#/case/" + caseId);
            browser.waitFor(By.id("close-case")).click();
            browser.waitFor(By.id("confirm-yes")).click();
            browser.waitUntil(d -> d.findElement(By.id("close-message")).getText().contains("四不放过"));
            assertThat(browser.driver().findElement(By.id("close-message")).getText()).contains("事故原因已查清").contains("尚未确认落实");
            browser.screenshot("close-refused");
        }
    }

    /**
     * A tester's finding: a reported major danger downgraded offline is held whole — the device's side is its
     * view, status 已登记 included, which the device never changed — and the page read as if the device had put
     * the status back. A field the device left as it saw it is marked so beside its value.
     */
    @Test
    void aFieldTheDeviceLeftAsItSawItIsMarkedInTheConflict() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        try (FieldStore a = FieldStore.open(TestDatabases.freshDirectory("console-untouched-a"));
             FieldStore b = FieldStore.open(TestDatabases.freshDirectory("console-untouched-b"))) {
            TestUsers.init(admin, a, "console-ua");
            TestUsers.init(admin, b, "console-ub");
            String id = a.create(RecordType.HAZARD, StrictJson.parseObject("{\"unitId\":\"" + DemoData.CHEMICAL_CO
                    + "\",\"grade\":\"MAJOR\",\"category\":\"FIRE\",\"description\":\"储罐区防火堤破损\",\"foundAt\":\"2026-11-20T09:30:00+08:00\","
                    + "\"responsiblePerson\":\"王某\"}"));
            a.sync(SyncListener.NONE);
            b.sync(SyncListener.NONE);
            a.edit(id, Map.of("status", new JsonPrimitive("REPORTED"), "description", new JsonPrimitive("储罐区防火堤破损，已上报")));
            a.sync(SyncListener.NONE);
            b.edit(id, Map.of("grade", new JsonPrimitive("GENERAL"), "description", new JsonPrimitive("防火堤小面积破损")));
            assertThat(b.sync(SyncListener.NONE).conflicts()).isEqualTo(1);

            try (Browser browser = Browser.open(target.getUri(), "conflict-untouched")) {
                browser.login("admin", TestUsers.ADMIN_PASSWORD);
                WebElement conflict = browser.waitFor(By.cssSelector(".conflict[data-record='" + id + "']"));
                WebElement status = conflict.findElement(By.cssSelector(".conflict-field[data-field='status'] .device"));
                assertThat(status.getText()).contains("已登记").contains("设备未改此项");
                WebElement grade = conflict.findElement(By.cssSelector(".conflict-field[data-field='grade'] .device"));
                assertThat(grade.getText()).doesNotContain("设备未改此项");
                browser.screenshot("conflict-untouched");
            }
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
            a.edit(id, Map.of("responsiblePerson", new JsonPrimitive("李某"), "deadline", new JsonPrimitive("2026-12-10")));
            b.edit(id, Map.of("responsiblePerson", new JsonPrimitive("赵某"), "deadline", new JsonPrimitive("2026-12-15")));
            a.sync(SyncListener.NONE);
            assertThat(b.sync(SyncListener.NONE).conflicts()).isEqualTo(1);

            try (Browser browser = Browser.open(target.getUri(), "conflict")) {
                browser.login("admin", TestUsers.ADMIN_PASSWORD);
                WebElement conflict = browser.waitFor(By.cssSelector(".conflict[data-record='" + id + "']"));
                WebElement field = conflict.findElement(By.cssSelector(".conflict-field[data-field='responsiblePerson']"));
                assertThat(field.findElement(By.cssSelector(".base")).getText()).contains("王某");
                assertThat(field.findElement(By.cssSelector(".server")).getText()).contains("李某");
                assertThat(field.findElement(By.cssSelector(".device")).getText()).contains("赵某");
                // each field typed as what it is: a date picker for the deadline, text for the person
                WebElement deadline = conflict.findElement(By.cssSelector(".conflict-field[data-field='deadline']"));
                assertThat(deadline.getText()).contains("2026年12月10日").contains("2026年12月15日");
                WebElement dateInput = deadline.findElement(By.cssSelector(".merged-value"));
                assertThat(dateInput.getDomAttribute("type")).isEqualTo("date");
                browser.driver().executeScript("arguments[0].value = '2026-12-12'", dateInput);
                WebElement person = field.findElement(By.cssSelector(".merged-value"));
                person.clear();
                person.sendKeys("赵某（安全员）");
                browser.screenshot("conflict");
                conflict.findElement(By.cssSelector(".resolve-merged")).click();
                browser.waitUntil(d -> d.findElements(By.cssSelector(".conflict[data-record='" + id + "']")).isEmpty());
                // the history of resolved conflicts: who, when, which choice, which values
                WebElement history = browser.waitFor(By.id("resolved-conflicts"));
                assertThat(history.getText()).contains("合并后的值").contains("赵某（安全员）").contains("2026年12月12日").contains("admin");
                browser.screenshot("conflict-resolved");
            }
            a.sync(SyncListener.NONE);
            b.sync(SyncListener.NONE);
            assertThat(a.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("赵某（安全员）");
            assertThat(b.get(id).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("赵某（安全员）");
            assertThat(b.get(id).orElseThrow().body().get("deadline").getAsString()).isEqualTo("2026-12-12");
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

            assertThat(browser.driver().findElement(By.id("ledger")).getText()).contains("栖霞市鑫源化工有限公司").contains("已登记");

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
            String exported = String.join("\n", lines);
            assertThat(exported).contains("液氨储罐区未设置泄漏报警装置").contains("栖霞市鑫源化工有限公司").contains("重大事故隐患")
                    .contains("治理中").contains("县级挂牌督办").contains(demoDate("hazards", DemoData.MAJOR_HAZARD, "deadline")).doesNotContain("REGISTERED").doesNotContain("MAJOR")
                    .doesNotContain(DemoData.MAJOR_HAZARD);

            // the unit chosen by name, the status by its Chinese name
            browser.go("/console/#/hazards");
            browser.waitFor(By.id("l-unit-q")).sendKeys("金岭");
            browser.waitUntil(d -> d.findElement(By.id("l-unit-choice")).getText().contains("金岭矿业"));
            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("l-status"))).selectByVisibleText("已复查验收");
            browser.driver().findElement(By.id("l-apply")).click();
            browser.waitUntil(d -> d.getCurrentUrl().contains("status=VERIFIED"));
            browser.waitUntil(d -> d.findElement(By.id("ledger")).getText().contains("金岭矿业"));
            assertThat(browser.driver().findElements(By.cssSelector("#ledger .hazard-row"))).allSatisfy(r ->
                    assertThat(r.getText()).contains("已复查验收").contains("金岭矿业"));
            browser.screenshot("ledger-by-name");

            // a filter the server refuses: said beside the filters, which stay as typed
            WebElement prefix = browser.driver().findElement(By.id("l-jurisdiction"));
            prefix.sendKeys("栖霞");
            browser.driver().findElement(By.id("l-apply")).click();
            browser.waitUntil(d -> !d.findElement(By.id("ledger-error")).getText().isEmpty());
            assertThat(browser.driver().findElement(By.id("ledger-error")).getText()).isEqualTo("查询条件、参数或提交的内容不正确：行政区划代码须为六位数字的代码或其开头 1 至 5 位（如 37 为山东省、3706 为烟台市、370686 为栖霞市）");
            assertThat(browser.driver().findElement(By.id("l-jurisdiction")).getDomProperty("value")).isEqualTo("栖霞");
            assertThat(browser.driver().findElement(By.id("l-status")).getDomProperty("value")).isEqualTo("VERIFIED");
            browser.screenshot("ledger-bad-filter");
        }
    }

    /**
     * A reviewer's whole case in the console: opened (立案) on a unit found by name, a party found by
     * name, a finding, evidence confirmed, a 政务处分 taken through notice and decision with its
     * deadlines and their reasons, the report and the 批复, a 四不放过 item recorded only after its
     * confirmation, the close refused in Chinese, and the bundle with its SHA-256.
     */
    @Test
    void aReviewerWorksACaseEndToEndInChinese() throws Exception {
        try (Browser browser = Browser.open(target.getUri(), "casework")) {
            ChromeDriver d = browser.driver();
            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            browser.waitFor(By.cssSelector("#cases .case-row"));
            browser.waitUntil(x -> x.findElement(By.id("cases")).getText().contains("栖霞市鑫源化工有限公司"));
            browser.screenshot("cases");

            d.findElement(By.cssSelector("#open-case summary")).click();
            d.findElement(By.id("n-title")).sendKeys("栖霞市鑫源化工有限公司配电室触电事故");
            d.findElement(By.id("n-unit-q")).sendKeys("鑫源");
            browser.waitUntil(x -> x.findElement(By.id("n-unit-choice")).getText().contains("栖霞市鑫源化工有限公司"));
            d.executeScript("document.getElementById('n-at').value = arguments[0]", LocalDate.now(ZoneId.of("Asia/Shanghai"))
                    .minusDays(1) + "T08:15");
            d.findElement(By.id("n-injuries")).clear();
            d.findElement(By.id("n-injuries")).sendKeys("1");
            d.findElement(By.id("n-loss")).clear();
            d.findElement(By.id("n-loss")).sendKeys("320000");
            browser.screenshot("open-case");
            d.findElement(By.id("n-open")).click();
            browser.waitFor(By.id("case-number"));
            browser.waitUntil(x -> x.findElement(By.id("case-facts")).getText().contains("栖霞市鑫源化工有限公司"));
            String facts = d.findElement(By.id("case-facts")).getText();
            assertThat(facts).contains("320,000 元（32万元）").contains("一般事故").contains(" 08:15").contains("李青");
            assertThat(d.findElement(By.id("accident-deadlines")).getText()).contains("调查报告期限").contains("依据：事故发生之日起60日");

            // the leadership track: the bureau head found by name, a finding naming him, the pledge confirmed
            WebElement track = d.findElement(By.id("track-LEADERSHIP"));
            track.findElement(By.id("party-LEADERSHIP-q")).sendKeys("王卫东");
            browser.waitUntil(x -> x.findElement(By.id("party-LEADERSHIP-choice")).getText().contains("王卫东"));
            new Select(track.findElement(By.cssSelector(".party-responsibility"))).selectByVisibleText("监管责任");
            track.findElement(By.cssSelector(".add-party-submit")).click();
            browser.waitUntil(x -> x.findElement(By.cssSelector("#track-LEADERSHIP .parties")).getText().contains("王卫东"));
            assertThat(d.findElement(By.cssSelector("#track-LEADERSHIP .parties")).getText()).contains("局长").contains("监管责任");
            d.findElement(By.cssSelector("#track-LEADERSHIP .finding-text")).sendKeys("市应急管理局对事发单位的逾期隐患未督促整改");
            d.findElement(By.cssSelector("#track-LEADERSHIP .finding-person")).click();
            d.findElement(By.cssSelector("#track-LEADERSHIP .add-finding-submit")).click();
            browser.waitUntil(x -> x.findElement(By.cssSelector("#track-LEADERSHIP .findings")).getText().contains("未督促整改"));
            String pledge = "#track-LEADERSHIP li.link[data-state='PROPOSED'] .confirm";
            browser.waitFor(By.cssSelector(pledge)).click();
            browser.waitUntil(x -> !x.findElements(By.cssSelector("#track-LEADERSHIP li.link[data-state='CONFIRMED']")).isEmpty());

            // a 政务处分 by the supervisory organ: proposed, notified, decided — each deadline with its reason
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .action-person"))).selectByVisibleText("王卫东");
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .action-category"))).selectByVisibleText("政务处分");
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .action-kind"))).selectByVisibleText("警告");
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .action-body-kind"))).selectByVisibleText("监察机关");
            d.findElement(By.cssSelector("#track-LEADERSHIP .action-body-name")).sendKeys("栖霞市监察委员会");
            d.findElement(By.cssSelector("#track-LEADERSHIP .add-action-submit")).click();
            browser.waitFor(By.cssSelector("#track-LEADERSHIP li.action[data-state='PROPOSED']"));
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .step-to"))).selectByVisibleText("已告知");
            d.findElement(By.cssSelector("#track-LEADERSHIP .step-submit")).click();
            // the notice needs the statement deadline (政务处分法第43条): refused in Chinese without it
            browser.waitUntil(x -> x.findElement(By.cssSelector("#track-LEADERSHIP .step-error")).getText().contains("陈述申辩截止日期"));
            d.executeScript("document.querySelector('#track-LEADERSHIP .step-statement-deadline').value = arguments[0]",
                    LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(7).toString());
            d.findElement(By.cssSelector("#track-LEADERSHIP .step-submit")).click();
            browser.waitFor(By.cssSelector("#track-LEADERSHIP li.action[data-state='NOTIFIED']"));
            new Select(d.findElement(By.cssSelector("#track-LEADERSHIP .step-to"))).selectByVisibleText("已作出决定");
            d.findElement(By.cssSelector("#track-LEADERSHIP .step-statement-received")).click();
            d.findElement(By.cssSelector("#track-LEADERSHIP .step-submit")).click();
            browser.waitFor(By.cssSelector("#track-LEADERSHIP li.action[data-state='DECIDED']"));
            String action = d.findElement(By.cssSelector("#track-LEADERSHIP li.action")).getText();
            assertThat(action).contains("警告").contains("申请复审截止").contains("依据：").contains("监察法").contains("影响期");
            browser.screenshot("action-decided");

            // the report's one extension (493号令 art 29), with who approved it: kept and shown beside the due day
            d.findElement(By.id("ext-days")).sendKeys("30");
            d.findElement(By.id("ext-reason")).sendKeys("经栖霞市人民政府批准，需补充技术鉴定");
            d.findElement(By.id("ext-submit")).click();
            browser.waitUntil(x -> x.findElement(By.id("accident-deadlines")).getText().contains("已延长 30 日"));
            assertThat(d.findElement(By.id("accident-deadlines")).getText())
                    .contains("已延长 30 日，理由：经栖霞市人民政府批准，需补充技术鉴定").contains("延长30日");
            browser.screenshot("report-extended");

            // the investigation report and the 批复
            d.findElement(By.id("report-submit")).click();
            browser.waitFor(By.id("report-submitted"));
            assertThat(d.findElement(By.id("accident-deadlines")).getText()).contains("批复期限").contains("收到调查报告之日起15日");
            d.findElement(By.id("reply-number")).sendKeys("栖政批〔2026〕3号");
            d.findElement(By.id("reply-submit")).click();
            browser.waitFor(By.id("reply-recorded"));

            // 四不放过: nothing is recorded until confirmed, and the dialog says what is still missing
            String education = ".check-item[data-item='PEOPLE_EDUCATED']";
            d.findElement(By.cssSelector(education)).click();
            assertThat(browser.waitFor(By.id("confirm-text")).getText()).contains("尚无警示教育记录");
            browser.screenshot("checklist-confirm");
            d.findElement(By.id("confirm-no")).click();
            assertThat(d.findElement(By.cssSelector(education)).isSelected()).isFalse();
            d.findElement(By.cssSelector(education)).click();
            browser.waitFor(By.id("confirm-yes")).click();
            browser.waitUntil(x -> x.findElement(By.cssSelector(education)).isSelected());
            String caseId = d.getCurrentUrl().replaceAll(".*#/case/", "");
            assertThat(reviewer().get("/api/cases/" + caseId).json().getAsJsonObject("checklist").getAsJsonObject("PEOPLE_EDUCATED")
                    .get("done").getAsBoolean()).isTrue();

            d.findElement(By.id("close-case")).click();
            browser.waitFor(By.id("confirm-yes")).click();
            browser.waitUntil(x -> !x.findElement(By.id("close-message")).getText().isEmpty());
            assertThat(d.findElement(By.id("close-message")).getText()).startsWith("四不放过：仍有未落实的事项，不能结案")
                    .contains("整改措施已落实").contains("尚无警示教育记录");

            // the bundle and its SHA-256, the very hash of the file saved
            d.findElement(By.id("export-bundle")).click();
            String sha = browser.waitFor(By.id("bundle-sha256")).getText();
            assertThat(sha).matches("[0-9a-f]{64}");
            Path zip = browser.download(".zip");
            assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(zip)))).isEqualTo(sha);
            assertThat(d.findElement(By.id("bundle-result")).getText()).contains("verify-bundle --sha256 " + sha);
            browser.screenshot("case-worked");
        }
    }

    @Test
    void theStatisticsOfTheCountyDrawFromTheServerWithoutInternet() {
        try (Browser browser = Browser.open(target.getUri(), "statistics")) {
            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            browser.go("/console/#/statistics?jurisdiction=370686");
            // ECharts draws on canvases; it came from /console/vendor (the WebJar), as the browser has no internet
            browser.waitFor(By.cssSelector("#chart-grade canvas"));
            browser.waitFor(By.cssSelector("#chart-unit canvas"));
            assertThat(browser.driver().findElement(By.id("by-grade")).getText()).contains("重大事故隐患");
            assertThat(browser.driver().findElement(By.id("by-unit")).getText()).contains("栖霞市鑫源化工有限公司");
            assertThat(browser.driver().findElement(By.id("listed")).getText()).contains("液氨储罐区未设置泄漏报警装置").contains("县级");
            assertThat(browser.driver().findElement(By.id("overdue-rate")).getText()).endsWith("%");
            assertThat(browser.driver().findElement(By.id("cases-by-status")).getText()).contains("办理中");
            browser.screenshot("county");
        }
    }

    /**
     * A unit or person is the administrator's to correct (an inspector's device may create one, never
     * change it, and is told to ask the administrator): found by name under 单位与人员 and corrected on
     * its page; a name with a blank at its end is refused in words, a change made meanwhile by someone
     * else is not overwritten, and a reviewer reads the page without the form.
     */
    @Test
    void anAdministratorFindsAUnitByNameAndCorrectsItWithoutOverwritingAnotherChange() {
        Http admin = TestUsers.admin(target.getUri());
        try (Browser browser = Browser.open(target.getUri(), "registry")) {
            browser.login("admin", TestUsers.ADMIN_PASSWORD);
            browser.go("/console/#/registry");
            browser.waitFor(By.id("r-unit-q")).sendKeys("金岭");
            browser.waitUntil(d -> d.findElement(By.id("r-unit-choice")).getText().contains("栖霞市金岭矿业有限公司"));
            browser.driver().findElement(By.id("r-misnamed")).click();
            assertThat(browser.waitFor(By.id("misnamed-none")).getText()).isEqualTo("没有名字需要更正的单位或人员");
            browser.screenshot("registry");
            browser.driver().findElement(By.id("r-open-unit")).click();
            WebElement name = browser.waitFor(By.id("edit-name"));
            assertThat(name.getDomProperty("value")).isEqualTo("栖霞市金岭矿业有限公司");
            String version = admin.get("/api/units/" + DemoData.MINING_CO).field("version");

            name.sendKeys(" ");
            browser.driver().findElement(By.id("edit-save")).click();
            browser.waitUntil(d -> !d.findElement(By.id("edit-error")).getText().isEmpty());
            assertThat(browser.driver().findElement(By.id("edit-error")).getText()).contains("名称的开头或结尾有空格");
            browser.screenshot("unit-name-refused");

            // someone else changes the unit meanwhile: the form's save is refused, nothing overwritten
            Http.Answer other = admin.patch("/api/units/" + DemoData.MINING_CO, "{\"industry\":\"非煤矿山\"}", null);
            assertThat(other.status()).as(other.body()).isEqualTo(200);
            name.clear();
            name.sendKeys("栖霞市金岭矿业股份有限公司");
            browser.driver().findElement(By.id("edit-save")).click();
            browser.waitUntil(d -> d.findElement(By.id("edit-error")).getText().contains("记录已被他人修改"));
            assertThat(admin.get("/api/units/" + DemoData.MINING_CO).field("name")).isEqualTo("栖霞市金岭矿业有限公司");

            browser.driver().navigate().refresh();
            name = browser.waitFor(By.id("edit-name"));
            assertThat(browser.driver().findElement(By.id("edit-industry")).getDomProperty("value")).isEqualTo("非煤矿山");
            name.clear();
            name.sendKeys("栖霞市金岭矿业股份有限公司");
            browser.driver().findElement(By.id("edit-save")).click();
            browser.waitUntil(d -> d.findElement(By.id("toast")).getText().contains("已保存"));
            browser.waitUntil(d -> d.findElement(By.tagName("h1")).getText().contains("栖霞市金岭矿业股份有限公司"));
            browser.screenshot("unit-corrected");
            Http.Answer saved = admin.get("/api/units/" + DemoData.MINING_CO);
            assertThat(saved.field("name")).isEqualTo("栖霞市金岭矿业股份有限公司");
            assertThat(saved.field("industry")).isEqualTo("非煤矿山");
            assertThat(Integer.parseInt(saved.field("version"))).isEqualTo(Integer.parseInt(version) + 2);
            browser.driver().findElement(By.id("logout")).click();

            browser.login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
            browser.go("/console/#/record/unit/" + DemoData.MINING_CO);
            browser.waitFor(By.id("fields"));
            assertThat(browser.driver().findElements(By.id("edit-record"))).as("a reviewer reads, never edits").isEmpty();
        }
    }

    /**
     * A person's posts (任职经历) and the facts that decide which 处分 they can receive (公职人员, 公务员, 党员) were
     * the API's alone: the administrator corrects them on the person's page — a post ended gets its last day, a
     * new one its own row, the unit chosen by name.
     */
    @Test
    void anAdministratorRecordsAPersonsNewPostAndWhetherTheyAreAPublicOfficial() {
        Http admin = TestUsers.admin(target.getUri());
        Http.Answer made = admin.post("/api/persons", "{\"name\":\"孙立新\",\"partyMember\":true,\"positions\":[{\"unitId\":\""
                + DemoData.CHEMICAL_CO + "\",\"post\":\"安全员\",\"leadership\":\"STAFF\",\"from\":\"2024-01-01\"}]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.field("id");
        try (Browser browser = Browser.open(target.getUri(), "person-posts")) {
            browser.login("admin", TestUsers.ADMIN_PASSWORD);
            browser.go("/console/#/record/person/" + id);
            ChromeDriver d = browser.driver();
            browser.waitUntil(x -> x.findElement(By.id("pos-unit-0-choice")).getText().contains("栖霞市鑫源化工有限公司"));
            assertThat(new Select(d.findElement(By.id("edit-partyMember"))).getFirstSelectedOption().getText()).isEqualTo("是");
            assertThat(new Select(d.findElement(By.id("edit-publicOfficial"))).getFirstSelectedOption().getText()).isEqualTo("未记录");
            new Select(d.findElement(By.id("edit-publicOfficial"))).selectByVisibleText("否");
            // the post held ends; a new one begins at another unit
            WebElement ended = d.findElement(By.cssSelector(".position-row .pos-to"));
            browser.driver().executeScript("arguments[0].value = '2026-05-31'", ended);
            d.findElement(By.id("add-position")).click();
            browser.waitFor(By.id("pos-unit-1-q")).sendKeys("金岭");
            // (another test of this class renames the company: its name's stem only)
            browser.waitUntil(x -> x.findElement(By.id("pos-unit-1-choice")).getText().contains("金岭矿业"));
            List<WebElement> rows = d.findElements(By.cssSelector(".position-row"));
            rows.get(1).findElement(By.cssSelector(".pos-post")).sendKeys("安全生产副总经理");
            new Select(rows.get(1).findElement(By.cssSelector(".pos-leadership"))).selectByVisibleText("分管负责人");
            browser.driver().executeScript("arguments[0].value = '2026-06-01'", rows.get(1).findElement(By.cssSelector(".pos-from")));
            browser.screenshot("person-posts");
            d.findElement(By.id("edit-save")).click();
            browser.waitUntil(x -> x.findElement(By.id("toast")).getText().contains("已保存"));
        }
        JsonObject person = admin.get("/api/persons/" + id).json();
        assertThat(person.get("publicOfficial").getAsBoolean()).isFalse();
        assertThat(person.get("partyMember").getAsBoolean()).isTrue();
        assertThat(person.getAsJsonArray("positions").toString()).isEqualTo("[{\"unitId\":\"" + DemoData.CHEMICAL_CO
                + "\",\"post\":\"安全员\",\"leadership\":\"STAFF\",\"from\":\"2024-01-01\",\"to\":\"2026-05-31\"},{\"unitId\":\""
                + DemoData.MINING_CO + "\",\"post\":\"安全生产副总经理\",\"leadership\":\"DEPUTY\",\"from\":\"2026-06-01\"}]");
    }

    @Test
    void aLoginErrorIsPlainChinese() {
        try (Browser browser = Browser.open(target.getUri(), "login")) {
            browser.go("/console/");
            browser.waitFor(By.id("username")).sendKeys(DemoData.REVIEWER_USER);
            browser.driver().findElement(By.id("password")).sendKeys("wrong-password");
            browser.driver().findElement(By.id("login-button")).click();
            browser.waitUntil(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
            assertThat(browser.driver().findElement(By.id("login-error")).getText()).isEqualTo("用户名或密码错误");
            browser.screenshot("wrong-password");
        }
    }

    /**
     * A demo record's date as the console must write it (2026年11月21日, or to the minute in Beijing
     * time). The demo data's dates are days before the server's start, so a test never names one.
     */
    private String demoDate(String path, String id, String field) {
        return ChineseDates.format(demoRecord(path, id).get(field).getAsString(), ZoneId.of("Asia/Shanghai"));
    }

    private JsonObject demoRecord(String path, String id) {
        return new Http(target.getUri()).login("admin", TestUsers.ADMIN_PASSWORD).get("/api/" + path + "/" + id).json();
    }

    private Http reviewer() {
        return new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
    }

    /** The demo accident case (another test of this class opens a case of its own). */
    private String anyCase() {
        for (var item : reviewer().get("/api/cases").json().getAsJsonArray("items")) {
            if (item.getAsJsonObject().get("title").getAsString().contains("液氨泄漏事故")) {
                return item.getAsJsonObject().get("id").getAsString();
            }
        }
        throw new AssertionError("the demo case is missing");
    }
}
