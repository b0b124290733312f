package io.proxywatch.collector.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's chromedriver (scripts/ensure-deps.sh installs both). The
 * driver executable and the browser binary are both named, so Selenium Manager never looks for, let alone
 * downloads, anything; the profile is a fresh temporary folder.
 */
final class Browser implements AutoCloseable {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  final ChromeDriver driver;
  private final Path profile;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path profile, Path screenshots) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  static Browser start(Path screenshots) throws IOException {
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    Path profile = Files.createTempDirectory("proxywatch-chromium-");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--user-data-dir=" + profile, "--window-size=1366,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    Files.createDirectories(screenshots);
    return new Browser(new ChromeDriver(service, options), profile, screenshots);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement await(By locator, Duration within) {
    return new WebDriverWait(driver, within).until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Console messages at SEVERE (errors, failed loads, CSP violations) since the last call. */
  List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** Lays pages out as a phone (390 px wide) or, with {@code false}, as the desktop window again. */
  void phone(boolean phone) {
    if (phone) {
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    } else {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  Path screenshot(String name) throws IOException {
    Path file = screenshots.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover profile in the temp folder is harmless
    }
  }
}
