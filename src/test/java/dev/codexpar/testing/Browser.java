package dev.codexpar.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless chromium (Debian's {@code chromium} and {@code chromium-driver}, installed
 * by the build's {@code install-chromium.sh}), driven through Selenium with the driver's path
 * given, so nothing is downloaded. Started with the flags that keep it off the network (no
 * background requests, no component updates, no sync) and a fresh profile.
 */
public final class Browser implements AutoCloseable {
  private static final List<Path> CHROMIUM =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
  private static final List<Path> DRIVER = List.of(Path.of("/usr/bin/chromedriver"));

  /** Where each test's screenshot is kept, as an artifact of the build. */
  public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why the browser tests cannot run here, or null when they can. */
  public static String missing() {
    if (find(CHROMIUM) == null) {
      return "no chromium in " + CHROMIUM + " (install-chromium.sh could not install it)";
    }
    return find(DRIVER) == null ? "no chromedriver in " + DRIVER : null;
  }

  public static Browser start(int width, int height) {
    try {
      Path profile = Files.createTempDirectory("codex-par-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(find(CHROMIUM).toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-extensions",
          "--allow-file-access-from-files",
          "--window-size=" + width + "," + height,
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(find(DRIVER).toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Keeps a screenshot of the page as {@code target/browser-screenshots/NAME.png}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var walk = Files.walk(profile)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }

  private static Path find(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }
}
