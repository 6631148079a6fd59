package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in a real headless chromium: it loads with a token, shows the pools and the leases
 * that exist, and its buttons release a lease. Skipped, saying how to install them, where chromium
 * and chromedriver are missing.
 */
class AdminPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  @TempDir static Path profile;

  private static TestDatabase database;
  private static AdminLocalValet valet;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path[]> programs = HeadlessChromium.find();
    assumeTrue(programs.isPresent(), HeadlessChromium.HOW_TO_INSTALL);
    database = TestDatabase.create();
    valet = AdminLocalValet.start(database, dataDir, List.of(AdminLocalValet.testPool("devnet")));
    browser = HeadlessChromium.start(programs.get(), profile);
    browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (valet != null) {
      valet.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void withATokenThePageShowsThePoolsAndLeasesAndItsButtonsReleaseALease() throws Exception {
    String alpha = valet.admit("validators", "alpha");
    String beta = valet.admit("validators", "beta");

    signIn(valet.token());

    WebElement pool = waitFor(By.cssSelector("[data-pool='devnet']"));
    waitForText(By.cssSelector("[data-pool='devnet'] dd[data-count='leased']"), "2");
    assertThat(pool.getText()).contains("devnet", "keys left (of 100)");
    By alphaRow = By.cssSelector("tr[data-lease='" + alpha + "']");
    assertThat(waitFor(alphaRow).getText()).contains("alpha", "pending");
    assertThat(browser.findElements(By.cssSelector("tr[data-lease='" + beta + "']"))).hasSize(1);

    browser.findElement(alphaRow).findElement(By.cssSelector("button.release")).click();
    WebElement force =
        waitFor(By.cssSelector("tr[data-lease='" + alpha + "'] button.force-release"));
    assertThat(browser.findElement(alphaRow).getText()).contains("release with force=true");
    force.click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.alertIsPresent()).accept();

    waitForText(By.cssSelector("tr[data-lease='" + alpha + "'] td.state"), "released (forced)");
    JsonObject lease = valet.admin().read("/api/v1/leases/" + alpha);
    assertThat(lease.getString("state")).isEqualTo("released");
    assertThat(lease.getBoolean("forced")).isTrue();
    assertThat(lease.getString("releasedBy")).isEqualTo("static-token");
    assertThat(valet.admin().read("/api/v1/leases/" + beta).getString("state"))
        .isEqualTo("pending");
    assertThat(waitFor(By.id("events")).getText()).contains("lease.released", "static-token");
    assertThat(script("return window.localStorage.length")).isEqualTo(0L);
  }

  @Test
  void aWrongTokenShowsTheRefusalAndNoData() {
    signIn("not-the-token");

    waitForText(By.id("message"), "the token is not valid");
    assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();
    assertThat(script("return window.sessionStorage.getItem('valet.admin.token')")).isNull();
  }

  private static void signIn(String token) {
    browser.get("http://127.0.0.1:" + valet.adminPort() + "/");
    script("window.sessionStorage.clear()");
    browser.navigate().refresh();
    WebElement input = waitFor(By.id("token"));
    input.sendKeys(token);
    browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();
  }

  private static WebElement waitFor(By what) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  private static void waitForText(By what, String text) {
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(what, text));
  }

  private static Object script(String code) {
    return ((JavascriptExecutor) (WebDriver) browser).executeScript(code);
  }
}
