package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against a real collector (tokens required) fed by four real
 * agents probing four real nginx edges. Screenshots of every view, at desktop and phone width, are left in
 * target/console-screenshots/ for review.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITConsole {
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
  static final Path SCREENSHOTS = Path.of("target/console-screenshots");
  static final String DIVERGING_ROW = "example.com/hello@v1.1.0/mod";

  static Cdn cdn;
  static Collector collector;
  static Fleet fleet;
  static Browser browser;
  static String readToken;

  @BeforeAll
  static void start() throws Exception {
    DbSettings db = TestDatabase.fresh();
    Map<String, String> agentTokens = new HashMap<>();
    try (HikariDataSource pool = Database.pool(db, "enrol")) {
      Database.migrate(pool);
      TokenStore store = new TokenStore(pool);
      for (String region : Cdn.REGIONS) agentTokens.put(region, store.addAgent("e2e-" + region, region));
      readToken = store.addApiToken("console", "read");
      ConsoleSeed.seed(pool);
    }
    cdn = Cdn.start(Map.of());
    collector = Collector.start(CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().requiringTokens())
        .withDivergence(DivergencePolicy.forProbeInterval(PROBE_INTERVAL)));
    fleet = Fleet.start(cdn, collector.grpcPort(), PROBE_INTERVAL, (region, agent) -> agent.token(agentTokens.get(region)));
    browser = Browser.start(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (fleet != null) fleet.close();
    if (collector != null) collector.close();
    if (cdn != null) cdn.close();
  }

  @Test
  @Order(1)
  void signingInWithAWrongToken_isRefusedWithAVisibleMessage() throws Exception {
    signIn("pwa_not-a-real-token");
    assertThat(browser.await(By.id("sign-in-error"), Duration.ofSeconds(10)).getText()).contains("refused");
    assertThat(browser.driver.findElements(By.cssSelector("main .view"))).as("no view behind a refused token").isEmpty();
    assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).as("no navigation either").isFalse();
    browser.screenshot("sign-in-refused");
    assertThat(browser.errors()).as("only the refused request is logged").allMatch(m -> m.contains("401"));
  }

  @Test
  @Order(2)
  void matrix_showsFourRegions_andAnEdgeServingAnotherEtag_turnsItsCellWithinTenSeconds() throws Exception {
    signIn(readToken);
    new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
        d.findElements(By.cssSelector("#matrix thead th[data-region]")).size() == 4
            && !d.findElements(By.cssSelector("tr[data-target='" + DIVERGING_ROW + "'] td.fp0")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("#matrix thead th[data-region]")))
        .extracting(e -> e.getText()).containsExactly("frankfurt", "los-angeles", "sao-paulo", "tokyo");
    browser.screenshot("matrix-agreeing");

    Files.setLastModifiedTime(cdn.tree().resolve("example.com/hello/@v/v1.1.0.mod"), FileTime.from(Instant.now()));
    cdn.run("purge-edge", "los-angeles");
    By cell = By.cssSelector("tr[data-target='" + DIVERGING_ROW + "'] td[data-region='los-angeles'].diverges");
    long started = System.nanoTime();
    browser.await(cell, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(browser.driver.findElement(cell).getText()).contains("ETAG");
    assertThat(browser.driver.findElement(cell).getAttribute("class")).doesNotContain("fp0");
    assertThat(browser.driver.findElements(By.cssSelector("tr[data-target='" + DIVERGING_ROW + "'] td.diverges"))).hasSize(1);
    browser.screenshot("matrix-diverging");
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(3)
  void everyView_loadsWithoutConsoleErrors_atDesktopAndPhoneWidth() throws Exception {
    signIn(readToken);
    for (boolean phone : new boolean[] {false, true}) {
      browser.phone(phone);
      String suffix = phone ? "-phone" : "";
      view("#/matrix", "matrix", "#matrix", "matrix" + suffix);
      view("#/episodes", "episodes", "#episodes", "episodes" + suffix);
      browser.driver.findElement(By.cssSelector("#episodes tr:has(.kind-etag) a")).click();
      browser.await(By.cssSelector(".timeline .lane"), Duration.ofSeconds(10));
      browser.screenshot("episode" + suffix);
      assertThat(browser.errors()).as("episode page").isEmpty();
      view("#/charts", "charts", ".chart .uplot canvas", "charts" + suffix);
      assertThat(browser.driver.findElements(By.cssSelector(".chart[data-region]"))).hasSize(4);
      view("#/releases", "releases", "#releases .release", "releases" + suffix);
      view("#/verification", "verification", "#heads", "verification" + suffix);
      view("#/agents", "agents", "#agents", "agents" + suffix);
      assertThat(browser.driver.findElements(By.cssSelector("#agents tbody tr"))).hasSize(4);
    }
    browser.phone(false);
  }

  @Test
  @Order(4)
  void releases_showLagsPerRegionAndSignal_withTheSlowRegionMarked_andWatchesAndPercentiles() throws Exception {
    signIn(readToken);
    view("#/releases", "releases", "#releases .release", "releases");
    String release = "[data-release='" + ConsoleSeed.RELEASE + "'] ";
    assertThat(browser.driver.findElement(By.cssSelector(release + ".state")).getText()).startsWith("propagated in");
    assertThat(browser.driver.findElements(By.cssSelector(release + "table[data-proxy=''] tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElements(By.cssSelector(release + "table[data-proxy=''] td.slow")))
        .hasSize(3).allMatch(td -> td.findElement(By.xpath("..")).getAttribute("data-region").equals(ConsoleSeed.SLOW_REGION));
    assertThat(browser.driver.findElement(By.cssSelector("[data-release='" + ConsoleSeed.MODULE + "@v1.3.0'] .state")).getText())
        .isEqualTo("propagating");
    assertThat(browser.driver.findElements(By.cssSelector("#propagation tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElement(By.cssSelector("#watches tr[data-watch='released']")).getText()).contains(ConsoleSeed.MODULE);
    browser.driver.findElement(By.cssSelector("nav.tabs a[href*='endpoint=latest']")).click();
    browser.await(By.cssSelector("nav.tabs a[href*='endpoint=latest'][aria-current='page']"), Duration.ofSeconds(10));
    assertThat(browser.driver.findElements(By.cssSelector("#propagation tbody tr"))).hasSize(4);
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(5)
  void verification_showsTheMismatchWithBothHashes_theUnverifiableReason_andEveryRegionsTreeHead() throws Exception {
    signIn(readToken);
    view("#/verification", "verification", "#findings", "verification");
    String mismatch = browser.driver.findElement(By.cssSelector("#findings tr[data-state='mismatch']")).getText();
    assertThat(mismatch).contains(ConsoleSeed.MISMATCH_REGION, ConsoleSeed.EXPECTED_H1, ConsoleSeed.OBSERVED_H1);
    assertThat(browser.driver.findElement(By.cssSelector("#findings tr[data-state='unverifiable']")).getText()).contains("sumdb_unreachable");
    assertThat(browser.driver.findElements(By.cssSelector("#heads tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElement(By.cssSelector("#heads tr[data-region='tokyo']")).getText()).contains("behind");
    browser.driver.findElement(By.cssSelector("nav.tabs a[href='#/verification?state=mismatch']")).click();
    browser.await(By.cssSelector("nav.tabs a[href='#/verification?state=mismatch'][aria-current='page']"), Duration.ofSeconds(10));
    assertThat(browser.driver.findElements(By.cssSelector("#verification td[data-state]")))
        .allMatch(td -> td.getAttribute("data-state").equals("mismatch"));
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(6)
  void episodes_showEveryKindWithItsSeverity_andAgentsTheirClockRoundTripAndReportedStats() throws Exception {
    signIn(readToken);
    view("#/episodes?state=resolved", "episodes", "#episodes", "episodes-kinds");
    for (String kind : ConsoleSeed.EPISODE_KINDS) {
      String row = browser.driver.findElement(By.cssSelector("#episodes tr:has(.kind-" + kind + ")")).getText();
      assertThat(row).as(kind).containsAnyOf("critical", "warning", "info", "CRITICAL", "WARNING", "INFO");
    }
    assertThat(browser.driver.findElement(By.cssSelector("#episodes tr:has(.kind-region_degraded) td.target")).getText())
        .isEqualTo("region " + ConsoleSeed.MISMATCH_REGION);
    browser.driver.findElement(By.cssSelector("#episodes tr:has(.kind-region_degraded) a")).click();
    browser.await(By.cssSelector(".facts"), Duration.ofSeconds(10));
    assertThat(browser.driver.findElement(By.cssSelector(".facts")).getText()).contains("12 of 14 targets");
    browser.screenshot("episode-region-degraded");
    view("#/agents", "agents", "#agents", "agents");
    assertThat(browser.driver.findElements(By.cssSelector("#agents thead th"))).extracting(e -> e.getText().toLowerCase())
        .contains("clock skew", "clock rtt", "spool", "dropped", "last ack");
    assertThat(browser.errors()).isEmpty();
  }

  private static void view(String hash, String name, String css, String screenshot) throws Exception {
    browser.driver.navigate().to(base() + "/" + hash);
    browser.await(By.cssSelector("[data-view='" + name + "'] " + css), Duration.ofSeconds(20));
    browser.screenshot(screenshot);
    assertThat(browser.errors()).as("console errors on %s", hash).isEmpty();
  }

  private static void signIn(String token) {
    browser.open(base() + "/");
    browser.driver.executeScript("sessionStorage.clear()");
    browser.driver.navigate().refresh();
    browser.await(By.id("token"), Duration.ofSeconds(10)).sendKeys(token);
    browser.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
  }

  private static String base() {
    return "http://127.0.0.1:" + collector.httpPort();
  }
}
