package dev.valet.webhook.admin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver, found on PATH and started headless with a fresh profile.
 * Nothing is downloaded: without both programs the caller skips, saying how to install them.
 */
final class HeadlessChromium {
  static final String HOW_TO_INSTALL =
      "no chromium and chromedriver on PATH: install them (apt-get install -y chromium"
          + " chromium-driver) to run the admin page in a real browser";

  private HeadlessChromium() {}

  /** The browser and driver programs, when both are installed. */
  static Optional<Path[]> find() {
    Optional<Path> browser = onPath("chromium");
    Optional<Path> driver = onPath("chromedriver");
    if (browser.isEmpty() || driver.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Path[] {browser.get(), driver.get()});
  }

  /** Starts chromium headless, with a new profile under {@code profile}. */
  static ChromeDriver start(Path[] programs, Path profile) {
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(programs[0].toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(programs[1].toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(30))
            .build();
    return new ChromeDriver(service, options);
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(directory -> Path.of(directory, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
