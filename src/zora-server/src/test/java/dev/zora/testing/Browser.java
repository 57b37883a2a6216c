package dev.zora.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with a WAV file as the microphone. Tests
 * that need it are skipped (JUnit assumption) where either program is missing; CI installs both.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * @param microphone a WAV file (44.1 kHz, Chromium's fake device rate) the page hears, looped
   */
  public static Browser launch(Path microphone) {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,2200",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath(),
        "--autoplay-policy=no-user-gesture-required");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options));
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector));
  }

  public List<WebElement> findAll(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector));
  }

  /** Waits until the condition holds, up to a minute (a loaded CI machine is slow). */
  public <T> T await(ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, PATIENCE).until(condition);
  }

  /** Waits until the element's text is not blank, and returns it. */
  public String awaitText(String cssSelector) {
    return await(
        d -> {
          String text = d.findElement(By.cssSelector(cssSelector)).getText().strip();
          return text.isEmpty() ? null : text;
        });
  }

  public Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /**
   * How many different colours the canvas's pixels hold (sampled on a grid): 1 for a canvas never
   * drawn on or painted in one colour, many for a picture.
   */
  public long distinctColours(WebElement canvas) {
    return (Long)
        script(
            """
        const canvas = arguments[0];
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set();
        const step = Math.max(1, Math.floor(data.length / 4 / 5000));
        for (let pixel = 0; pixel < data.length / 4; pixel += step) {
          const i = 4 * pixel;
          colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
        }
        return colours.size;
        """,
            canvas);
  }

  /** Saves what the window shows as target/screenshots/{name}.png. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every URL the browser requested or opened a WebSocket to since the last call, from Chromium's
   * own network log (DevTools performance log): scripts, worklets and media included.
   */
  public List<String> requestsSinceLastCall() {
    List<String> urls = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        if (method.equals("Network.requestWillBeSent")) {
          urls.add(params.path("request").path("url").asText());
        } else if (method.equals("Network.webSocketCreated")) {
          urls.add(params.path("url").asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return urls;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
