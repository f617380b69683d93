package cn.fieldsync.server.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven through chromium-driver (both installed by .ci/run). Without
 * them the browser tests are skipped, unless -Dfieldsync.test.require-browser=true (CI) makes
 * that a failure. Every page visited can be saved as a screenshot under target/screenshots; each
 * screenshot also reads the page's visible text and fails on a code or an id shown where a person
 * should read a name ({@link #assertReadable}).
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The environment of a Chinese desktop (the console's reviewers): the locale only, the machine's own clock zone. */
    private static final Map<String, String> CHINESE = Map.of("LANGUAGE", "zh_CN", "LC_ALL", "zh_CN.UTF-8", "LANG", "zh_CN.UTF-8");

    /** A code left bare (REGISTERED, OP_APPLIED): four or more capitals and underscores as a word. */
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z_]{3,}\\b");
    /** A field name left in English (responsiblePerson, signatureImage). */
    private static final Pattern CAMEL = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]*\\b");
    private static final Pattern UUID = Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
    /** Words people do read as they are: file formats and the like (SHA-256 is only three capitals). */
    private static final Set<String> READABLE = Set.of("XLSX", "JSON");

    private final ChromeDriver driver;
    private final URI base;
    private final String test;
    private final Path downloads;
    private final boolean phone;
    private int shots;

    private Browser(ChromeDriver driver, URI base, String test, Path downloads, boolean phone) {
        this.phone = phone;
        this.driver = driver;
        this.base = base;
        this.test = test;
        this.downloads = downloads;
    }

    public static Browser open(URI base, String test) {
        return open(base, test, null);
    }

    /**
     * A phone's screen: a viewport of 390×844 CSS pixels at 3 device pixels each (an iPhone 12-14
     * size; most Android phones are 360-412 wide), so pages are tested where inspectors use them.
     */
    public static Browser openPhone(URI base, String test) {
        return open(base, test, Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 3.0, "touch", false),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"));
    }

    private static Browser open(URI base, String test, Map<String, Object> mobileEmulation) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            String message = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            if (Boolean.getBoolean("fieldsync.test.require-browser")) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        Path downloads = TestDatabases.freshDirectory("downloads-" + test);
        try {
            Files.createDirectories(downloads);
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the machine's network is closed: no background traffic, no first-run, a fresh profile each time
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--lang=zh-CN",
                "--user-data-dir=" + TestDatabases.freshDirectory("chromium-profile-" + test).toAbsolutePath());
        if (mobileEmulation != null) {
            options.setExperimentalOption("mobileEmulation", mobileEmulation);
        }
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "zh-CN,zh"));
        // a Chinese phone's locale: on Linux Chromium takes it from the environment (and its zh-CN pack,
        // Debian's chromium-l10n), not from --lang alone; dates then read 2026/12/08, not 12/08/2026.
        // A phone also keeps Beijing time: a danger found at 10:00+08:00 reads 10:00 on it, not 02:00
        Map<String, String> environment = new java.util.HashMap<>(CHINESE);
        if (mobileEmulation != null) {
            environment.put("TZ", "Asia/Shanghai");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .withEnvironment(environment)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        return new Browser(driver, base, test, downloads, mobileEmulation != null);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(base.resolve(path).toString());
    }

    /** Waits for an element; the console re-renders whole sections, so a stale element just means "look again". */
    public WebElement waitFor(By by) {
        try {
            return patiently().until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw seen(e);
        }
    }

    public void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
        try {
            patiently().until(d -> condition.apply((ChromeDriver) d));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw seen(e);
        }
    }

    /**
     * A wait that ran out, with what the page showed then (its address and visible text, a toast
     * saying why a save was refused, say) and a screenshot {test}-{n}-timeout.png: a failure on a
     * shared CI machine can then be read from the log alone. Still a {@code TimeoutException}, so
     * callers that explain a wait of their own catch it as before.
     */
    private org.openqa.selenium.TimeoutException seen(org.openqa.selenium.TimeoutException e) {
        String shown;
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(test + "-" + (++shots) + "-timeout.png"), StandardCopyOption.REPLACE_EXISTING);
            String text = String.valueOf(driver.executeScript("return document.body.innerText"));
            shown = driver.getCurrentUrl() + "\n" + (text.length() > 4000 ? text.substring(0, 4000) + "…" : text);
        } catch (RuntimeException | IOException unreadable) {
            shown = "(the page could not be read: " + unreadable + ")";
        }
        return new org.openqa.selenium.TimeoutException(e.getMessage().lines().findFirst().orElse("") + "\nThe page then showed:\n" + shown, e);
    }

    private WebDriverWait patiently() {
        // a bound on liveness, not a speed check: generous, as CI machines are shared and slow at times
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(40));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Taps a button or link once it is shown. A tap another element intercepted (the page moved under
     * the finger as a problem note came or went) did not happen, so it is tried again; a tap that
     * landed is never repeated.
     */
    public void tap(By target) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            WebElement element = waitFor(target);
            try {
                driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
                element.click();
                return;
            } catch (org.openqa.selenium.ElementClickInterceptedException | org.openqa.selenium.StaleElementReferenceException moved) {
                if (System.nanoTime() > deadline) {
                    throw moved;
                }
            }
        }
    }

    /**
     * Chooses a radio button or checkbox by tapping its face (the {@code span} drawn after the input, as
     * a finger would) until the input is checked. The forms check themselves as they are filled, and a
     * problem note appearing or going away above may move the face between the scroll and the tap: the
     * tap is then intercepted or lands elsewhere, so it is tried again, never assumed to have worked.
     */
    public void choose(By input) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                WebElement box = driver.findElement(input);
                if (box.isSelected()) {
                    return;
                }
                WebElement face = box.findElement(By.xpath("following-sibling::span[1]"));
                driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", face);
                face.click();
                new WebDriverWait(driver, Duration.ofSeconds(2)).until(d -> d.findElement(input).isSelected());
                return;
            } catch (org.openqa.selenium.ElementClickInterceptedException | org.openqa.selenium.StaleElementReferenceException
                     | org.openqa.selenium.TimeoutException moved) {
                last = moved;
            }
        }
        throw seen(new org.openqa.selenium.TimeoutException("could not choose " + input + ": " + last, last));
    }

    /** Logs in through the console's own form. */
    public void login(String username, String password) {
        go("/console/");
        waitFor(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
        waitFor(By.id("current-user"));
    }

    /**
     * Saves what the browser shows now as target/screenshots/{test}-{n}-{name}.png, then fails when
     * the page's visible text shows a code or an id ({@link #assertReadable}), or, on a phone, when
     * the page is wider than the screen.
     */
    public Path screenshot(String name) {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path target = SCREENSHOTS.resolve(test + "-" + (++shots) + "-" + name + ".png");
        try {
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertReadable(name);
        if (phone) {
            // on a phone a page wider than the screen slides sideways under the finger, and taps land beside their target
            Object widths = driver.executeScript("return document.documentElement.scrollWidth + '/' + window.innerWidth");
            String[] w = String.valueOf(widths).split("/");
            if (Integer.parseInt(w[0]) > Integer.parseInt(w[1])) {
                throw new AssertionError("the page " + name + " is wider (" + w[0] + " px) than the phone's screen (" + w[1] + " px)");
            }
        }
        return target;
    }

    /**
     * The words of the page's visible text (what a person reads: {@code innerText}, so hidden
     * elements and attributes do not count) that are codes, English field names or UUIDs.
     */
    public List<String> unreadableWords() {
        String text = String.valueOf(driver.executeScript("return document.body.innerText"));
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(CODE, CAMEL, UUID)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (!READABLE.contains(m.group())) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    /** Fails when the page shows a code, an English field name or a UUID where a name exists. */
    public void assertReadable(String page) {
        List<String> words = unreadableWords();
        if (!words.isEmpty()) {
            throw new AssertionError("the page " + page + " shows codes or ids to its reader: " + words);
        }
    }

    /** Waits for a downloaded file whose name ends so, complete (Chromium writes .crdownload first). */
    public Path download(String suffix) {
        Path[] found = new Path[1];
        waitUntil(d -> {
            try (var files = Files.list(downloads)) {
                found[0] = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
                return found[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    @Override
    public void close() {
        driver.quit();
    }

    public TakesScreenshot camera() {
        return driver;
    }
}
