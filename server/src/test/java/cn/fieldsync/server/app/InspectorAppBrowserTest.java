package cn.fieldsync.server.app;

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
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inspector's app (issue 15) in Debian's headless Chromium on a phone-sized screen (390×844),
 * served by the real {@code fieldsync app} process against a real server with the demo data: the
 * inspector's whole day — enrol, first sync, an inspection with its checklist, photos and two
 * inspectors' signatures plus the person in charge's, sealed; a major danger raised from a failed
 * forcesMajor item; sync; a refusal shown and fixed; a conflict shown; the app killed mid-sync and
 * nothing lost. Screenshots under target/screenshots (app-*.png).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/inspector-app")
@AddConfig(key = "fieldsync.db.schema", value = "inspectorapp")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class InspectorAppBrowserTest {

    private static final Pattern LAUNCH = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/\\?launch=\\S+");

    @Inject
    WebTarget target;

    @Test
    void anInspectorsWholeDayOnAPhone() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        Path store = TestDatabases.freshDirectory("inspector-app-store");
        Path photo = photo("site.jpg", new Color(200, 120, 40));
        App app = App.start(store);
        try (Browser browser = Browser.openPhone(app.base(), "app");
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("inspector-app-colleague"))) {
            browser.driver().executeCdpCommand("Browser.grantPermissions", Map.of("origin", app.base().toString().replaceAll("/$", ""),
                    "permissions", List.of("geolocation")));
            browser.driver().executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", 37.3051, "longitude", 120.8432,
                    "accuracy", 8));

            // enrol once, and the first sync brings the scope: units to choose by name
            browser.driver().get(app.launch().toString());
            browser.waitFor(By.id("e-server")).sendKeys(target.getUri().toString());
            // the launch token stays with this page (sessionStorage): no cookie, which every server on 127.0.0.1 would get
            assertThat(browser.driver().manage().getCookies()).isEmpty();
            assertThat(browser.driver().getCurrentUrl()).doesNotContain("launch=");
            // a new store is made where --store said: the enrol page says where, so a mistyped path is seen
            assertThat(browser.driver().findElement(By.id("e-store")).getText()).contains(store.toAbsolutePath().normalize().toString());
            browser.driver().findElement(By.id("e-user")).sendKeys(DemoData.INSPECTOR_USER);
            browser.driver().findElement(By.id("e-password")).sendKeys("wrong-password");
            browser.tap(By.id("e-submit"));
            browser.waitUntil(d -> d.findElement(By.cssSelector("#enrol-form .summary-problems")).getText().contains("用户名或密码不对"));
            browser.screenshot("enrol-wrong-password");
            // a refused login leaves no half-enrolled store behind: the same store enrols with the right password
            browser.driver().findElement(By.id("e-password")).clear();
            browser.driver().findElement(By.id("e-password")).sendKeys(DemoData.INSPECTOR_PASSWORD);
            browser.tap(By.id("e-submit"));
            browser.waitFor(By.id("go-inspection"));
            awaitSyncRound(browser, "");
            browser.screenshot("home-after-first-sync");
            // installable where the browser allows: a manifest with a name, icon and standalone display, and a service worker
            Object installable = browser.driver().executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "Promise.all([fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json()),"
                    + " navigator.serviceWorker.ready.then(reg => !!reg.active)])"
                    + ".then(([m, active]) => done(m.name + '|' + m.display + '|' + m.icons.length + '|' + active))"
                    + ".catch(e => done('failed: ' + e));");
            assertThat(String.valueOf(installable)).matches("[^|]*现场检查[^|]*\\|standalone\\|[1-9]\\d*\\|true");

            // the inspection, following the checklist
            browser.tap(By.id("go-inspection"));
            chooseUnit(browser, "#i-unit", "鑫源");
            browser.tap(By.cssSelector("#i-place .locate"));
            browser.waitUntil(d -> d.findElement(By.cssSelector("#i-place .gps-text")).getText().contains("定位精度 ±8 米"));
            browser.driver().findElement(By.cssSelector("#i-place .address")).sendKeys("栖霞市经济开发区化工园8号");
            twoInspectors(browser);
            for (String code : List.of("HC-01", "HC-02", "HC-04", "HC-05", "HC-06", "HC-07")) {
                result(browser, code, code.equals("HC-03") || code.equals("HC-05") ? "FAIL" : "PASS");
            }
            result(browser, "HC-03", "FAIL");
            item(browser, "HC-03").findElement(By.cssSelector(".item-note")).sendKeys("2号液氨储罐出口未装紧急切断阀");
            item(browser, "HC-03").findElement(By.cssSelector(".item-photos input[type=file]")).sendKeys(photo.toString());
            item(browser, "HC-05").findElement(By.cssSelector(".item-note")).sendKeys("消防通道堆放物料");
            item(browser, "HC-05").findElement(By.cssSelector(".item-photos input[type=file]")).sendKeys(photo.toString());
            browser.tap(By.id("i-add-measure"));
            new Select(browser.driver().findElement(By.cssSelector(".m-kind"))).selectByValue("ORDER_CORRECTION_BY_DEADLINE");
            browser.driver().findElement(By.cssSelector(".m-description")).sendKeys("责令限期清理消防通道");
            // checked as the inspector types: a deadline order without its deadline is named at its field, in Chinese
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/onSiteMeasures/0/deadline']")).size() == 1);
            assertThat(browser.driver().findElement(By.cssSelector(".problem[data-for='/onSiteMeasures/0/deadline']")).getText())
                    .isEqualTo("现场处理措施 第 1 项 · 整改期限：请填写此项（必填）");
            browser.screenshot("inspection-deadline-missing");
            setDate(browser, browser.driver().findElement(By.cssSelector(".m-deadline")), LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(7));
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem")).isEmpty());
            browser.screenshot("inspection-filled");
            browser.tap(By.id("i-save"));

            // two inspectors and the person in charge sign on the glass; the record is sealed with the device key
            browser.waitFor(By.id("pad-ins-0"));
            // what the signatures confirm is on the page where they are given (a tester's finding: only the unit was)
            assertThat(browser.driver().findElement(By.id("signed-content")).getText()).contains("HC-03").contains("不符合");
            browser.screenshot("sign-page");
            String inspection = idFromHash(browser);
            sign(browser, "#pad-ins-0 canvas");
            browser.tap(By.cssSelector(".sign-inspector[data-i='0']"));
            browser.waitFor(By.cssSelector(".inspector-sign[data-name='张明'] .signed"));
            sign(browser, "#pad-ins-1 canvas");
            browser.screenshot("sign-second-inspector");
            browser.tap(By.cssSelector(".sign-inspector[data-i='1']"));
            browser.waitFor(By.cssSelector(".inspector-sign[data-name='刘洋'] .signed"));
            browser.driver().findElement(By.id("s-name")).sendKeys("李建国");
            browser.driver().findElement(By.id("s-position")).sendKeys("董事长");
            sign(browser, "#pad-unit canvas");
            browser.screenshot("sign-person-in-charge");
            browser.tap(By.id("seal-signed"));
            browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
            browser.screenshot("inspection-sealed");

            // a danger raised from the failed forcesMajor item is MAJOR, and only MAJOR
            browser.tap(By.cssSelector("a.raise[data-item='HC-03']"));
            browser.waitFor(By.id("h-from-item"));
            assertThat(browser.driver().findElement(By.cssSelector("input[name=grade][value=GENERAL]")).isEnabled()).isFalse();
            assertThat(browser.driver().findElement(By.cssSelector("input[name=grade][value=MAJOR]")).isSelected()).isTrue();
            assertThat(browser.driver().findElement(By.id("h-plan")).isDisplayed()).isTrue();
            // the danger is of the inspected unit: shown, not offered for change
            assertThat(browser.driver().findElement(By.cssSelector("#h-unit .unit-search")).isDisplayed()).isFalse();
            assertThat(browser.driver().findElement(By.cssSelector("#h-unit .picker-chosen")).getText()).contains("不能更改");
            new Select(browser.driver().findElement(By.id("h-category"))).selectByValue("HAZARDOUS_CHEMICALS");
            browser.tap(By.cssSelector("#h-location .locate"));
            browser.waitUntil(d -> d.findElement(By.cssSelector("#h-location .gps-text")).getText().contains("±8 米"));
            browser.driver().findElement(By.cssSelector("#h-photos input[type=file]")).sendKeys(photo("tank.jpg", new Color(40, 90, 160)).toString());
            setDate(browser, browser.driver().findElement(By.id("h-deadline")), LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30));
            browser.driver().findElement(By.id("h-person")).sendKeys("李建国");
            // half a plan is not a plan: the missing parts are named
            browser.driver().findElement(By.id("plan-objectivesAndTasks")).sendKeys("加装紧急切断阀");
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/treatmentPlan/methodsAndMeasures']")).size() == 1);
            browser.screenshot("hazard-plan-incomplete");
            browser.driver().findElement(By.id("plan-methodsAndMeasures")).sendKeys("停用2号储罐，委托设计院设计改造");
            browser.driver().findElement(By.id("plan-fundsAndMaterials")).sendKeys("专项资金20万元");
            browser.driver().findElement(By.id("plan-responsibleBodyAndPeople")).sendKeys("设备部，负责人李建国");
            browser.driver().findElement(By.id("plan-timeLimit")).sendKeys("30日内完成");
            browser.driver().findElement(By.id("plan-safetyAndEmergencyMeasures")).sendKeys("设置警戒区，编制专项应急预案");
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem")).isEmpty());
            browser.screenshot("hazard-from-item");
            browser.tap(By.id("h-save"));
            browser.waitFor(By.id("edit-hazard"));
            String majorHazard = idFromHash(browser);
            // the failed item has its danger now: the inspection links to it and offers no second one; the other failed item still offers one
            openRecord(browser, inspection);
            browser.waitFor(By.cssSelector("a.raised[data-item='HC-03']"));
            assertThat(browser.driver().findElements(By.cssSelector("a.raise[data-item='HC-03']"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("a.raise[data-item='HC-05']"))).hasSize(1);
            assertThat(browser.driver().findElement(By.id("seal-words")).getText()).isEqualTo("已以本设备密钥封存");
            browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})",
                    browser.driver().findElement(By.cssSelector("a.raised[data-item='HC-03']")));
            browser.screenshot("inspection-danger-raised");
            // asked again for a danger from that item (an old link, a back button), the app opens the one already raised
            browser.go("#/hazard/new?inspection=" + inspection + "&item=HC-03");
            browser.waitUntil(d -> d.getCurrentUrl().endsWith("#/record/" + majorHazard));
            browser.waitFor(By.id("edit-hazard"));

            // the list: both wait to sync; then one sync sends them, photos and signatures first
            browser.go("#/records");
            awaitState(browser, inspection, "PENDING");
            awaitState(browser, majorHazard, "PENDING");
            browser.screenshot("records-before-sync");
            syncNow(browser);
            awaitState(browser, inspection, "SYNCED");
            awaitState(browser, majorHazard, "SYNCED");
            browser.screenshot("records-synced");
            // a seal made on another device says so, and who signed: this device did not seal it and does not re-seal it
            openRecord(browser, DemoData.INSPECTION);
            assertThat(browser.waitFor(By.id("seal-words")).getText()).startsWith("由另一台设备封存").contains("原样保留")
                    .doesNotContain("本设备密钥");
            // dates carry their year
            assertThat(browser.driver().findElement(By.id("main")).getText()).containsPattern("20\\d\\d年\\d{1,2}月\\d{1,2}日");
            browser.screenshot("record-sealed-elsewhere");
            JsonObject onServer = StrictJson.parseObject(admin.get("/api/inspections/" + inspection).body());
            assertThat(onServer.get("sealVerified").getAsBoolean()).isTrue();
            assertThat(onServer.getAsJsonArray("signatures")).hasSize(3);
            assertThat(onServer.getAsJsonArray("checklist").get(2).getAsJsonObject().getAsJsonArray("evidence")).hasSize(1);
            JsonObject danger = StrictJson.parseObject(admin.get("/api/hazards/" + majorHazard).body());
            assertThat(danger.get("grade").getAsString()).isEqualTo("MAJOR");
            assertThat(danger.get("checklistItemCode").getAsString()).isEqualTo("HC-03");
            assertThat(danger.getAsJsonObject("location").get("accuracyM").getAsInt()).isEqualTo(8);

            // a refusal shown and fixed: the unit was removed on the server after this device last saw it
            TestUsers.init(admin, colleague, "app-colleague");
            unitSeenThenRemoved(browser, colleague, "栖霞市临时物料堆场");
            browser.go("#/hazard/new");
            chooseUnit(browser, "#h-unit", "临时物料堆场");
            browser.choose(By.cssSelector("input[name=grade][value=GENERAL]"));
            new Select(browser.driver().findElement(By.id("h-category"))).selectByValue("FIRE");
            browser.driver().findElement(By.id("h-description")).sendKeys("堆场内灭火器过期");
            browser.driver().findElement(By.cssSelector("#h-location .address")).sendKeys("栖霞市临时物料堆场");
            browser.tap(By.id("h-save"));
            browser.waitFor(By.id("edit-hazard"));
            String refused = idFromHash(browser);
            browser.go("#/records");
            syncNow(browser);
            awaitState(browser, refused, "NEEDS_ACTION");
            assertThat(record(browser, refused).getText()).contains("需处理").contains("不存在").contains("重新发送").contains("撤回");
            browser.screenshot("records-refused");
            record(browser, refused).findElement(By.cssSelector("a.fix")).click();
            browser.waitFor(By.id("h-refused"));
            chooseUnit(browser, "#h-unit", "鑫源");
            browser.screenshot("refused-fixing");
            browser.tap(By.id("h-save"));
            browser.waitFor(By.id("edit-hazard"));
            browser.go("#/records");
            String before = lastRound(browser);
            record(browser, refused).findElement(By.cssSelector("button.resend")).click();
            awaitSyncRound(browser, before);
            awaitState(browser, refused, "SYNCED");
            browser.screenshot("records-refusal-fixed");
            assertThat(StrictJson.parseObject(admin.get("/api/hazards/" + refused).body()).get("unitId").getAsString())
                    .isEqualTo(DemoData.CHEMICAL_CO);

            // a sealed inspection the server refuses (its unit was removed meanwhile): it cannot be edited any more, so it is
            // corrected as a new record, prefilled with everything (its item's photo too), and the refused one is withdrawn, kept
            unitSeenThenRemoved(browser, colleague, "栖霞市临时周转仓库");
            newGeneralInspection(browser, "临时周转仓库", "栖霞市临时周转仓库");
            List<WebElement> depotItems = browser.driver().findElements(By.cssSelector("#i-items .item"));
            String photographed = depotItems.get(0).getAttribute("data-code");
            for (WebElement item : depotItems) {
                result(browser, item.getAttribute("data-code"), "PASS");
            }
            item(browser, photographed).findElement(By.cssSelector(".item-photos input[type=file]"))
                    .sendKeys(photo("depot.jpg", new Color(150, 40, 140)).toString());
            clickAndExpect(browser, By.id("i-save"), By.id("pad-ins-0"));
            String sealedRefused = idFromHash(browser);
            signAndSeal(browser);
            syncNow(browser);
            // the home screen counts what waits for the inspector and leads to it
            browser.tap(By.id("home-link"));
            browser.waitUntil(d -> "1".equals(d.findElement(By.cssSelector("#count-attention b")).getText()));
            browser.screenshot("home-needs-attention");
            browser.tap(By.id("count-attention"));
            browser.waitFor(By.id("records-filter"));
            awaitState(browser, sealedRefused, "NEEDS_ACTION");
            assertThat(browser.driver().findElements(By.cssSelector(".record"))).hasSize(1);
            assertThat(record(browser, sealedRefused).getText()).contains("不存在").contains("已封存，不能再修改").contains("改正后重新记录");
            assertThat(record(browser, sealedRefused).findElements(By.cssSelector("button.resend"))).isEmpty();
            browser.screenshot("records-sealed-refused");
            clickAndExpect(browser, By.cssSelector(".record[data-id='" + sealedRefused + "'] button.amend"), By.id("amending"));
            assertThat(browser.driver().findElement(By.id("amending")).getText()).contains("不存在").contains("仍保留在本设备上");
            browser.waitFor(By.id("i-save"));
            assertThat(browser.driver().findElements(By.cssSelector("#i-items input[value=PASS]:checked"))).hasSize(depotItems.size());
            assertThat(browser.driver().findElements(By.cssSelector(".ins-name")).get(1).getAttribute("value")).isEqualTo("刘洋");
            assertThat(browser.driver().findElement(By.cssSelector("#i-place .address")).getAttribute("value")).isEqualTo("栖霞市临时周转仓库");
            String amended = amendedToUnitAndSynced(browser, "#i-unit", "amendment-fixing", By.id("i-save"), By.id("pad-ins-0"),
                    () -> signAndSeal(browser), sealedRefused);
            JsonObject amendment = StrictJson.parseObject(admin.get("/api/inspections/" + amended).body());
            assertThat(amendment.get("sealVerified").getAsBoolean()).isTrue();
            assertThat(amendment.get("unitId").getAsString()).isEqualTo(DemoData.CHEMICAL_CO);
            assertThat(amendment.getAsJsonArray("signatures")).hasSize(3);
            assertThat(amendment.getAsJsonArray("checklist").get(0).getAsJsonObject().getAsJsonArray("evidence")).hasSize(1);
            assertThat(admin.get("/api/inspections/" + sealedRefused).status()).isEqualTo(404);
            // the refused record never reached the server, so there is nothing there to name: the link is kept on the
            // device (the withdrawn entry below); a refused record the server holds is named by amends (AmendmentApiTest)
            assertThat(amendment.has("amends")).isFalse();
            // the withdrawn one is shown, with the server's reason, and leads to the record that corrected it
            browser.tap(By.id("go-withdrawn"));
            WebElement withdrawn = browser.waitFor(By.cssSelector(".withdrawn[data-id='" + sealedRefused + "']"));
            assertThat(withdrawn.getText()).contains("现场检查").contains("不存在").contains("已改正后重新记录").contains("年");
            browser.screenshot("withdrawn");
            withdrawn.findElement(By.cssSelector("a.replaced-by")).click();
            browser.waitUntil(d -> d.getCurrentUrl().endsWith("#/record/" + amended));

            // a conflict shown: a colleague changed the responsible person of the overdue danger meanwhile
            colleague.sync(SyncListener.NONE);
            colleague.edit(DemoData.OVERDUE_HAZARD, Map.of("responsiblePerson", new JsonPrimitive("王某")));
            colleague.sync(SyncListener.NONE);
            browser.go("#/hazard/" + DemoData.OVERDUE_HAZARD);
            WebElement person = browser.waitFor(By.id("h-person"));
            person.clear();
            person.sendKeys("赵某");
            browser.tap(By.id("h-save"));
            browser.waitFor(By.id("edit-hazard"));
            browser.go("#/records");
            syncNow(browser);
            awaitState(browser, DemoData.OVERDUE_HAZARD, "CONFLICT");
            assertThat(record(browser, DemoData.OVERDUE_HAZARD).getText()).contains("有冲突").contains("整改责任人").contains("管理员");
            browser.screenshot("records-conflict");

            // the app dies in the middle of a sync: nothing recorded is lost
            browser.go("#/hazard/new");
            chooseUnit(browser, "#h-unit", "金岭矿业");
            browser.choose(By.cssSelector("input[name=grade][value=GENERAL]"));
            new Select(browser.driver().findElement(By.id("h-category"))).selectByValue("MINING");
            browser.driver().findElement(By.id("h-description")).sendKeys("井口安全警示标志缺失");
            browser.tap(By.cssSelector("#h-location .locate"));
            browser.waitUntil(d -> d.findElement(By.cssSelector("#h-location .gps-text")).getText().contains("±8 米"));
            browser.driver().findElement(By.cssSelector("#h-photos input[type=file]")).sendKeys(photo("shaft.jpg", new Color(90, 160, 60)).toString());
            browser.tap(By.id("h-save"));
            browser.waitFor(By.id("edit-hazard"));
            String late = idFromHash(browser);
            browser.tap(By.id("sync-now"));
            app.kill();

            app = App.start(store);
            browser.driver().get(app.launch().toString());
            browser.waitFor(By.id("go-records")).click();
            browser.waitFor(By.cssSelector(".record[data-id='" + late + "']"));
            syncNow(browser);
            awaitState(browser, late, "SYNCED");
            browser.screenshot("records-after-restart");
            JsonObject kept = StrictJson.parseObject(admin.get("/api/hazards/" + late).body());
            assertThat(kept.get("description").getAsString()).isEqualTo("井口安全警示标志缺失");
            assertThat(kept.getAsJsonArray("photos")).hasSize(1);

            // the mine's manager refuses to sign: the refusal, his post and a witness are sealed instead (安全生产法 art 68)
            newGeneralInspection(browser, "金岭矿业", "栖霞市庙后镇金岭矿区");
            for (WebElement item : browser.driver().findElements(By.cssSelector("#i-items .item"))) {
                result(browser, item.getAttribute("data-code"), "PASS");
            }
            browser.tap(By.id("i-save"));
            browser.waitFor(By.id("pad-ins-0"));
            String refusedToSign = idFromHash(browser);
            inspectorsSign(browser);
            browser.choose(By.cssSelector("input[name=mode][value=refuse]"));
            browser.driver().findElement(By.id("rf-name")).sendKeys("赵某");
            browser.driver().findElement(By.id("rf-role")).sendKeys("矿长");
            browser.driver().findElement(By.id("rf-witness")).sendKeys("孙某");
            browser.screenshot("refusal-to-sign");
            browser.tap(By.id("seal-refused"));
            browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("赵某（矿长），见证人 孙某"));

            // a pledge, signed by its signer on the glass
            browser.tap(By.id("home-link"));
            browser.waitFor(By.id("go-pledge")).click();
            new Select(browser.waitFor(By.id("p-kind"))).selectByValue("PRIMARY_RESPONSIBILITY");
            chooseUnit(browser, "#p-unit", "鑫源");
            // the signer is someone on the device: said at the name, before saving, and picked from the list
            assertThat(browser.driver().findElement(By.id("p-name-hint")).getText()).contains("从下方列表中选择");
            browser.driver().findElement(By.id("p-name")).sendKeys("王五");
            // the check runs as the name is typed: wait for the one about the whole name
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).size() == 1
                    && d.findElement(By.cssSelector(".problem[data-for='/signer/name']")).getText().contains("不在本设备的人员名单中"));
            assertThat(browser.driver().findElement(By.id("main")).getText()).doesNotContain("人员：请填写此项");
            browser.screenshot("pledge-signer-unknown");
            browser.driver().findElement(By.id("p-name")).clear();
            browser.driver().findElement(By.id("p-name")).sendKeys("李建");
            browser.waitUntil(d -> d.findElement(By.cssSelector(".suggestions button[data-value='李建国']")).isDisplayed());
            browser.tap(By.cssSelector(".suggestions button[data-value='李建国']"));
            browser.driver().findElement(By.id("p-position")).clear();
            browser.driver().findElement(By.id("p-position")).sendKeys("董事长");
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).isEmpty());
            browser.driver().findElement(By.cssSelector(".pi-commitment")).sendKeys("落实安全生产第一责任人职责");
            browser.driver().findElement(By.cssSelector(".pi-target")).sendKeys("全年不发生较大及以上生产安全事故");
            browser.driver().findElement(By.cssSelector(".pi-assessmentStandard")).sendKeys("发生一起扣20分");
            // a sync round that ends while the form is being filled leaves the form as it is
            syncNow(browser);
            assertThat(browser.driver().findElement(By.id("p-name")).getAttribute("value")).isEqualTo("李建国");
            assertThat(browser.driver().findElement(By.cssSelector(".pi-assessmentStandard")).getAttribute("value")).isEqualTo("发生一起扣20分");
            browser.screenshot("pledge-form");
            clickAndExpect(browser, By.id("p-save"), By.id("pad-signer"));
            String pledge = idFromHash(browser);
            sign(browser, "#pad-signer canvas");
            browser.tap(By.id("seal-pledge"));
            browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
            browser.screenshot("pledge-sealed");
            browser.tap(By.cssSelector("a[href='#/records']"));
            browser.waitUntil(d -> "PENDING".equals(state(browser, pledge)));
            // the network goes and comes back: the app syncs by itself on the browser's online event, no button pressed
            String offlineFrom = lastRound(browser);
            network(browser, false);
            network(browser, true);
            awaitSyncRound(browser, offlineFrom);
            awaitState(browser, refusedToSign, "SYNCED");
            awaitState(browser, pledge, "SYNCED");
            JsonObject refusal = StrictJson.parseObject(admin.get("/api/inspections/" + refusedToSign).body());
            assertThat(refusal.get("sealVerified").getAsBoolean()).isTrue();
            assertThat(refusal.getAsJsonObject("refusalToSign").getAsJsonObject("witness").get("name").getAsString()).isEqualTo("孙某");
            assertThat(StrictJson.parseObject(admin.get("/api/pledges/" + pledge).body()).get("sealVerified").getAsBoolean()).isTrue();

            browser.tap(By.id("home-link"));
            browser.waitFor(By.id("go-records"));
            browser.screenshot("home-end-of-day");

            // a checklist made elsewhere (here by a script on this device, with its own list and one answer of three) is edited
            // in the app: the item answered now is kept, the one left unanswered stays unanswered, nothing invented
            String elsewhere = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('POST', '/records/inspection', {unitId: '" + DemoData.CHEMICAL_CO + "', status: 'DRAFT', startedAt: '2026-11-30T09:00:00+08:00',"
                    + " place: {address: '栖霞市经济开发区化工园8号'}, inspectors: [{name: '张明', certificateNumber: '鲁应急执字37068600123'},"
                    + " {name: '刘洋', certificateNumber: '鲁应急执字37068600456'}], checklistTemplate: '外单位检查表',"
                    + " checklist: [{itemCode: 'W-1', text: '安全管理制度齐全', result: 'PASS'}]})"
                    + ".then(r => done(r.id)).catch(e => done('failed: ' + e.message));"));
            assertThat(elsewhere).matches("[0-9a-f-]{36}");
            // the app was restarted above: its address (port) is the new one's
            URI base = app.base();
            actAndExpect(browser, "opening the inspection made elsewhere", () -> browser.driver().get(base.resolve("#/inspection/" + elsewhere).toString()),
                    By.cssSelector(".item[data-code='W-1']"));
            assertThat(new Select(browser.driver().findElement(By.id("i-template"))).getFirstSelectedOption().getText()).isEqualTo("外单位检查表");
            assertThat(browser.driver().findElements(By.cssSelector("#i-items .item"))).hasSize(1);
            assertThat(item(browser, "W-1").findElement(By.cssSelector("input[value=PASS]")).isSelected()).isTrue();
            browser.screenshot("inspection-made-elsewhere");
            clickAndExpect(browser, By.id("i-save"), By.id("pad-ins-0"));
            String elsewhereKept = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('GET', '/records/" + elsewhere + "').then(v => done(JSON.stringify(v.record.checklist))).catch(e => done('failed: ' + e.message));"));
            assertThat(elsewhereKept).contains("W-1").contains("PASS").doesNotContain("FAIL").doesNotContain("NOT_APPLICABLE");
            // a template this app ships, partly answered elsewhere: the unanswered items stay unanswered, the form asks for none
            String partial = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('checklists.json').then(r => r.json()).then(t => api('POST', '/records/inspection', {unitId: '" + DemoData.CHEMICAL_CO
                    + "', status: 'DRAFT', startedAt: '2026-11-30T09:00:00+08:00', place: {address: '化工园'}, inspectors: [{name: '张明',"
                    + " certificateNumber: '鲁应急执字37068600123'}, {name: '刘洋', certificateNumber: '鲁应急执字37068600456'}],"
                    + " checklistTemplate: t[0].name, checklist: [Object.assign({}, t[0].items[0], {result: 'PASS'}),"
                    + " Object.assign({}, t[0].items[1], {result: 'FAIL', note: '未见记录'})]}))"
                    + ".then(r => done(r.id)).catch(e => done('failed: ' + e.message));"));
            assertThat(partial).matches("[0-9a-f-]{36}");
            actAndExpect(browser, "opening the inspection partly answered", () -> browser.driver().get(base.resolve("#/inspection/" + partial).toString()),
                    By.cssSelector(".item .unanswered"));
            int unanswered = browser.driver().findElements(By.cssSelector(".item .unanswered")).size();
            assertThat(unanswered).isGreaterThan(0);
            browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})",
                    browser.driver().findElement(By.cssSelector(".item .unanswered")));
            browser.screenshot("inspection-partly-answered");
            clickAndExpect(browser, By.id("i-save"), By.id("pad-ins-0"));
            String partlyKept = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('GET', '/records/" + partial + "').then(v => done(String(v.record.checklist.length) + v.record.checklist.map(i => i.result).join())).catch(e => done('failed: ' + e.message));"));
            assertThat(partlyKept).isEqualTo("2PASS,FAIL");

            // the records list on a big device: 400 more dangers, found by a word of their text, their unit's name or their type
            browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(120));
            String made = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "(async () => { for (let i = 0; i < 400; i++) { await api('POST', '/records/hazard', {unitId: '" + DemoData.MINING_CO + "',"
                    + " grade: 'GENERAL', category: 'MINING', description: (i === 123 ? '三号巷道通风机异响' : '巷道支护检查第 ' + i + ' 处'),"
                    + " foundAt: '2026-11-30T10:00:00+08:00'}); } return 'ok'; })().then(done).catch(e => done('failed: ' + e.message));"));
            assertThat(made).isEqualTo("ok");
            browser.driver().get(base.resolve("#/records").toString());
            browser.waitUntil(d -> d.findElement(By.id("records-count")).getText().startsWith("共 "));
            assertThat(browser.driver().findElements(By.cssSelector(".record"))).hasSize(100);
            browser.driver().findElement(By.id("records-search")).sendKeys("通风机");
            browser.waitUntil(d -> d.findElement(By.id("records-count")).getText().equals("找到 1 条"));
            assertThat(browser.driver().findElement(By.cssSelector(".record")).getText()).contains("三号巷道通风机异响").contains("金岭矿业")
                    .containsPattern("2026年11月30日");
            browser.screenshot("records-search");
            browser.driver().findElement(By.id("records-search")).clear();
            browser.driver().findElement(By.id("records-search")).sendKeys("鑫源 现场检查");
            // every word, in any order: the chemical company's inspections only (the list redraws once the typing pauses)
            browser.waitUntil(d -> {
                List<String> cards = d.findElements(By.cssSelector(".record")).stream().map(WebElement::getText).toList();
                return !cards.isEmpty() && cards.stream().allMatch(c -> c.contains("现场检查记录") && c.contains("鑫源"));
            });

            // the installed home-screen app opens at "/" with no launch token: a plain page says how to open it
            String appTab = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            browser.driver().get(app.base().toString());
            assertThat(browser.waitFor(By.id("no-launch")).getText()).contains("fieldsync app").contains("一条不少");
            browser.screenshot("opened-without-launch");
            browser.driver().close();
            browser.driver().switchTo().window(appTab);
        } finally {
            app.kill();
        }
    }

    /** The app's process: `java -jar fieldsync.jar app --store S --no-browser`, and the address it prints. */
    record App(Process process, URI launch) {

        static App start(Path store) throws Exception {
            Path log = Files.createTempFile(Path.of("target"), "app", ".log");
            Process process = Cli.start(log, "app", "--store", store.toString(), "--no-browser");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Matcher m = LAUNCH.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return new App(process, URI.create(m.group()));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("fieldsync app stopped: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("fieldsync app printed no address: " + Files.readString(log, StandardCharsets.UTF_8));
        }

        URI base() {
            return launch.resolve("/");
        }

        /** Killed, as the device's battery or the system would: no shutdown of its own. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Path photo(String name, Color color) throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.WHITE);
        g.drawString(name, 20, 120);
        g.dispose();
        Path file = TestDatabases.freshDirectory("app-photos-" + name).resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "jpg", file.toFile());
        return file.toAbsolutePath();
    }

    static void chooseUnit(Browser browser, String picker, String name) {
        WebElement search = browser.waitFor(By.cssSelector(picker + " .unit-search"));
        search.sendKeys(name);
        browser.waitFor(By.xpath("//*[@id='" + picker.substring(1) + "']//li/button[contains(., '" + name + "')]")).click();
        browser.waitUntil(d -> d.findElement(By.cssSelector(picker + " .picker-chosen")).getText().contains(name));
    }

    static WebElement item(Browser browser, String code) {
        return browser.driver().findElement(By.cssSelector(".item[data-code='" + code + "']"));
    }

    /** Taps an item's result (see {@link Browser#choose}). */
    private static void result(Browser browser, String code, String result) {
        browser.choose(By.cssSelector(".item[data-code='" + code + "'] input[value=" + result + "]"));
    }

    private static void setDate(Browser browser, WebElement input, LocalDate day) {
        browser.driver().executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, day.toString());
    }

    /** Signs with the mouse as with a finger: pointer events on the canvas. */
    static void sign(Browser browser, String canvas) {
        WebElement pad = browser.driver().findElement(By.cssSelector(canvas));
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", pad);
        new Actions(browser.driver()).moveToElement(pad, -120, 10).clickAndHold()
                .moveByOffset(30, -40).moveByOffset(30, 60).moveByOffset(30, -50).moveByOffset(40, 45).moveByOffset(50, -30)
                .release().perform();
    }

    /**
     * A colleague's new unit reaches this device, then it is gone from the server: this device has not heard yet. No
     * device may delete a unit (units are managed on the server), so the test takes it out of the server's database by
     * hand, as a clean-up of a duplicate unit outside the product would; the server then answers for it as unknown.
     */
    private static void unitSeenThenRemoved(Browser browser, FieldStore colleague, String name) throws Exception {
        unitSeenThenRemoved(browser, colleague, name, "target/test-data/inspector-app", "inspectorapp");
    }

    /** {@link #unitSeenThenRemoved(Browser, FieldStore, String)} on the server of the test class with this data directory and schema. */
    static void unitSeenThenRemoved(Browser browser, FieldStore colleague, String name, String dataDir, String schema) throws Exception {
        String unit = colleague.create(RecordType.UNIT, StrictJson.parseObject(
                "{\"name\":\"" + name + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}"));
        colleague.sync(SyncListener.NONE);
        syncNow(browser);
        try (java.sql.Connection c = TestDatabases.connect(dataDir, schema);
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

    /** From the home screen: a new inspection of the unit, at the address, by 张明 and 刘洋, on the general checklist. */
    private static void newGeneralInspection(Browser browser, String unit, String address) {
        browser.tap(By.id("home-link"));
        browser.waitFor(By.id("go-inspection")).click();
        chooseUnit(browser, "#i-unit", unit);
        browser.driver().findElement(By.cssSelector("#i-place .address")).sendKeys(address);
        twoInspectors(browser);
        new Select(browser.driver().findElement(By.id("i-template"))).selectByIndex(1);
    }

    /** On the inspection form: 张明 and 刘洋 with their certificates. */
    private static void twoInspectors(Browser browser) {
        List<WebElement> names = browser.driver().findElements(By.cssSelector(".ins-name"));
        List<WebElement> certificates = browser.driver().findElements(By.cssSelector(".ins-cert"));
        names.get(0).sendKeys("张明");
        certificates.get(0).sendKeys("鲁应急执字37068600123");
        names.get(1).sendKeys("刘洋");
        certificates.get(1).sendKeys("鲁应急执字37068600456");
    }

    /** On the sign page: 张明 and 刘洋 sign on the glass. */
    private static void inspectorsSign(Browser browser) {
        for (int i = 0; i < 2; i++) {
            sign(browser, "#pad-ins-" + i + " canvas");
            browser.tap(By.cssSelector(".sign-inspector[data-i='" + i + "']"));
            browser.waitFor(By.cssSelector(".inspector-sign[data-name='" + (i == 0 ? "张明" : "刘洋") + "'] .signed"));
        }
    }

    /** On the sign page: both inspectors sign, then the person in charge, and the record is sealed. */
    private static void signAndSeal(Browser browser) {
        inspectorsSign(browser);
        browser.driver().findElement(By.id("s-name")).sendKeys("李建国");
        browser.driver().findElement(By.id("s-position")).sendKeys("董事长");
        sign(browser, "#pad-unit canvas");
        browser.tap(By.id("seal-signed"));
        browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
    }

    /**
     * On the form correcting a refused sealed record: the chemical company as its unit, saved, signed
     * and sealed again, synced; the new record's id, once it is synced and the refused one has left the list.
     */
    static String amendedToUnitAndSynced(Browser browser, String unitPicker, String screenshot, By save, By signPage,
                                         Runnable signAndSeal, String refused) {
        chooseUnit(browser, unitPicker, "鑫源");
        browser.screenshot(screenshot);
        clickAndExpect(browser, save, signPage);
        String amended = idFromHash(browser);
        assertThat(amended).isNotEqualTo(refused);
        signAndSeal.run();
        browser.go("#/records");
        syncNow(browser);
        awaitState(browser, amended, "SYNCED");
        assertThat(browser.driver().findElements(By.cssSelector(".record[data-id='" + refused + "']"))).isEmpty();
        return amended;
    }

    /** Opens a record's page and waits for that record's (not the page before it, which may show the same kind of elements). */
    static void openRecord(Browser browser, String id) {
        browser.go("#/record/" + id);
        browser.waitFor(By.cssSelector("#record-state[data-id='" + id + "']"));
    }

    static String idFromHash(Browser browser) {
        String url = browser.driver().getCurrentUrl();
        Matcher m = Pattern.compile("([0-9a-f]{8}-[0-9a-f-]{27})").matcher(url.substring(url.indexOf('#')));
        assertThat(m.find()).as("a record id in " + url).isTrue();
        return m.group(1);
    }

    static WebElement record(Browser browser, String id) {
        return browser.waitFor(By.cssSelector(".record[data-id='" + id + "']"));
    }

    static String state(Browser browser, String id) {
        return record(browser, id).getAttribute("data-state");
    }

    static void awaitState(Browser browser, String id, String state) {
        browser.waitUntil(d -> state.equals(state(browser, id)));
    }

    static String lastRound(Browser browser) {
        String last = browser.driver().findElement(By.id("syncbar")).getAttribute("data-last");
        return last == null ? "" : last;
    }

    /**
     * Waits until a round that ended after {@code before} has ended and the page shows what it left: the
     * bar's {@code data-shown} names that round once the page is brought up to date (the home screen's
     * counts, the list's cards; a form only gets the round's units and people). Clicking before then
     * raced the page's own update.
     */
    static void awaitSyncRound(Browser browser, String before) {
        try {
            browser.waitUntil(d -> {
                WebElement bar = d.findElement(By.id("syncbar"));
                String last = bar.getAttribute("data-last");
                return "false".equals(bar.getAttribute("data-running")) && last != null && !last.isEmpty() && !last.equals(before)
                        && last.equals(bar.getAttribute("data-shown"));
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no sync round ended after " + before + "; the bar: "
                    + browser.driver().findElement(By.id("syncbar")).getAttribute("outerHTML") + "; the app says: "
                    + browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "Promise.all([api('GET', '/sync'), api('GET', '/state')]).then(a => done(JSON.stringify(a))).catch(e => done('failed: ' + e));"), e);
        }
    }

    /**
     * Waits for a condition; when it does not come, fails with what the page showed instead: its main
     * text, the problems under its fields, the sync bar, and what the app says of its last round and of
     * the people on the device (a form knows only the people the device held when it opened).
     */
    static void awaitOrExplain(Browser browser, String what, java.util.function.Function<org.openqa.selenium.chrome.ChromeDriver, Boolean> condition) {
        try {
            browser.waitUntil(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("not-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("waited in vain for " + what + "; the page (" + browser.driver().getCurrentUrl() + "): "
                    + browser.driver().findElement(By.id("main")).getText() + "; problems: "
                    + browser.driver().findElements(By.cssSelector(".problem, .summary-problems")).stream().map(WebElement::getText).toList()
                    + "; the bar: " + browser.driver().findElement(By.id("syncbar")).getAttribute("outerHTML") + "; the app says: "
                    + browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "Promise.all([api('GET', '/sync'), api('GET', '/persons')]).then(([s, p]) => done(JSON.stringify(s) + ' people: '"
                    + " + p.length + ' ' + JSON.stringify(p.map(x => x.name)))).catch(e => done('failed: ' + e));"), e);
        }
    }

    /**
     * Clicks and waits for what the click leads to; when it does not come, fails with what the page
     * said instead (its toast, its form's problems), which would otherwise be gone by the time anyone looks.
     */
    static void clickAndExpect(Browser browser, By button, By expected) {
        actAndExpect(browser, String.valueOf(button), () -> browser.tap(button), expected);
    }

    /** {@link #clickAndExpect} for any step: going to a page, say. */
    static void actAndExpect(Browser browser, String what, Runnable step, By expected) {
        browser.driver().executeScript("window.__toasts = [];"
                + "new MutationObserver(() => { const t = document.getElementById('toast'); if (!t.hidden) window.__toasts.push(t.textContent); })"
                + ".observe(document.getElementById('toast'), {attributes: true, childList: true, characterData: true, subtree: true});");
        step.run();
        try {
            browser.waitFor(expected);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("after " + what + " the page showed no " + expected + "; toasts: "
                    + browser.driver().executeScript("return window.__toasts") + "; problems: "
                    + browser.driver().findElements(By.cssSelector(".problem, .summary-problems")).stream()
                    .map(WebElement::getText).filter(t -> !t.isBlank()).toList(), e);
        }
    }

    /** The browser's network on or off (Chromium's emulation fires the page's offline and online events). */
    private static void network(Browser browser, boolean online) {
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        browser.waitUntil(d -> Boolean.valueOf(online).equals(browser.driver().executeScript("return navigator.onLine")));
    }

    static void syncNow(Browser browser) {
        String before = lastRound(browser);
        browser.tap(By.id("sync-now"));
        awaitSyncRound(browser, before);
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#main")).isEmpty());
    }
}
