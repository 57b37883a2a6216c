package dev.zora.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.zora.testing.DigitStringRecording;
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vendored Silero VAD bundle: what it is, that the graph Zora derives from it computes the
 * same, and that it hears speech and not noise.
 */
class SileroVadTest {
  private static final Path BUNDLE = Golden.MODELS.resolve("silero-vad");
  private static OnnxRuntime runtime;
  private static VadModel vad; // as served: the sequence graph for every run of many chunks
  private static VadModel perChunk; // Silero's graph alone, one run per chunk

  @BeforeAll
  static void open() throws Exception {
    runtime =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 2, 8, Duration.ofSeconds(5), Batching.OFF));
    ModelManifest manifest = ModelTask.manifestReader().read(BUNDLE);
    vad =
        new VadModel(
            runtime.open(BUNDLE.resolve("model.onnx")),
            runtime.open(BUNDLE.resolve("sequence.onnx")),
            manifest);
    perChunk = new VadModel(runtime.open(BUNDLE.resolve("model.onnx")), null, manifest);
  }

  @AfterAll
  static void close() {
    vad.close();
    perChunk.close();
  }

  /**
   * sequence.onnx is derived from Silero's graph (sequence.py): over a minute of FSDD strings, fed
   * in pushes of every size a stream sends, it gives Silero's own probability for every chunk.
   */
  @Test
  void theSequenceGraphGivesSilerosOwnProbabilities() {
    float[] audio =
        FsddHeldOut.isPresent()
            ? new WavDecoder().decode(DigitStringRecording.build(7, 60).wav()).samples()
            : clipInSilence();
    float[] expected = perChunk.probabilities(audio);
    assertArrayEquals(expected, vad.probabilities(audio), 1e-4f, "one file, runs of 512 chunks");
    VadModel.Stream stream = vad.open();
    int chunk = vad.spec().chunkSamples();
    int[] pushes = {1, 2, 3, 7, 31, 64};
    float[] streamed = new float[expected.length];
    int done = 0;
    for (int p = 0; done < expected.length; p++) {
      int n = Math.min(pushes[p % pushes.length], expected.length - done);
      float[] chunks =
          Arrays.copyOf(Arrays.copyOfRange(audio, done * chunk, (done + n) * chunk), n * chunk);
      System.arraycopy(stream.next(chunks), 0, streamed, done, n);
      done += n;
    }
    assertArrayEquals(expected, streamed, 1e-4f, "a stream, its state carried between pushes");
    assertTrue(max(expected) > 0.8 && min(expected) < 0.1, "speech and pauses both in the audio");
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
  void aSpokenDigitIsSpeech() {
    float max = max(vad.probabilities(clipInSilence()));
    assertTrue(max > 0.8, "peak speech probability " + max);
  }

  /** A golden FSDD digit with half a second of silence either side. */
  private static float[] clipInSilence() {
    try {
      float[] clip =
          new WavDecoder()
              .decode(Files.readAllBytes(Golden.DIGITS_CNN.resolve("golden/fsdd-four-nicolas.wav")))
              .samples();
      float[] padded = new float[clip.length + 8000];
      System.arraycopy(clip, 0, padded, 4000, clip.length);
      return padded;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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

  private static float min(float[] values) {
    float min = 1;
    for (float v : values) {
      min = Math.min(min, v);
    }
    return min;
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
