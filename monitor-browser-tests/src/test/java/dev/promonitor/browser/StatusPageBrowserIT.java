package dev.promonitor.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.testing.Script;
import dev.promonitor.core.testing.ScriptedExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's headless Chromium, driven through its chromedriver,
 * against a running host. Skipped when either is not installed ({@code .ci/run} installs both).
 */
class StatusPageBrowserIT {

  // Debian's paths; -Dchromium.binary=... and -Dchromium.driver=... point elsewhere.
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static WebDriver browser;

  private final AtomicBoolean healed = new AtomicBoolean();
  private ExporterHost host;

  @BeforeAll
  static void startBrowser(@TempDir Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      return; // each test is skipped with the reason, see startHost
    }
    // Never let Selenium Manager look for (or download) a browser or a driver, nor report usage.
    System.setProperty("SE_AVOID_STATS", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1440,720",
        "--user-data-dir=" + profile.toAbsolutePath());
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void startHost() {
    assumeTrue(
        browser != null,
        "skipped: the browser test needs Debian's chromium and chromium-driver, and "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
    host =
        ExporterHost.builder()
            .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(0).build())
            .exporter(
                GaugeExporter.class,
                "healthy",
                new GaugeExporter.Settings("browser_value", 1, new CountDownLatch(1)),
                ExporterSchedule.every(Duration.ofSeconds(1)))
            .exporter(
                ScriptedExporter.class,
                "flaky",
                Script.exporting(
                    () -> {
                      if (!healed.get()) {
                        throw new IOException(
                            "upstream answered 503 for https://monitor:hunter2@api.internal/v1 (token=abc123)");
                      }
                    }),
                ExporterSchedule.every(Duration.ofSeconds(1)))
            .serveHttp(true)
            .build();
    host.start();
  }

  @AfterEach
  void closeHost() {
    if (host != null) {
      host.close();
    }
  }

  private String statusUrl() {
    return "http://127.0.0.1:" + host.httpAddress().orElseThrow().getPort() + "/status";
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
  }

  private static WebElement row(String name) {
    return browser.findElement(By.cssSelector("#exporters tbody tr[data-name='" + name + "']"));
  }

  private static String cell(String name, String cell) {
    return row(name).findElement(By.cssSelector("td." + cell)).getText();
  }

  /** The last error shown under an exporter's row; empty when its error row is hidden. */
  private static String lastError(String name) {
    WebElement errorRow =
        browser.findElement(
            By.cssSelector("#exporters tbody tr[data-name='" + name + "'] + tr.error-row"));
    return errorRow.isDisplayed() ? errorRow.findElement(By.cssSelector(".message")).getText() : "";
  }

  private static Object script(String code) {
    return ((JavascriptExecutor) browser).executeScript(code);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static void screenshot(String file) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aPersonSeesBothExportersTheErrorAndTheRecoveryWithoutReloading() throws Exception {
    browser.get(statusUrl());

    waiting().until(page -> text("summary").equals("2 exporters · 1 up · 1 failing"));
    assertThat(cell("healthy", "type")).isEqualTo("gauge");
    assertThat(cell("healthy", "state")).isEqualTo("up");
    assertThat(cell("healthy", "series")).isEqualTo("1");
    assertThat(lastError("healthy")).isEmpty();
    assertThat(cell("flaky", "type")).isEqualTo("scripted");
    assertThat(cell("flaky", "state")).isEqualTo("failing");
    assertThat(cell("flaky", "schedule")).isEqualTo("every 1 s, timeout 1 s");
    assertThat(lastError("flaky"))
        .isEqualTo(
            "java.io.IOException: upstream answered 503 for https://monitor:****@api.internal/v1 (token=****)");
    assertThat(browser.getPageSource()).doesNotContain("hunter2", "abc123");
    assertThat(text("mode")).isEqualTo("async");
    waiting().until(page -> cell("flaky", "last-run").matches("(now|\\d+ s ago) · took (< 1|\\d+) ms"));
    waiting().until(page -> text("updated").startsWith("Updated "));
    screenshot("status-page.png");
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

    healed.set(true);

    waiting().until(page -> cell("flaky", "state").equals("up"));
    waiting().until(page -> text("summary").equals("2 exporters · 2 up · 0 failing"));
    assertThat(lastError("flaky")).isEmpty();
    assertThat(cell("flaky", "failures")).isEqualTo("0");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
        .isEqualTo(true);
    screenshot("status-page-recovered.png");
  }

  @Test
  void whenTheHostStopsThePageSaysSoAndKeepsTheLastData() throws Exception {
    browser.get(statusUrl());
    waiting().until(page -> browser.findElements(By.cssSelector("#exporters tbody tr[data-name]")).size() == 2);

    host.close();

    waiting().until(page -> browser.findElement(By.id("problem")).isDisplayed());
    assertThat(text("problem")).startsWith("Cannot reach the host").endsWith("showing the data from before.");
    waiting().until(page -> text("updated").startsWith("Last updated "));
    assertThat(cell("healthy", "type")).isEqualTo("gauge");
    assertThat(cell("flaky", "type")).isEqualTo("scripted");
    screenshot("status-page-host-gone.png");
  }

  /** Words of the last error that the browser split over two lines. */
  private static final String WORDS_SPLIT_OVER_LINES =
      """
      var broken = [];
      document.querySelectorAll("tr.error-row:not([hidden]) .message").forEach(function (message) {
        message.childNodes.forEach(function (node) {
          if (node.nodeType !== Node.TEXT_NODE) { return; }
          var re = /[^\\s]+/g, match;
          while ((match = re.exec(node.data)) !== null) {
            var range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            var tops = new Set();
            Array.from(range.getClientRects()).forEach(function (rect) { tops.add(Math.round(rect.top)); });
            if (tops.size > 1) { broken.push(match[0]); }
          }
        });
      });
      return broken.join(" ");
      """;

  private static final String OVERFLOW =
      """
      var wrap = document.querySelector(".table-wrap");
      var root = document.documentElement;
      return (wrap.scrollWidth > wrap.clientWidth ? "table " : "")
          + (root.scrollWidth > root.clientWidth ? "page-width " : "")
          + (root.scrollHeight > root.clientHeight ? "page-height" : "");
      """;

  @Test
  void atALaptopsWidthTheLastErrorWrapsWithoutAScrollBarOrASplitWord() throws Exception {
    host.close();
    healed.set(false);
    host =
        ExporterHost.builder()
            .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(0).build())
            .exporter(
                GaugeExporter.class,
                "documentation_and_examples",
                new GaugeExporter.Settings("browser_wide_value", 1, new CountDownLatch(1)),
                ExporterSchedule.every(Duration.ofSeconds(1)))
            .exporter(
                ScriptedExporter.class,
                "nightly_backups",
                Script.exporting(
                    () -> {
                      if (!healed.get()) {
                        throw new IOException(
                            "Unable to execute HTTP request: Connect to"
                                + " s3.eu-west-1.amazonaws.com:443 [s3.eu-west-1.amazonaws.com/52.218.1.1]"
                                + " failed: Connection refused; the directory"
                                + " /var/lib/promonitor/this/directory/does/not/exist/anymore/after/the/last"
                                + "/deployment/of/the/application was not found either, and the"
                                + " synchronization of the replication configuration never finished");
                      }
                    }),
                ExporterSchedule.every(Duration.ofSeconds(1)))
            .serveHttp(true)
            .build();
    host.start();
    Dimension before = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(1280, 800));
      browser.get(statusUrl());
      waiting().until(page -> text("summary").equals("2 exporters · 1 up · 1 failing"));
      waiting().until(page -> lastError("nightly_backups").contains("replication configuration"));

      assertThat(script(OVERFLOW)).as("what overflows with an error shown").isEqualTo("");
      assertThat(script(WORDS_SPLIT_OVER_LINES)).as("words split over two lines").isEqualTo("");
      screenshot("status-page-1280-failing.png");

      healed.set(true);
      waiting().until(page -> text("summary").equals("2 exporters · 2 up · 0 failing"));
      waiting().until(page -> lastError("nightly_backups").isEmpty());

      assertThat(script(OVERFLOW)).as("what overflows when all is well").isEqualTo("");
      screenshot("status-page-1280-up.png");
    } finally {
      browser.manage().window().setSize(before);
    }
  }
}
