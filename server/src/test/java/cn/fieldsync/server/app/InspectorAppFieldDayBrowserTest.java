package cn.fieldsync.server.app;

import static cn.fieldsync.server.app.InspectorAppBrowserTest.clickAndExpect;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.chooseUnit;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.item;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.sign;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.idFromHash;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.record;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.syncNow;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.openRecord;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.Browser;
import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inspector's app (issue 15) through a fresh tester's field day, in Debian's headless Chromium
 * at 390×844 against the real {@code fieldsync app} process and a real server with the demo data:
 * a danger raised from a sealed inspection the server refused follows the inspection's correction
 * (one danger per failed item, nothing lost); two officers of one name sign and seal; photos held
 * back by a refused record are said to be so. Screenshots under target/screenshots (fieldday-*.png).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/inspector-app-fieldday")
@AddConfig(key = "fieldsync.db.schema", value = "inspectorappfieldday")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class InspectorAppFieldDayBrowserTest {

    @Inject
    WebTarget target;

    /**
     * 安全生产法 art 68 (the record signed by every officer) with 行政处罚法 art 42 (two officers at
     * least): two officers named 张明 are two people; a danger raised from a refused sealed
     * inspection's failed item goes with the correction (安全生产法 art 65: the danger found stays on record).
     */
    @Test
    void aDangerFromARefusedSealedInspectionFollowsItsCorrectionAndNamesakesSign() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path store = enrolled("fieldday-store");
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(store);
        try (Browser browser = Browser.openPhone(app.base(), "fieldday");
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("fieldday-colleague"))) {
            browser.driver().get(app.launch().toString());
            browser.waitFor(By.id("go-inspection"));
            TestUsers.init(admin, colleague, "fieldday-colleague");
            unitSeenThenRemoved(browser, colleague, "栖霞市临时仓储点");

            // two officers of one name, told apart by their certificates
            browser.go("#/inspection/new");
            chooseUnit(browser, "#i-unit", "临时仓储点");
            browser.driver().findElement(By.cssSelector("#i-place .address")).sendKeys("栖霞市临时仓储点");
            List<WebElement> names = browser.driver().findElements(By.cssSelector(".ins-name"));
            List<WebElement> certificates = browser.driver().findElements(By.cssSelector(".ins-cert"));
            // a name the device knows fills its certificate when the field is left: the second 张明's is typed over it
            names.get(0).sendKeys("张明");
            certificate(certificates.get(0), "鲁应急执字37068600123");
            names.get(1).sendKeys("张明");
            certificate(certificates.get(1), "鲁应急执字37068600777");
            new Select(browser.driver().findElement(By.id("i-template"))).selectByIndex(1);
            for (WebElement item : browser.driver().findElements(By.cssSelector("#i-items .item"))) {
                String code = item.getAttribute("data-code");
                result(browser, code, code.equals("GE-02") ? "FAIL" : "PASS");
            }
            item(browser, "GE-02").findElement(By.cssSelector(".item-note")).sendKeys("疏散通道堆放货物");
            item(browser, "GE-02").findElement(By.cssSelector(".item-photos input[type=file]"))
                    .sendKeys(photo("exit.jpg", new Color(90, 150, 60)).toString());
            clickAndExpect(browser, By.id("i-save"), By.id("pad-ins-0"));
            String refusedInspection = idFromHash(browser);
            sign(browser, "#pad-ins-0 canvas");
            clickAndExpect(browser, By.cssSelector(".sign-inspector[data-i='0']"), By.cssSelector(".inspector-sign[data-cert='鲁应急执字37068600123'] .signed"));
            // the other 张明 has not signed: his pad is still there
            assertThat(browser.driver().findElements(By.cssSelector(".inspector-sign[data-cert='鲁应急执字37068600777'] .signed"))).isEmpty();
            assertThat(browser.driver().findElement(By.cssSelector(".inspector-sign[data-cert='鲁应急执字37068600777']")).getText())
                    .contains("鲁应急执字37068600777");
            browser.screenshot("fieldday-namesake-one-signed");
            sign(browser, "#pad-ins-1 canvas");
            browser.tap(By.cssSelector(".sign-inspector[data-i='1']"));
            browser.waitFor(By.cssSelector(".inspector-sign[data-cert='鲁应急执字37068600777'] .signed"));
            // the person in charge refuses to sign, before a witness (安全生产法 art 68)
            browser.choose(By.cssSelector("input[name=mode][value=refuse]"));
            browser.driver().findElement(By.id("rf-name")).sendKeys("王卫东");
            browser.driver().findElement(By.id("rf-role")).sendKeys("仓库负责人");
            browser.driver().findElement(By.id("rf-witness")).sendKeys("赵村长");
            browser.tap(By.id("seal-refused"));
            browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
            assertThat(browser.driver().findElement(By.id("refusal-words")).getText()).contains("王卫东").contains("赵村长");
            browser.screenshot("fieldday-namesakes-sealed");

            // a danger raised from the failed item; both go to the server and both are refused (the unit is gone there)
            clickAndExpect(browser, By.cssSelector("a.raise[data-item='GE-02']"), By.id("h-from-item"));
            new Select(browser.driver().findElement(By.id("h-category"))).selectByValue("FIRE");
            browser.choose(By.cssSelector("input[name=grade][value=GENERAL]"));
            browser.driver().findElement(By.id("h-person")).sendKeys("李建国");
            clickAndExpect(browser, By.id("h-save"), By.id("edit-hazard"));
            String danger = idFromHash(browser);
            browser.go("#/records");
            syncNow(browser);
            awaitState(browser, refusedInspection, "NEEDS_ACTION");
            awaitState(browser, danger, "NEEDS_ACTION");
            // the inspection's photo and signatures wait for it: said on its card, never counted as a network wait
            assertThat(record(browser, refusedInspection).getText()).contains("不是在等网络");
            browser.tap(By.id("home-link"));
            browser.waitUntil(d -> "2".equals(d.findElement(By.cssSelector("#count-attention b")).getText()));
            assertThat(browser.driver().findElement(By.cssSelector("#count-photo b")).getText()).isEqualTo("0");
            assertThat(browser.driver().findElement(By.id("main")).getText()).doesNotContain("请保持网络连接");
            browser.screenshot("fieldday-home-refused");

            // corrected: another unit chosen, signed again; the danger goes with it
            browser.go("#/records");
            // the danger held back by the inspection leads to it
            assertThat(record(browser, danger).findElement(By.cssSelector("a.held-by")).getText()).contains("现场检查记录");
            browser.waitFor(By.cssSelector(".record[data-id='" + refusedInspection + "'] button.amend"));
            clickAndExpect(browser, By.cssSelector(".record[data-id='" + refusedInspection + "'] button.amend"), By.id("amending"));
            assertThat(browser.driver().findElement(By.id("amending")).getText()).contains("1 条隐患");
            browser.waitFor(By.id("i-save"));
            chooseUnit(browser, "#i-unit", "鑫源");
            clickAndExpect(browser, By.id("i-save"), By.id("pad-ins-0"));
            String corrected = idFromHash(browser);
            for (int i = 0; i < 2; i++) {
                sign(browser, "#pad-ins-" + i + " canvas");
                browser.tap(By.cssSelector(".sign-inspector[data-i='" + i + "']"));
                int signedSoFar = i + 1;
                browser.waitUntil(d -> d.findElements(By.cssSelector(".inspector-sign .signed")).size() == signedSoFar);
            }
            browser.driver().findElement(By.id("s-name")).sendKeys("李建国");
            browser.driver().findElement(By.id("s-position")).sendKeys("董事长");
            sign(browser, "#pad-unit canvas");
            browser.tap(By.id("seal-signed"));
            browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
            // one danger per failed item across the correction: the new inspection links to the danger, offers no second
            browser.waitFor(By.cssSelector("a.raised[data-item='GE-02']"));
            assertThat(browser.driver().findElements(By.cssSelector("a.raise[data-item='GE-02']"))).isEmpty();
            browser.screenshot("fieldday-corrected-danger-linked");
            browser.go("#/records");
            syncNow(browser);
            awaitState(browser, corrected, "SYNCED");
            awaitState(browser, danger, "SYNCED");
            browser.screenshot("fieldday-corrected-synced");
            JsonObject onServer = StrictJson.parseObject(admin.get("/api/hazards/" + danger).body());
            assertThat(onServer.get("inspectionId").getAsString()).isEqualTo(corrected);
            assertThat(onServer.get("unitId").getAsString()).isEqualTo(DemoData.CHEMICAL_CO);
            assertThat(onServer.get("checklistItemCode").getAsString()).isEqualTo("GE-02");
            assertThat(onServer.get("responsiblePerson").getAsString()).isEqualTo("李建国");
            JsonObject inspection = StrictJson.parseObject(admin.get("/api/inspections/" + corrected).body());
            assertThat(inspection.get("sealVerified").getAsBoolean()).isTrue();
            JsonArray signatures = inspection.getAsJsonArray("signatures");
            assertThat(signatures.asList().stream().filter(s -> s.getAsJsonObject().has("certificateNumber"))
                    .map(s -> s.getAsJsonObject().get("certificateNumber").getAsString()))
                    .containsExactlyInAnyOrder("鲁应急执字37068600123", "鲁应急执字37068600777");
            // the danger's page opens and can be edited
            openRecord(browser, danger);
            clickAndExpect(browser, By.id("edit-hazard"), By.id("h-save"));
            // the withdrawn sealed inspection's page still shows all it said, its refusal to sign included
            browser.go("#/withdrawn");
            WebElement withdrawn = browser.waitFor(By.cssSelector(".withdrawn[data-id='" + refusedInspection + "']"));
            withdrawn.findElement(By.cssSelector("a.view-withdrawn")).click();
            WebElement refusal = browser.waitFor(By.id("refusal-words"));
            assertThat(refusal.getText()).contains("王卫东").contains("仓库负责人").contains("赵村长");
            assertThat(browser.driver().findElement(By.id("main")).getText()).contains("已撤回").contains("检查地点").contains("栖霞市临时仓储点")
                    .contains("疏散通道堆放货物");
            browser.screenshot("fieldday-withdrawn-page");
        } finally {
            app.kill();
        }
    }

    private static void certificate(WebElement field, String number) {
        field.click();
        field.clear();
        field.sendKeys(number);
    }

    /**
     * What a record holds is all on its page and found by search, in words, at China Standard Time
     * whatever the phone's zone; control and bidi characters are shown written out; a conflict shows
     * both values; a pledge's period order is checked as typed; an abandoned draft is discarded.
     */
    @Test
    void everythingRecordedIsShownInWordsAndFound() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path dir = enrolled("fieldday-words");
        String draft;
        String danger;
        try (FieldStore store = FieldStore.open(dir)) {
            draft = store.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"%s","status":"DRAFT","startedAt":"2026-11-30T01:30:00Z","place":{"address":"化工园8号库房"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                     "checklistTemplate":"一般生产经营单位安全检查表",
                     "checklist":[{"itemCode":"GE-01","text":"建立并落实全员安全生产责任制","result":"PASS","note":"责任制上墙"}],
                     "findings":["消防通道堆放物料"],"onSiteMeasures":[{"kind":"CORRECT_ON_SPOT","description":"当场清理通道"}]}"""
                    .formatted(DemoData.CHEMICAL_CO)));
            danger = store.create(RecordType.HAZARD, StrictJson.parseObject("""
                    {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"罚款占位元","foundAt":"2026-11-20T09:00:00+08:00",
                     "deadline":"2026-12-15","responsiblePerson":"孙安全"}""".formatted(DemoData.CHEMICAL_CO)));
        }
        // text made before such characters were refused: put into the device's own database as it might hold it
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FieldStore.fileNames().get(0)));
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE record SET body = replace(body, '占位', ?) WHERE id = ?")) {
            ps.setString(1, "\\u202E0001\\u0000\\u0007");
            ps.setString(2, danger);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            // and in what waits to be sent, so a sync does not bring back the text without them
            try (java.sql.PreparedStatement outbox = c.prepareStatement("UPDATE outbox SET fields = replace(fields, '占位', ?) WHERE record_id = ?")) {
                outbox.setString(1, "\\u202E0001\\u0000\\u0007");
                outbox.setString(2, danger);
                assertThat(outbox.executeUpdate()).isEqualTo(1);
            }
        }
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(dir);
        try (Browser browser = Browser.openPhone(app.base(), "fieldday-words");
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("fieldday-words-colleague"))) {
            // a phone set to New York's time: the app still shows Beijing time, as the console and search do
            browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", "America/New_York"));
            browser.driver().get(app.launch().toString());
            browser.waitFor(By.id("go-inspection"));
            assertThat(browser.driver().executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo("America/New_York");

            openRecord(browser, draft);
            String page = browser.driver().findElement(By.id("main")).getText();
            assertThat(page).contains("检查地点").contains("化工园8号库房").contains("检查发现").contains("消防通道堆放物料")
                    .contains("现场处理措施").contains("当场纠正").contains("当场清理通道").contains("责任制上墙")
                    .contains("鲁应急执字37068600456").contains("2026年11月30日 09:30");
            browser.screenshot("fieldday-inspection-page");

            openRecord(browser, danger);
            assertThat(browser.driver().findElement(By.id("main")).getText()).contains("罚款\\u202E0001\\u0000\\u0007元")
                    .doesNotContain("\u202E").contains("2026年12月15日");
            browser.screenshot("fieldday-control-characters");

            // search finds the deadline and the responsible person
            browser.go("#/records");
            for (String words : List.of("12月15日", "2026-12-15", "孙安全")) {
                WebElement search = browser.waitFor(By.id("records-search"));
                search.clear();
                search.sendKeys(words);
                browser.waitUntil(d -> d.findElements(By.cssSelector(".record")).size() == 1
                        && danger.equals(d.findElement(By.cssSelector(".record")).getAttribute("data-id")));
            }

            // a pledge whose period ends before it starts is marked at the field as it is typed
            browser.go("#/pledge/new");
            WebElement from = browser.waitFor(By.id("p-from"));
            setDate(browser, from, "2026-12-31");
            setDate(browser, browser.driver().findElement(By.id("p-to")), "2026-01-01");
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/period/to']")).size() == 1);
            assertThat(browser.driver().findElement(By.cssSelector(".problem[data-for='/period/to']")).getText()).contains("期限").contains("早于");
            browser.screenshot("fieldday-pledge-period");

            // an abandoned draft is discarded, after a confirmation
            openRecord(browser, draft);
            browser.waitFor(By.id("delete-draft")).click();
            browser.driver().switchTo().alert().accept();
            browser.waitUntil(d -> d.getCurrentUrl().endsWith("#/records"));
            browser.waitFor(By.id("records-count"));
            assertThat(browser.driver().findElements(By.cssSelector(".record[data-id='" + draft + "']"))).isEmpty();

            // a conflict shows both values, the inspector's own too
            TestUsers.init(admin, colleague, "fieldday-words-colleague");
            colleague.sync(SyncListener.NONE);
            colleague.edit(DemoData.OVERDUE_HAZARD, java.util.Map.of("responsiblePerson", new com.google.gson.JsonPrimitive("王某")));
            colleague.sync(SyncListener.NONE);
            browser.go("#/hazard/" + DemoData.OVERDUE_HAZARD);
            WebElement person = browser.waitFor(By.id("h-person"));
            person.clear();
            person.sendKeys("赵某");
            clickAndExpect(browser, By.id("h-save"), By.id("edit-hazard"));
            browser.go("#/records");
            browser.waitFor(By.id("records-count"));
            syncNow(browser);
            awaitState(browser, DemoData.OVERDUE_HAZARD, "CONFLICT");
            assertThat(record(browser, DemoData.OVERDUE_HAZARD).getText()).contains("整改责任人").contains("本设备的值：「赵某」")
                    .contains("服务器上的值：「王某」").contains("管理员");
            browser.driver().executeScript("arguments[0].scrollIntoView({block: 'start'})", record(browser, DemoData.OVERDUE_HAZARD));
            browser.screenshot("fieldday-conflict");
        } finally {
            app.kill();
        }
    }

    private static void setDate(Browser browser, WebElement input, String day) {
        browser.driver().executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, day);
    }

    /** A store enrolled for the demo inspector (张明) with its first sync done, as the app's enrol page leaves it. */
    private Path enrolled(String name) {
        Path dir = TestDatabases.freshDirectory(name);
        try (FieldStore store = FieldStore.open(dir)) {
            store.init(target.getUri().toString(), "检查终端", DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
            store.sync(SyncListener.NONE);
        }
        return dir;
    }

    private static Path photo(String name, Color color) throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        Path file = TestDatabases.freshDirectory("fieldday-photos-" + name).resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "jpg", file.toFile());
        return file.toAbsolutePath();
    }

    /** Taps an item's result (see {@link Browser#choose}). */
    private static void result(Browser browser, String code, String result) {
        browser.choose(By.cssSelector(".item[data-code='" + code + "'] input[value=" + result + "]"));
    }

    /** A colleague's new unit reaches this device, then it is taken out of the server's database by hand (no device may delete a unit). */
    private static void unitSeenThenRemoved(Browser browser, FieldStore colleague, String name) throws Exception {
        String unit = colleague.create(RecordType.UNIT, StrictJson.parseObject(
                "{\"name\":\"" + name + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}"));
        colleague.sync(SyncListener.NONE);
        syncNow(browser);
        try (java.sql.Connection c = TestDatabases.connect("target/test-data/inspector-app-fieldday", "inspectorappfieldday");
             java.sql.PreparedStatement gone = c.prepareStatement("UPDATE record SET deleted = ? WHERE id = ?")) {
            if (c.getMetaData().getURL().startsWith("jdbc:sqlite:")) {
                try (java.sql.Statement wait = c.createStatement()) {
                    wait.execute("PRAGMA busy_timeout = 10000");
                }
            }
            gone.setBoolean(1, true);
            gone.setString(2, unit);
            assertThat(gone.executeUpdate()).isEqualTo(1);
        }
    }

    private static void awaitState(Browser browser, String id, String state) {
        try {
            browser.waitUntil(d -> state.equals(record(browser, id).getAttribute("data-state")));
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("fieldday-state-not-" + state.toLowerCase(java.util.Locale.ROOT));
            throw new AssertionError("record " + id + " is not " + state + ": " + browser.driver().findElement(By.id("main")).getText(), e);
        }
    }
}
