package dev.zora.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.explain.Attribution;
import dev.zora.pipeline.LiveTranscription;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each example, run as a user would run it, on the bundles' golden clips (the tests run from the
 * repository root).
 */
class ExamplesTest {
  private static final Path MODELS = Path.of("models");

  @Test
  void transcribeFileHearsTheGoldenDigit() throws Exception {
    assertEquals(
        "four",
        TranscribeFile.transcribe(
                MODELS, "digits-cnn", MODELS.resolve("digits-cnn/golden/fsdd-four-nicolas.wav"))
            .transcript()
            .text());
  }

  @Test
  void streamingAFileAsLiveAudioGivesTheStringItSays() throws Exception {
    List<LiveTranscription.Final> finals =
        StreamFileAsLiveAudio.finals(
            MODELS, "digits-ctc", MODELS.resolve("digits-ctc/golden/fsdd-string-0.wav"));
    String heard =
        finals.stream()
            .map(f -> f.transcript().text())
            .filter(t -> !t.isEmpty())
            .collect(Collectors.joining(" "));
    assertEquals("five seven nine zero three three two six", heard);
    for (int i = 1; i < finals.size(); i++) {
      assertTrue(
          finals.get(i).startSeconds() >= finals.get(i - 1).endSeconds(), "finals in stream order");
    }
  }

  @Test
  void explainingAClipGivesAFaithfulMapOfItsPrediction() throws Exception {
    Attribution why =
        ExplainClip.explain(
            MODELS, "digits-cnn", MODELS.resolve("digits-cnn/golden/fsdd-four-nicolas.wav"));
    assertEquals("four", why.prediction());
    assertTrue(
        why.faithfulness().deletion().auc() < why.faithfulness().randomDeletion().auc(),
        "deleting the map's cells first lowers the score faster than a random order");
    int frame = ExplainClip.strongestFrame(why.map());
    assertTrue(frame >= 0 && frame < why.map().frames());
  }
}
