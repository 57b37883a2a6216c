package dev.zora.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.audio.WavDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A golden vector of a bundle (models/<id>/golden/<name>.json + .wav), read from the files so that
 * tests follow whatever the training recipe last wrote.
 */
public record Golden(
    String name,
    Path wav,
    int frames,
    int melBins,
    float[] logMel,
    Map<String, float[]> outputs,
    String label) {
  /** The models folder; -Dgolden.models=DIR checks bundles that are not (yet) in models/. */
  public static final Path MODELS = Path.of(System.getProperty("golden.models", "models"));

  public static final Path DIGITS_CNN = MODELS.resolve("digits-cnn");
  public static final Path DIGITS_TRANSFORMER = MODELS.resolve("digits-transformer");

  /** Every bundle folder under models/ that has golden vectors, whatever its task. */
  public static List<Path> bundlesWithGoldens() {
    try (Stream<Path> dirs = Files.list(MODELS)) {
      return dirs.filter(
              d ->
                  Files.isRegularFile(d.resolve("zora.json"))
                      && Files.isDirectory(d.resolve("golden")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The classifier's (or CTC model's) {@code logits} output. */
  public float[] logits() {
    return outputs.get("logits");
  }

  public static List<Golden> all(Path bundle) {
    try (Stream<Path> files = Files.list(bundle.resolve("golden"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Golden::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The golden clips of a classifier whose label is a word (not {@code _silence_}-style) and which
   * the model itself gets right (its golden logits peak at that label). A clip the model gets wrong
   * says nothing about audio decoding; model accuracy is the held-out test's business.
   */
  public static List<Golden> digits(Path bundle) {
    List<String> labels;
    try {
      labels = new ArrayList<>();
      new ObjectMapper()
          .readTree(bundle.resolve("zora.json").toFile())
          .get("labels")
          .forEach(label -> labels.add(label.asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all(bundle).stream()
        .filter(g -> g.label() != null && !g.label().startsWith("_"))
        .filter(g -> labels.get(argmax(g.logits())).equals(g.label()))
        .toList();
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  public byte[] wavBytes() {
    try {
      return Files.readAllBytes(wav);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first two golden strings of digits-ctc (8 kHz) joined by 1.5 s of silence, as a 16-bit WAV:
   * a file that transcription cuts into two segments.
   */
  public static byte[] twoStringsWithAPause() {
    List<Golden> strings =
        all(MODELS.resolve("digits-ctc")).stream()
            .filter(g -> g.name().startsWith("fsdd-string"))
            .limit(2)
            .toList();
    return joined(
        new WavDecoder().decode(strings.get(0).wavBytes()).samples(),
        12_000,
        new WavDecoder().decode(strings.get(1).wavBytes()).samples());
  }

  /**
   * The first and third golden strings of digits-transformer (8 kHz, eight digits each), the
   * silence at their edges cut and 0.3 s of silence between them, as a 16-bit WAV: sixteen digits
   * said as one utterance, more than the recipe trains on.
   */
  public static byte[] sixteenDigitsInOneBreath() {
    List<Golden> strings =
        all(DIGITS_TRANSFORMER).stream().filter(g -> g.name().startsWith("fsdd-string")).toList();
    return joined(
        withoutEdgeSilence(new WavDecoder().decode(strings.get(0).wavBytes()).samples()),
        2_400,
        withoutEdgeSilence(new WavDecoder().decode(strings.get(2).wavBytes()).samples()));
  }

  /** Two 8 kHz clips with {@code pause} samples of silence between them, as a 16-bit WAV. */
  private static byte[] joined(float[] first, int pause, float[] second) {
    float[] both = new float[first.length + pause + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length + pause, second.length);
    return WavWriter.write(8000, WavWriter.Encoding.PCM_16, false, both);
  }

  /** The samples from the first to the last above 0.15% of full scale. */
  private static float[] withoutEdgeSilence(float[] samples) {
    int first = 0;
    int last = samples.length - 1;
    while (first < last && Math.abs(samples[first]) < 0.0015f) {
      first++;
    }
    while (last > first && Math.abs(samples[last]) < 0.0015f) {
      last--;
    }
    return Arrays.copyOfRange(samples, first, last + 1);
  }

  /** Largest absolute element-wise difference; the arrays must have the same length. */
  public static double maxAbsDiff(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError("length " + actual.length + ", expected " + expected.length);
    }
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    return max;
  }

  private static Golden read(Path json) {
    try {
      JsonNode doc = new ObjectMapper().readTree(json.toFile());
      return new Golden(
          json.getFileName().toString().replace(".json", ""),
          json.resolveSibling(doc.get("wav").asText()),
          doc.get("frames").asInt(),
          doc.get("nMels").asInt(),
          floats(doc.get("logmel")),
          outputsOf(doc.get("outputs")),
          doc.get("label").isNull() ? null : doc.get("label").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, float[]> outputsOf(JsonNode outputs) {
    Map<String, float[]> byName = new LinkedHashMap<>();
    outputs
        .fields()
        .forEachRemaining(field -> byName.put(field.getKey(), floats(field.getValue())));
    return byName;
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
