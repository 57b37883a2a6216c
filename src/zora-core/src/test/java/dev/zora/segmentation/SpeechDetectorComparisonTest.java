package dev.zora.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.audio.WavDecoder;
import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.InferenceOptions;
import dev.zora.inference.OnnxRuntime;
import dev.zora.task.ModelTask;
import dev.zora.testing.DigitStringRecording;
import dev.zora.testing.DigitStringRecording.PlacedString;
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.Golden;
import dev.zora.vad.VadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Segmentation by either detector on a 300 s recording of held-out FSDD strings, clean and with a
 * non-speech event (a noise burst, a click train, a tone, a chord, mains hum; as loud as the
 * speech) in the middle of every pause: how many strings no utterance covers (missed), how many
 * utterances cover no string (false segments, each one a chance for a model to invent words), and
 * how far each string's first utterance starts from its speech (boundary error). Prints one line
 * per detector and condition, and holds the two to what they were measured at.
 */
class SpeechDetectorComparisonTest {
  private static final int RATE = 8000;
  private static OnnxRuntime runtime;
  private static VadModel silero;
  private static DigitStringRecording recording;

  record Scores(int missed, int falseSegments, double meanStartError, int utterances) {}

  @BeforeAll
  static void open() throws Exception {
    assumeTrue(FsddHeldOut.isPresent(), "FSDD recordings not found");
    Path bundle = Golden.MODELS.resolve("silero-vad");
    runtime =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 2, 8, Duration.ofSeconds(5), Batching.OFF));
    silero =
        new VadModel(
            runtime.open(bundle.resolve("model.onnx")),
            runtime.open(bundle.resolve("sequence.onnx")),
            ModelTask.manifestReader().read(bundle));
    recording = DigitStringRecording.build(20261203, 300);
  }

  @AfterAll
  static void close() {
    if (silero != null) {
      silero.close();
    }
  }

  @Test
  void sileroLeavesTheEventsOutAndFindsTheStringsAsTheEnergyDetectorDoes() {
    float[] clean = new WavDecoder().decode(recording.wav()).samples();
    float[] withEvents = withEventsInThePauses(clean, recording.strings());
    Scores energyClean = score(segment(clean, false));
    Scores sileroClean = score(segment(clean, true));
    Scores energyEvents = score(segment(withEvents, false));
    Scores sileroEvents = score(segment(withEvents, true));
    print("energy, clean", energyClean);
    print("silero, clean", sileroClean);
    print("energy, events", energyEvents);
    print("silero, events", sileroEvents);
    // Measured: 59 strings; clean 0 missed and 0 false segments by either; with events energy 0 /
    // 38,
    // Silero 1 / 3.
    assertEquals(0, sileroClean.missed(), "no string is lost");
    assertEquals(0, sileroClean.falseSegments());
    assertTrue(sileroEvents.missed() <= 2, "at most one string in thirty lost among the events");
    assertTrue(
        energyEvents.falseSegments() > recording.strings().size() / 2,
        "the energy detector takes events in");
    assertTrue(
        sileroEvents.falseSegments() <= recording.strings().size() / 10, "Silero leaves them out");
    assertTrue(
        sileroClean.meanStartError() < 0.05 && sileroEvents.meanStartError() < 0.15,
        "starts where speech starts");
  }

  private static void print(String what, Scores s) {
    System.out.printf(
        Locale.ROOT,
        "%-16s %d strings: %d utterances, %d missed, %d false segments,"
            + " start error %.3f s on average%n",
        what,
        recording.strings().size(),
        s.utterances(),
        s.missed(),
        s.falseSegments(),
        s.meanStartError());
  }

  private static List<Utterance> segment(float[] audio, boolean neural) {
    UtteranceSegmenter.Settings settings = UtteranceSegmenter.Settings.DEFAULTS;
    SpeechDetector detector =
        neural
            ? new NeuralSpeechDetector(silero.open(), silero.thresholds(), RATE, settings.vad())
            : new VoiceActivityDetector(RATE, settings.vad());
    UtteranceSegmenter segmenter = new UtteranceSegmenter(RATE, settings, detector);
    List<Utterance> out = new ArrayList<>();
    for (int at = 0; at < audio.length; at += RATE) {
      out.addAll(
          segmenter.push(
              java.util.Arrays.copyOfRange(audio, at, Math.min(audio.length, at + RATE))));
    }
    out.addAll(segmenter.finish());
    return out;
  }

  private static Scores score(List<Utterance> utterances) {
    List<PlacedString> strings = recording.strings();
    int missed = 0;
    double startError = 0;
    for (PlacedString s : strings) {
      Utterance first =
          utterances.stream()
              .filter(u -> overlaps(u, s.startSeconds(), s.endSeconds()))
              .findFirst()
              .orElse(null);
      if (first == null) {
        missed++;
      } else {
        startError += Math.abs(first.speechStartSeconds() - s.startSeconds());
      }
    }
    int falseSegments =
        (int)
            utterances.stream()
                .filter(
                    u ->
                        strings.stream()
                            .noneMatch(s -> overlaps(u, s.startSeconds(), s.endSeconds())))
                .count();
    return new Scores(
        missed,
        falseSegments,
        startError / Math.max(1, strings.size() - missed),
        utterances.size());
  }

  private static boolean overlaps(Utterance u, double start, double end) {
    return u.speechStartSeconds() < end && u.speechEndSeconds() > start;
  }

  /** One event, as loud as the speech, in the middle of each pause; kinds in turn. */
  private static float[] withEventsInThePauses(float[] clean, List<PlacedString> strings) {
    float[] x = clean.clone();
    Random random = new Random(5);
    for (int i = 0; i + 1 < strings.size(); i++) {
      double middle = (strings.get(i).endSeconds() + strings.get(i + 1).startSeconds()) / 2;
      float[] event = event(i % 5, random);
      int at = (int) (middle * RATE) - event.length / 2;
      for (int j = 0; j < event.length && at + j < x.length; j++) {
        x[at + j] += event[j];
      }
    }
    return x;
  }

  private static float[] event(int kind, Random random) {
    int n =
        switch (kind) {
          case 0 -> RATE / 10; // noise burst
          case 1 -> RATE / 4; // click train
          case 2 -> RATE * 3 / 10; // tone
          case 3 -> RATE / 2; // chord
          default -> RATE * 8 / 10; // hum
        };
    float[] e = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / (double) RATE;
      e[i] =
          (float)
              switch (kind) {
                case 0 -> 0.2 * random.nextGaussian();
                case 1 -> i % (RATE / 20) < 8 ? 0.5 * (random.nextBoolean() ? 1 : -1) : 0;
                case 2 -> 0.3 * Math.sin(2 * Math.PI * 1000 * t);
                case 3 ->
                    0.1
                        * (Math.sin(2 * Math.PI * 261.6 * t)
                            + Math.sin(2 * Math.PI * 329.6 * t)
                            + Math.sin(2 * Math.PI * 392.0 * t));
                default ->
                    0.1
                        * (Math.sin(2 * Math.PI * 50 * t)
                            + 0.5 * Math.sin(2 * Math.PI * 100 * t)
                            + 0.5 * Math.sin(2 * Math.PI * 150 * t));
              };
    }
    return e;
  }
}
