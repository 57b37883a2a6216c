package dev.zora.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.Browser;
import dev.zora.testing.Golden;
import dev.zora.testing.Variants;
import dev.zora.testing.WavWriter;
import dev.zora.testing.WavWriter.Encoding;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against the test server: upload, the microphone
 * streamed live, a layer and an attribution drawn, and no request to any other origin. Screenshots
 * of each view go to target/screenshots.
 */
@QuarkusTest
class DashboardBrowserTest {
  /** Chromium's fake microphone runs at 44.1 kHz; other rates get resampled with artefacts. */
  private static final int MICROPHONE_RATE = 44100;

  private static final Golden DIGIT = Golden.digits(Golden.DIGITS_CNN).get(0);
  private static final Golden ROOM_TONE =
      Golden.all(Golden.DIGITS_CNN).stream()
          .filter(clip -> clip.wav().getFileName().toString().equals("room-tone.wav"))
          .findFirst()
          .orElseThrow();
  static final Golden DIGIT_STRING =
      Golden.all(Golden.MODELS.resolve("digits-ctc")).stream()
          .filter(g -> g.name().startsWith("fsdd-string"))
          .findFirst()
          .orElseThrow();

  private static Path workspace;
  private static Browser browser;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void launchBrowser() throws IOException {
    workspace = Files.createTempDirectory("zora-dashboard-test");
    Path microphone = workspace.resolve("microphone.wav");
    Files.write(microphone, spokenOnceThenSilence(DIGIT_STRING));
    browser = Browser.launch(microphone);
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
    try (var files = Files.list(workspace)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(workspace);
  }

  /**
   * The golden clip between a second of silence before and two after, at the fake microphone's
   * rate: the device loops the file, and the pauses end each utterance.
   */
  static byte[] spokenOnceThenSilence(Golden clip) {
    PcmAudio audio = new WavDecoder().decode(clip.wavBytes());
    float[] speech = Variants.upsampleLinear(audio.samples(), audio.sampleRate(), MICROPHONE_RATE);
    float[] samples = new float[MICROPHONE_RATE + speech.length + 2 * MICROPHONE_RATE];
    System.arraycopy(speech, 0, samples, MICROPHONE_RATE, speech.length);
    return WavWriter.write(MICROPHONE_RATE, Encoding.PCM_16, false, samples);
  }

  /**
   * Every request the page made since it was opened: scripts, worklet, API calls, WebSocket, media.
   */
  private void assertNoRequestLeftTheServersOrigin() {
    List<String> requests = browser.requestsSinceLastCall();
    assertFalse(
        requests.isEmpty(), "the browser's network log is empty: the check would see nothing");
    for (String url : requests) {
      assertTrue(isLocal(url), () -> "the dashboard requested " + url + ", outside " + page);
    }
  }

  /**
   * Same scheme family, host and port as the page; data: and blob: URLs never leave the browser.
   */
  private boolean isLocal(String url) {
    if (url.startsWith("data:")) {
      return true;
    }
    URI uri = URI.create(url.startsWith("blob:") ? url.substring("blob:".length()) : url);
    return List.of("http", "ws").contains(uri.getScheme())
        && uri.getHost().equals(page.getHost())
        && uri.getPort() == page.getPort();
  }

  private void openDashboard(String model) {
    browser.requestsSinceLastCall();
    browser.open(page.toString());
    browser.await(d -> browser.find("#model option[value='" + model + "']").isEnabled());
    new Select(browser.find("#model")).selectByValue(model);
  }

  private void upload(Golden clip) {
    browser.find("#file").sendKeys(clip.wav().toAbsolutePath().toString());
  }

  @Test
  void anUploadedWavShowsItsDigitProbabilitiesSpectrogramAndTimings() {
    openDashboard("digits-cnn");
    // Before there is audio, the empty cards say what will appear in them.
    assertTrue(browser.find("#signal-hint").isDisplayed());
    assertTrue(browser.find("#transcript-hint").isDisplayed());
    assertTrue(browser.find("#inspect-hint").isDisplayed());
    upload(DIGIT);

    assertEquals(DIGIT.label(), browser.awaitText("#transcript"));
    assertFalse(browser.find("#transcript-hint").isDisplayed());
    browser.await(d -> !browser.find("#signal-hint").isDisplayed());
    assertFalse(browser.find("#model-hint").isDisplayed(), "the model heard its digit");
    assertEquals(DIGIT.label(), browser.find(".probability.winner span").getText());
    assertTrue(browser.find("#segments").getText().contains(DIGIT.label()));
    assertTrue(browser.find("#timings").getText().contains("Inference"));
    browser.await(d -> browser.distinctColours(browser.find("#spectrogram")) > 20);
    assertTrue(
        browser.distinctColours(browser.find("#waveform")) > 1, "the waveform was not drawn");
    // Silero's speech probability under the spectrogram, with where it heard speech.
    assertTrue(
        browser
            .awaitText("#speech-caption")
            .startsWith("Speech probability (silero-vad): speech at"),
        browser.find("#speech-caption").getText());
    assertTrue(
        browser.distinctColours(browser.find("#speech-probability")) > 1,
        "the probability was not drawn");
    browser.screenshot("upload");
    assertNoRequestLeftTheServersOrigin();
  }

  @Test
  void aWrongFileGetsTheServersReadableRefusalAndTheLastAudiosPicturesGo() throws IOException {
    openDashboard("digits-cnn");
    upload(DIGIT);
    browser.await(d -> browser.distinctColours(browser.find("#waveform")) > 1);
    Path notAudio = Files.writeString(workspace.resolve("notes.wav"), "these are not samples");
    browser.find("#file").sendKeys(notAudio.toString());

    String error = browser.awaitText("#error");
    assertTrue(
        error.startsWith("Unsupported audio (415)") || error.startsWith("Unusable audio (422)"),
        error);
    assertEquals(
        1, browser.distinctColours(browser.find("#waveform")), "the last file's waveform is gone");
    assertTrue(browser.find("#signal-hint").isDisplayed());
  }

  @Test
  void aModelThatHearsNothingSuggestsTheOthers() {
    openDashboard("digits-ctc");
    upload(ROOM_TONE);

    String hint = browser.awaitText("#model-hint");
    assertTrue(hint.startsWith("digits-ctc heard nothing it knows in this audio."), hint);
    assertTrue(hint.contains("digits-cnn") && hint.contains("digits-transformer"), hint);
  }

  @Test
  void theMicrophoneIsStreamedAndItsFinalTranscriptAppears() {
    openDashboard("digits-ctc");
    browser.find("#record").click();

    browser.await(d -> browser.find("#level-box").isDisplayed());
    browser.await(
        d ->
            Double.parseDouble(browser.find("#level").getAttribute("value"))
                > -60); // the level meter moves
    // What the stream's speech detector hears, while recording.
    assertTrue(
        browser.awaitText("#speech-caption").startsWith("Speech probability while recording"),
        browser.find("#speech-caption").getText());
    String firstFinal = browser.awaitText("#transcript");
    browser.await(d -> browser.find("#speech-caption").getText().contains(": now "));
    assertTrue(
        browser.distinctColours(browser.find("#speech-probability")) > 1,
        "the live speech probability was not drawn");
    browser.find("#stop").click();
    browser.await(d -> browser.find("#status").getText().startsWith("Recorded"));

    assertEquals(DIGIT_STRING.label(), firstFinal);
    browser.await(d -> browser.distinctColours(browser.find("#spectrogram")) > 20);
    // Once stopped, the recording is drawn like an upload, Silero's probability over all of it.
    browser.await(
        d ->
            browser
                .find("#speech-caption")
                .getText()
                .startsWith("Speech probability (silero-vad)"));
    browser.screenshot("microphone");
    assertNoRequestLeftTheServersOrigin();
  }

  @Test
  void aLayersActivationsAndAnAttributionAreDrawn() {
    openDashboard("digits-cnn");
    Assumptions.assumeFalse(
        browser.find("#layer-caption").getText().startsWith("This server does not list"),
        "the server has no /v1/models/{id}/layers yet");
    upload(DIGIT);
    browser.awaitText("#transcript");

    new Select(browser.find("#layer")).selectByValue("conv1_out");
    browser.find("#layer-form button").click();
    browser.await(d -> browser.find("#layer-caption").getText().startsWith("Conv block 1"));
    List<WebElement> channels = browser.findAll("#layer-panels canvas");
    assertTrue(channels.size() > 1, "one panel per channel");
    assertTrue(
        browser.distinctColours(channels.get(0)) > 5, "the first channel's heatmap is blank");

    new Select(browser.find("#method")).selectByValue("occlusion");
    assertTrue(
        browser.find("#method-parameters").getText().contains("window (frames)"),
        "parameters are labelled for people: " + browser.find("#method-parameters").getText());
    browser.find("#attribution-form button[type=submit]").click();
    browser.await(d -> browser.find("#faithfulness").getText().contains("Deletion AUC"));
    assertTrue(
        browser.distinctColours(browser.find("#attribution")) > 20,
        "the attribution overlay is blank");
    assertTrue(
        browser.find("#attribution-caption").getText().contains("for “" + DIGIT.label() + "”"));
    assertEquals(3, browser.findAll("#evidence audio").size());
    browser.screenshot("inspect");
    assertNoRequestLeftTheServersOrigin();
  }

  /**
   * A file of two strings with a pause: the transcript's segments are offered for explaining, and
   * an attribution of segment 1 says so and predicts that segment's words.
   */
  @Test
  void aSegmentOfTheTranscriptCanBeExplained() throws IOException {
    Path file = workspace.resolve("two-strings.wav");
    Files.write(file, Golden.twoStringsWithAPause());

    openDashboard("digits-ctc");
    browser.find("#file").sendKeys(file.toString());
    browser.await(d -> browser.findAll("#explain-segment option").size() == 3);
    assertTrue(browser.find("#segment-hint").isDisplayed(), "the hint says segments can be picked");
    Select segment = new Select(browser.find("#explain-segment"));
    segment.selectByValue("1");
    String words = segment.getFirstSelectedOption().getText().split("“")[1].split("”")[0];
    new Select(browser.find("#method")).selectByValue("occlusion");
    browser.find("#attribution-form button[type=submit]").click();
    browser.await(d -> browser.find("#attribution-caption").getText().contains("Segment 1 of 2"));
    assertTrue(
        browser.find("#attribution-caption").getText().contains("prediction “" + words + "”"),
        browser.find("#attribution-caption").getText());
    assertNoRequestLeftTheServersOrigin();
  }
}
