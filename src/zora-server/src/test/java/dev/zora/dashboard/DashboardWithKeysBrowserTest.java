package dev.zora.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * With API keys on, the dashboard in a real headless Chromium asks for a key, and with it lists the
 * models and streams the microphone: a browser cannot set headers on a WebSocket, so the key goes
 * as the {@code zora-key.<key>} subprotocol.
 */
@QuarkusTest
@TestProfile(DashboardWithKeysBrowserTest.KeysOn.class)
class DashboardWithKeysBrowserTest {
  static final String KEY = "browser-test-key-5f2c";

  public static class KeysOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("zora.api-keys", KEY);
    }
  }

  @TestHTTPResource("/")
  URL page;

  @Test
  void withTheKeyEnteredTheMicrophoneIsStreamedAndTranscribed() throws Exception {
    Path workspace = Files.createTempDirectory("zora-dashboard-keys-test");
    Path microphone = workspace.resolve("microphone.wav");
    Files.write(
        microphone, DashboardBrowserTest.spokenOnceThenSilence(DashboardBrowserTest.DIGIT_STRING));
    try (Browser browser = Browser.launch(microphone)) {
      browser.open(page.toString());
      String refusal = browser.awaitText("#error");
      assertTrue(refusal.contains("401"), "without a key the page says it needs one: " + refusal);

      browser.find("#api-key").sendKeys(KEY);
      browser.find("#api-key-form button").click();
      browser.await(d -> browser.find("#model option[value='digits-ctc']").isEnabled());
      new Select(browser.find("#model")).selectByValue("digits-ctc");
      browser.find("#record").click();
      String firstFinal = browser.awaitText("#transcript");
      browser.find("#stop").click();
      browser.await(d -> browser.find("#status").getText().startsWith("Recorded"));
      assertEquals(DashboardBrowserTest.DIGIT_STRING.label(), firstFinal);
      browser.screenshot("microphone-with-key");
    } finally {
      Files.deleteIfExists(microphone);
      Files.deleteIfExists(workspace);
    }
  }
}
