package dev.zora.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.audio.WavDecoder;
import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.InferenceOptions;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vendored Silero VAD bundle: what it is, and that it hears speech and not noise. */
class SileroVadTest {
  private static final Path BUNDLE = Golden.MODELS.resolve("silero-vad");
  private static OnnxRuntime runtime;
  private static VadModel vad;

  @BeforeAll
  static void open() throws Exception {
    runtime =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 2, 8, Duration.ofSeconds(5), Batching.OFF));
    ModelManifest manifest = ModelTask.manifestReader().read(BUNDLE);
    vad = new VadModel(runtime.open(BUNDLE.resolve("model.onnx")), manifest);
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  @Test
  void theVendoredFileIsTheOnePinnedByTheCard() throws Exception {
    String pinned =
        new ObjectMapper()
            .readTree(BUNDLE.resolve("zora.json").toFile())
            .at("/source/sha256")
            .asText();
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(BUNDLE.resolve("model.onnx")));
    assertEquals(pinned, HexFormat.of().formatHex(digest));
    assertTrue(Files.readString(BUNDLE.resolve("LICENSE")).startsWith("MIT License"));
  }

  @Test
  void aSpokenDigitIsSpeech() throws Exception {
    float[] clip =
        new WavDecoder()
            .decode(Files.readAllBytes(Golden.DIGITS_CNN.resolve("golden/fsdd-four-nicolas.wav")))
            .samples();
    float[] padded = new float[clip.length + 8000];
    System.arraycopy(clip, 0, padded, 4000, clip.length);
    float max = max(vad.probabilities(padded));
    assertTrue(max > 0.8, "peak speech probability " + max);
  }

  @Test
  void silenceWhiteNoiseAndATonalChordAreNotSpeech() {
    Random random = new Random(7);
    float[] noise = new float[16000];
    float[] chord = new float[16000];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.05 * random.nextGaussian());
      double t = i / 8000.0;
      chord[i] =
          (float)
              (0.2
                  * (Math.sin(2 * Math.PI * 261.6 * t)
                      + Math.sin(2 * Math.PI * 329.6 * t)
                      + Math.sin(2 * Math.PI * 392.0 * t))
                  / 3);
    }
    assertTrue(max(vad.probabilities(new float[16000])) < 0.2, "silence");
    assertTrue(max(vad.probabilities(noise)) < 0.5, "white noise " + max(vad.probabilities(noise)));
    assertTrue(max(vad.probabilities(chord)) < 0.5, "chord " + max(vad.probabilities(chord)));
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
