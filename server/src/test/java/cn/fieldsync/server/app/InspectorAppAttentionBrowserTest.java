package cn.fieldsync.server.app;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.Browser;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;


import static cn.fieldsync.server.app.InspectorAppBrowserTest.awaitState;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.awaitSyncRound;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.chooseUnit;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.clickAndExpect;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.idFromHash;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.record;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.sign;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.syncNow;
import static cn.fieldsync.server.app.InspectorAppBrowserTest.unitSeenThenRemoved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The inspector's app (issue 15) in headless Chromium on a phone (390×844, Chinese locale), for
 * what {@link InspectorAppBrowserTest}'s whole day does not reach: a record waiting for a photo
 * this device does not hold, counted on the home screen and named in the list; a signer whose
 * name two people share, picked from the list and stored by id; and a sealed pledge the server
 * refused, recorded again corrected ("改正后重新记录"). Each test enrols its own device; the
 * screenshots are kept under target/screenshots (app-attention-*.png).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = InspectorAppAttentionBrowserTest.DATA_DIR)
@AddConfig(key = "fieldsync.db.schema", value = InspectorAppAttentionBrowserTest.SCHEMA)
@AddConfig(key = "fieldsync.demo-data", value = "true")
class InspectorAppAttentionBrowserTest {

    static final String DATA_DIR = "target/test-data/inspector-app-attention";
    static final String SCHEMA = "inspectorappattention";

    @Inject
    WebTarget target;

    /** A photo taken on another camera: the record names it, this device does not hold it, so the record waits for it. */
    @Test
    void aRecordWaitingForAPhotoIsCountedOnTheHomeScreenAndTheListNamesThePhoto() throws Exception {
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(TestDatabases.freshDirectory("app-attention-photo-store"));
        try (Browser browser = Browser.openPhone(app.base(), "app-attention-photo")) {
            enrol(browser, app);
            // the page is Chinese, and so is the browser: what a phone in China shows (its date fields too)
            assertThat(browser.driver().executeScript("return document.documentElement.lang")).isEqualTo("zh-CN");
            assertThat(browser.driver().executeScript("return navigator.language")).isEqualTo("zh-CN");
            String elsewhere = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
            String waiting = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('POST', '/records/hazard', {unitId: '" + DemoData.CHEMICAL_CO + "', grade: 'GENERAL', category: 'ELECTRICAL',"
                    + " description: '配电室门未上锁', foundAt: '2026-11-30T10:00:00+08:00', photos: ['" + elsewhere + "']})"
                    + ".then(r => done(r.id)).catch(e => done('failed: ' + e.message));"));
            assertThat(waiting).matches("[0-9a-f-]{36}");
            syncNow(browser);

            browser.tap(By.id("home-link"));
            browser.waitUntil(d -> "1".equals(d.findElement(By.cssSelector("#count-photo b")).getText()));
            assertThat(browser.driver().findElement(By.id("count-photo")).getText()).contains("等待照片上传");
            browser.screenshot("home-photo-waiting");
            browser.tap(By.id("count-photo"));
            awaitState(browser, waiting, "WAITING_FILE");
            assertThat(browser.driver().findElements(By.cssSelector(".record"))).hasSize(1);
            assertThat(record(browser, waiting).getText()).contains("配电室门未上锁").contains("等待上传").contains("照片")
                    .doesNotContain(elsewhere)
                    .as("found at 10:00 Beijing time, read on a phone in Beijing time").contains("2026年11月30日 10:00");
            browser.screenshot("records-photo-waiting");
        } finally {
            app.kill();
        }
    }

    /** Two people of one name: the app will not guess which one signs; the one picked is stored by id. */
    @Test
    void aSignerWhoseNameTwoPeopleShareMustBePickedAndThePickedOneIsStored() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        String safety = admin.post("/api/persons", namesake("安全总监")).field("id");
        String storehouse = admin.post("/api/persons", namesake("仓库主任")).field("id");
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(TestDatabases.freshDirectory("app-attention-namesake-store"));
        try (Browser browser = Browser.openPhone(app.base(), "app-attention-namesake")) {
            // enrol waits until the home screen shows the first round (which brought both namesakes), so the form knows them
            enrol(browser, app);
            clickAndExpect(browser, By.id("go-pledge"), By.id("p-kind"));
            new Select(browser.waitFor(By.id("p-kind"))).selectByValue("SAFETY_PRODUCTION");
            chooseUnit(browser, "#p-unit", "鑫源");
            browser.driver().findElement(By.id("p-name")).sendKeys("赵建华");
            InspectorAppBrowserTest.awaitOrExplain(browser, "the namesakes' problem at the name", d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).size() == 1
                    && d.findElement(By.cssSelector(".problem[data-for='/signer/name']")).getText().contains("2 位名叫“赵建华”的人员"));
            assertThat(browser.driver().findElement(By.cssSelector(".problem[data-for='/signer/name']")).getText()).contains("请从姓名下方的列表中选择");
            // both are offered, told apart by their posts
            browser.waitUntil(d -> d.findElements(By.cssSelector(".suggestions button[data-value='赵建华']")).size() == 2);
            assertThat(browser.driver().findElement(By.cssSelector(".suggestions")).getText()).contains("安全总监").contains("仓库主任");
            browser.screenshot("pledge-namesakes");
            browser.driver().findElement(By.xpath("//*[contains(@class,'suggestions')]//button[@data-value='赵建华'][contains(., '仓库主任')]")).click();
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).isEmpty());
            assertThat(browser.driver().findElement(By.id("p-position")).getAttribute("value")).isEqualTo("仓库主任");
            fillPledgeItem(browser);
            // the period's date fields as a Chinese phone shows them (2026/01/01), not the American 01/01/2026
            browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.driver().findElement(By.id("p-from")));
            browser.screenshot("pledge-namesake-picked");
            clickAndExpect(browser, By.id("p-save"), By.id("pad-signer"));
            String pledge = idFromHash(browser);
            String stored = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('GET', '/records/" + pledge + "').then(v => done(v.record.signer.personId)).catch(e => done('failed: ' + e.message));"));
            assertThat(stored).isEqualTo(storehouse).isNotEqualTo(safety);
        } finally {
            app.kill();
        }
    }

    /**
     * A sync round ending takes the inspector nowhere and redraws nothing under their hands: on the home
     * screen only the numbers change (the button a finger is on stays the same element: a redrawn screen
     * once swallowed the tap on "签订责任书"), an open pledge form keeps what was typed and finds the signer
     * the round brought without typing the name again, and the list keeps its search words.
     */
    @Test
    void aSyncRoundEndingKeepsTheHomeButtonsAnOpenFormAndTheListsSearchAsTheInspectorLeftThem() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(TestDatabases.freshDirectory("app-attention-round-store"));
        try (Browser browser = Browser.openPhone(app.base(), "app-attention-round")) {
            enrol(browser, app);
            String danger = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('POST', '/records/hazard', {unitId: '" + DemoData.CHEMICAL_CO + "', grade: 'GENERAL', category: 'ELECTRICAL',"
                    + " description: '配电柜前堆放杂物', foundAt: '2026-11-30T10:00:00+08:00'})"
                    + ".then(r => done(r.id)).catch(e => done('failed: ' + e.message));"));
            assertThat(danger).matches("[0-9a-f-]{36}");
            browser.go("#/records");
            awaitState(browser, danger, "PENDING");
            browser.tap(By.id("home-link"));
            browser.waitUntil(d -> "1".equals(d.findElement(By.cssSelector("#count-waiting b")).getText()));

            // the home screen: the round sends the danger, the count goes to 0 in place, the button found before it is still the page's
            WebElement pledgeButton = browser.driver().findElement(By.id("go-pledge"));
            syncNow(browser);
            assertThat(browser.driver().findElement(By.cssSelector("#count-waiting b")).getText()).isEqualTo("0");
            assertThatCode(pledgeButton::isDisplayed).as("the button found before the round is still on the page").doesNotThrowAnyException();
            browser.screenshot("home-after-round");
            pledgeButton.click();

            // a pledge form open while a round brings a new person: what was typed stays, and the name is known from then on
            new Select(browser.waitFor(By.id("p-kind"))).selectByValue("SAFETY_PRODUCTION");
            chooseUnit(browser, "#p-unit", "鑫源");
            browser.driver().findElement(By.id("p-name")).sendKeys("孙志强");
            browser.driver().findElement(By.id("p-position")).sendKeys("设备部经理");
            fillPledgeItem(browser);
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).size() == 1
                    && d.findElement(By.cssSelector(".problem[data-for='/signer/name']")).getText().contains("不在本设备的人员名单中"));
            String newcomer = admin.post("/api/persons", person("孙志强", "设备部经理")).field("id");
            syncNow(browser);
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem[data-for='/signer/name']")).isEmpty());
            assertThat(browser.driver().getCurrentUrl()).endsWith("#/pledge/new");
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("签订责任书");
            assertThat(browser.driver().findElement(By.id("p-name")).getAttribute("value")).isEqualTo("孙志强");
            assertThat(browser.driver().findElement(By.id("p-position")).getAttribute("value")).isEqualTo("设备部经理");
            assertThat(browser.driver().findElement(By.cssSelector(".pi-commitment")).getAttribute("value")).isEqualTo("落实安全生产第一责任人职责");
            browser.screenshot("pledge-after-round");
            clickAndExpect(browser, By.id("p-save"), By.id("pad-signer"));
            String pledge = idFromHash(browser);
            String stored = String.valueOf(browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "api('GET', '/records/" + pledge + "').then(v => done(v.record.signer.personId)).catch(e => done('failed: ' + e.message));"));
            assertThat(stored).isEqualTo(newcomer);

            // the list, searched: a round ending keeps the words typed and what they found
            browser.go("#/records");
            browser.waitFor(By.id("records-search")).sendKeys("孙志强");
            browser.waitUntil(d -> d.findElement(By.id("records-count")).getText().equals("找到 1 条"));
            syncNow(browser);
            assertThat(browser.driver().findElement(By.id("records-search")).getAttribute("value")).isEqualTo("孙志强");
            assertThat(browser.driver().findElement(By.id("records-count")).getText()).isEqualTo("找到 1 条");
            assertThat(browser.driver().findElements(By.cssSelector(".record"))).hasSize(1);
            assertThat(record(browser, pledge).getText()).contains("责任书");
            browser.screenshot("records-search-after-round");
        } finally {
            app.kill();
        }
    }

    /** A sealed pledge the server refuses (its unit is gone) cannot be edited: it is recorded again, corrected, and signed again. */
    @Test
    void aRefusedSealedPledgeIsRecordedAgainCorrectedAndTheRefusedOneIsKeptAsWithdrawn() throws Exception {
        Http admin = TestUsers.admin(target.getUri());
        InspectorAppBrowserTest.App app = InspectorAppBrowserTest.App.start(TestDatabases.freshDirectory("app-attention-pledge-store"));
        try (Browser browser = Browser.openPhone(app.base(), "app-attention-pledge");
             FieldStore colleague = FieldStore.open(TestDatabases.freshDirectory("app-attention-colleague"))) {
            enrol(browser, app);
            TestUsers.init(admin, colleague, "attention-colleague");
            unitSeenThenRemoved(browser, colleague, "栖霞市临时加油站", DATA_DIR, SCHEMA);

            browser.tap(By.id("home-link"));
            browser.waitFor(By.id("go-pledge")).click();
            new Select(browser.waitFor(By.id("p-kind"))).selectByValue("SAFETY_PRODUCTION");
            chooseUnit(browser, "#p-unit", "临时加油站");
            browser.driver().findElement(By.id("p-name")).sendKeys("王卫东");
            browser.driver().findElement(By.id("p-position")).sendKeys("站长");
            fillPledgeItem(browser);
            browser.waitUntil(d -> d.findElements(By.cssSelector(".problem")).isEmpty());
            clickAndExpect(browser, By.id("p-save"), By.id("pad-signer"));
            String refused = idFromHash(browser);
            signPledge(browser);
            browser.go("#/records");
            syncNow(browser);
            awaitState(browser, refused, "NEEDS_ACTION");
            assertThat(record(browser, refused).getText()).contains("责任书").contains("不存在").contains("改正后重新记录");
            assertThat(record(browser, refused).findElements(By.cssSelector("button.resend"))).isEmpty();
            browser.screenshot("records-pledge-refused");

            clickAndExpect(browser, By.cssSelector(".record[data-id='" + refused + "'] button.amend"), By.id("amending"));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("改正后重新记录");
            assertThat(browser.driver().findElement(By.id("amending")).getText()).contains("不存在").contains("仍保留在本设备上");
            // everything of the refused one is there to correct
            assertThat(browser.driver().findElement(By.id("p-name")).getAttribute("value")).isEqualTo("王卫东");
            assertThat(browser.driver().findElement(By.cssSelector(".pi-commitment")).getAttribute("value")).isEqualTo("落实安全生产第一责任人职责");
            String amended = InspectorAppBrowserTest.amendedToUnitAndSynced(browser, "#p-unit", "pledge-amendment-fixing",
                    By.id("p-save"), By.id("pad-signer"), () -> signPledge(browser), refused);
            browser.screenshot("records-pledge-amended");
            JsonObject onServer = admin.get("/api/pledges/" + amended).json();
            assertThat(onServer.get("sealVerified").getAsBoolean()).isTrue();
            assertThat(onServer.getAsJsonObject("signer").get("unitId").getAsString()).isEqualTo(DemoData.CHEMICAL_CO);
            assertThat(admin.get("/api/pledges/" + refused).status()).isEqualTo(404);
            // the refused one is kept on the device, with the server's reason, leading to the one that corrected it
            browser.tap(By.id("go-withdrawn"));
            assertThat(browser.waitFor(By.cssSelector(".withdrawn[data-id='" + refused + "']")).getText())
                    .contains("责任书").contains("不存在").contains("已改正后重新记录");
            browser.screenshot("pledge-withdrawn");
        } finally {
            app.kill();
        }
    }

    /** Enrols the demo inspector on a new device and waits for the first sync. */
    private void enrol(Browser browser, InspectorAppBrowserTest.App app) {
        browser.driver().get(app.launch().toString());
        browser.waitFor(By.id("e-server")).sendKeys(target.getUri().toString());
        browser.driver().findElement(By.id("e-user")).sendKeys(DemoData.INSPECTOR_USER);
        browser.driver().findElement(By.id("e-password")).sendKeys(DemoData.INSPECTOR_PASSWORD);
        browser.tap(By.id("e-submit"));
        browser.waitFor(By.id("go-inspection"));
        awaitSyncRound(browser, "");
    }

    private static String namesake(String post) {
        return person("赵建华", post);
    }

    /** A person of the chemical company (in the demo inspector's scope), as the administrator records one. */
    private static String person(String name, String post) {
        return "{\"name\":\"" + name + "\",\"positions\":[{\"unitId\":\"" + DemoData.CHEMICAL_CO + "\",\"post\":\"" + post
                + "\",\"leadership\":\"STAFF\",\"from\":\"2026-01-01\"}]}";
    }

    private static void fillPledgeItem(Browser browser) {
        browser.driver().findElement(By.cssSelector(".pi-commitment")).sendKeys("落实安全生产第一责任人职责");
        browser.driver().findElement(By.cssSelector(".pi-target")).sendKeys("全年不发生较大及以上生产安全事故");
        browser.driver().findElement(By.cssSelector(".pi-assessmentStandard")).sendKeys("发生一起扣20分");
    }

    private static void signPledge(Browser browser) {
        sign(browser, "#pad-signer canvas");
        browser.tap(By.id("seal-pledge"));
        browser.waitUntil(d -> d.findElement(By.id("main")).getText().contains("已以本设备密钥封存"));
    }
}
