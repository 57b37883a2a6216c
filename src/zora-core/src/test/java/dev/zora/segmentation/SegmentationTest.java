package dev.zora.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The VAD and the segmenters (files and live) on synthetic speech-like bursts (harmonic tones) in
 * white noise.
 */
class SegmentationTest {
  private static final int RATE = 8000;
  private static final VoiceActivityDetector.Settings VAD =
      new VoiceActivityDetector.Settings(5, -55, 0.05, 0.8);
  private static final UtteranceSegmenter.Settings SEGMENTATION =
      new UtteranceSegmenter.Settings(VAD, 0.5, 20);

  /**
   * Noise at {@code noiseRms} with harmonic bursts of 0.1 RMS at the given [start, end) seconds.
   */
  private static float[] recording(double seconds, double noiseRms, double[][] bursts) {
    Random random = new Random(3);
    float[] x = new float[(int) (seconds * RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (noiseRms * random.nextGaussian());
    }
    for (double[] burst : bursts) {
      for (int i = (int) (burst[0] * RATE); i < (int) (burst[1] * RATE); i++) {
        double t = i / (double) RATE;
        x[i] +=
            (float)
                (0.08
                    * (Math.sin(2 * Math.PI * 150 * t)
                        + 0.6 * Math.sin(2 * Math.PI * 450 * t)
                        + 0.3 * Math.sin(2 * Math.PI * 1200 * t)));
      }
    }
    return x;
  }

  private static List<SpeechDetector.Transition> detect(float[] x, int piece) {
    VoiceActivityDetector vad = new VoiceActivityDetector(RATE, VAD);
    List<SpeechDetector.Transition> all = new ArrayList<>();
    for (int i = 0; i < x.length; i += piece) {
      all.addAll(vad.push(Arrays.copyOfRange(x, i, Math.min(x.length, i + piece))));
    }
    return all;
  }

  private static List<Utterance> segment(float[] x, int piece) {
    UtteranceSegmenter segmenter = new UtteranceSegmenter(RATE, SEGMENTATION);
    List<Utterance> all = new ArrayList<>();
    for (int i = 0; i < x.length; i += piece) {
      all.addAll(segmenter.push(Arrays.copyOfRange(x, i, Math.min(x.length, i + piece))));
    }
    all.addAll(segmenter.finish());
    return all;
  }

  @Test
  void findsSpeechInNoiseWithinTwentyMilliseconds() {
    double[][] bursts = {{1.0, 2.0}, {4.0, 4.5}, {7.25, 9.0}};
    List<SpeechDetector.Transition> transitions = detect(recording(10, 0.01, bursts), 333);
    assertEquals(6, transitions.size(), transitions.toString());
    for (int i = 0; i < bursts.length; i++) {
      assertTrue(transitions.get(2 * i).speechStarts());
      assertEquals(
          bursts[i][0], transitions.get(2 * i).sample() / (double) RATE, 0.02, "start " + i);
      assertEquals(
          bursts[i][1], transitions.get(2 * i + 1).sample() / (double) RATE, 0.06, "end " + i);
    }
  }

  @Test
  void aPauseShorterThanTheHangoverDoesNotEndSpeech() {
    List<SpeechDetector.Transition> transitions =
        detect(recording(6, 0.005, new double[][] {{1.0, 2.0}, {2.5, 3.5}}), 80);
    assertEquals(2, transitions.size(), transitions.toString());
    assertEquals(3.5, transitions.get(1).sample() / (double) RATE, 0.06);
  }

  @Test
  void steadyNoiseOfAnyLevelIsNotSpeechAndAStepInItIsFollowed() {
    float[] x = recording(20, 0.002, new double[0][]);
    Random random = new Random(5);
    for (int i = 10 * RATE; i < x.length; i++) {
      x[i] = (float) (0.05 * random.nextGaussian()); // a fan switches on: 28 dB louder
    }
    List<SpeechDetector.Transition> transitions = detect(x, 512);
    assertTrue(transitions.size() <= 2, transitions.toString());
    if (transitions.size() == 2) {
      assertTrue(
          transitions.get(1).sample() < 16 * RATE,
          "the floor caught up within 6 s: " + transitions);
    }
  }

  @Test
  void aShortClipWithOneUtteranceComesOutWhole() {
    float[] x = recording(3, 0.005, new double[][] {{0.9, 1.6}});
    List<Utterance> utterances = segment(x, 1000);
    assertEquals(1, utterances.size());
    assertEquals(0, utterances.get(0).startSample());
    assertArrayEquals(x, utterances.get(0).samples());
    assertEquals(0.9, utterances.get(0).speechStartSeconds(), 0.02);
    assertEquals(1.6, utterances.get(0).speechEndSeconds(), 0.06);
  }

  @Test
  void aLongRecordingIsCutAtItsPausesWithPaddingAndTheSameCutsForAnyPieceSize() {
    List<double[]> bursts = new ArrayList<>();
    for (double t = 2; t < 115; t += 3.7) {
      bursts.add(new double[] {t, t + 0.4 + (t % 1.3)});
    }
    float[] x = recording(120, 0.005, bursts.toArray(new double[0][]));
    List<Utterance> utterances = segment(x, 4000);
    assertEquals(bursts.size(), utterances.size());
    for (int i = 0; i < bursts.size(); i++) {
      Utterance u = utterances.get(i);
      assertEquals(bursts.get(i)[0], u.speechStartSeconds(), 0.02, "speech start " + i);
      assertEquals(bursts.get(i)[0] - 0.5, u.startSeconds(), 0.02, "padded start " + i);
      int from = (int) u.startSample();
      assertArrayEquals(
          Arrays.copyOfRange(x, from, from + u.samples().length), u.samples(), "samples " + i);
    }
    List<Utterance> other = segment(x, 77);
    assertEquals(utterances.size(), other.size());
    for (int i = 0; i < other.size(); i++) {
      assertEquals(utterances.get(i).startSample(), other.get(i).startSample());
      assertEquals(utterances.get(i).samples().length, other.get(i).samples().length);
    }
  }

  @Test
  void speechLongerThanTheLongestUtteranceIsCutAndNothingIsLost() {
    // Syllables of 0.2 s with 0.1 s between them, for 48 s: speech with no pause.
    List<double[]> syllables = new ArrayList<>();
    for (double t = 1; t < 49; t += 0.3) {
      syllables.add(new double[] {t, t + 0.2});
    }
    float[] x = recording(50, 0.005, syllables.toArray(new double[0][]));
    List<Utterance> utterances = segment(x, 8000);
    assertTrue(utterances.size() >= 3, utterances.size() + " utterances");
    long covered = 0;
    for (int i = 0; i < utterances.size(); i++) {
      Utterance u = utterances.get(i);
      assertTrue(
          u.durationSeconds() <= 20 + 1e-9, "utterance " + i + " lasts " + u.durationSeconds());
      if (i > 0) {
        Utterance previous = utterances.get(i - 1);
        assertEquals(
            previous.startSample() + previous.samples().length,
            u.startSample(),
            "utterance " + i + " follows on");
      }
      covered += u.samples().length;
    }
    assertTrue(covered >= 48 * RATE, "speech covered: " + covered / (double) RATE + " s");
  }

  /**
   * The live segmenter's utterances, each with how many samples had been pushed when it came out.
   */
  private record Handed(Utterance utterance, long pushedSamples) {}

  private static List<Handed> segmentLive(
      float[] x, int piece, UtteranceSegmenter.Settings settings) {
    LiveSegmenter segmenter = new LiveSegmenter(RATE, settings);
    List<Handed> all = new ArrayList<>();
    long speechStarts = 0;
    for (int i = 0; i < x.length; i += piece) {
      int end = Math.min(x.length, i + piece);
      for (LiveSegmenter.Event event : segmenter.push(Arrays.copyOfRange(x, i, end))) {
        if (event instanceof LiveSegmenter.SpeechStarted) {
          speechStarts++;
        } else if (event instanceof LiveSegmenter.UtteranceEnded ended) {
          assertEquals(all.size() + 1, speechStarts, "a speech start before each utterance");
          all.add(new Handed(ended.utterance(), end));
        }
      }
    }
    segmenter.finish().ifPresent(u -> all.add(new Handed(u, x.length)));
    return all;
  }

  @Test
  void liveUtterancesAreTheFileUtterancesHandedOutOneHangoverAfterTheirSpeechEnds() {
    List<double[]> bursts = new ArrayList<>();
    for (double t = 2; t < 55; t += 3.1) {
      bursts.add(new double[] {t, t + 0.4 + (t % 1.1)});
    }
    float[] x = recording(60, 0.005, bursts.toArray(new double[0][]));
    List<Utterance> file = segment(x, 4000);
    for (int piece : new int[] {160, 1000}) {
      List<Handed> live = segmentLive(x, piece, SEGMENTATION);
      assertEquals(file.size(), live.size(), "piece " + piece);
      for (int i = 0; i < file.size(); i++) {
        Utterance u = live.get(i).utterance();
        assertEquals(file.get(i).startSample(), u.startSample(), "start " + i);
        assertArrayEquals(file.get(i).samples(), u.samples(), "samples " + i);
        double late = live.get(i).pushedSamples() / (double) RATE - u.speechEndSeconds();
        assertTrue(
            late >= 0.8 - 1e-9 && late <= 0.8 + 0.01 + piece / (double) RATE,
            "utterance " + i + " came " + late + " s late");
      }
    }
  }

  @Test
  void aShorterHangoverHandsTheUtteranceOutSooner() {
    float[] x = recording(6, 0.005, new double[][] {{1.0, 2.0}});
    List<Handed> live = segmentLive(x, 80, SEGMENTATION.withHangover(0.3));
    assertEquals(1, live.size());
    assertEquals(2.0, live.get(0).utterance().speechEndSeconds(), 0.06);
    assertEquals(
        live.get(0).utterance().speechEndSeconds() + 0.3,
        live.get(0).pushedSamples() / (double) RATE,
        0.02);
  }

  @Test
  void theUtteranceInProgressGrowsFromItsPaddedStart() {
    float[] x = recording(4, 0.005, new double[][] {{1.0, 3.0}});
    LiveSegmenter segmenter = new LiveSegmenter(RATE, SEGMENTATION);
    assertTrue(segmenter.inProgress().isEmpty());
    segmenter.push(Arrays.copyOfRange(x, 0, 2 * RATE));
    Utterance soFar = segmenter.inProgress().orElseThrow();
    assertEquals(0.5, soFar.startSeconds(), 0.02);
    assertEquals(1.0, soFar.speechStartSeconds(), 0.02);
    assertArrayEquals(Arrays.copyOfRange(x, (int) soFar.startSample(), 2 * RATE), soFar.samples());
    assertEquals(soFar.speechStartSample(), segmenter.speechInProgressSince().orElseThrow());
    assertEquals(2 * RATE, segmenter.samplesPushed());
  }

  @Test
  void aFlushEndsTheUtteranceNowAndSpeechThatGoesOnBecomesTheNext() {
    float[] x = recording(6, 0.005, new double[][] {{1.0, 3.0}});
    LiveSegmenter segmenter = new LiveSegmenter(RATE, SEGMENTATION);
    segmenter.push(Arrays.copyOfRange(x, 0, 2 * RATE));
    Utterance first = segmenter.flush().orElseThrow();
    assertEquals(2.0, first.startSeconds() + first.durationSeconds(), 1e-9);
    List<LiveSegmenter.Event> events = segmenter.push(Arrays.copyOfRange(x, 2 * RATE, x.length));
    Utterance second = ((LiveSegmenter.UtteranceEnded) events.get(events.size() - 1)).utterance();
    assertEquals(2.0, second.startSeconds(), 1e-9, "follows on where the flush cut");
    assertEquals(3.0, second.speechEndSeconds(), 0.06);
  }

  @Test
  void aFlushAfterTheSpeechEndedLeavesNothingBehind() {
    float[] x = recording(6, 0.005, new double[][] {{1.0, 2.0}});
    LiveSegmenter segmenter = new LiveSegmenter(RATE, SEGMENTATION);
    segmenter.push(Arrays.copyOfRange(x, 0, (int) (2.3 * RATE))); // the hangover is still running
    Utterance flushed = segmenter.flush().orElseThrow();
    assertEquals(1.0, flushed.speechStartSeconds(), 0.02);
    assertEquals(List.of(), segmenter.push(Arrays.copyOfRange(x, (int) (2.3 * RATE), x.length)));
    assertEquals(Optional.empty(), segmenter.finish());
  }

  @Test
  void aStreamThatEndsWithoutSpeechFoundComesOutWholeLikeAShortFile() {
    float[] noise = recording(3, 0.005, new double[0][]);
    LiveSegmenter segmenter = new LiveSegmenter(RATE, SEGMENTATION);
    assertEquals(List.of(), segmenter.push(noise));
    Utterance whole = segmenter.finish().orElseThrow();
    assertEquals(0, whole.startSample());
    assertArrayEquals(noise, whole.samples());

    LiveSegmenter longer = new LiveSegmenter(RATE, SEGMENTATION);
    longer.push(recording(21, 0.005, new double[0][]));
    assertEquals(Optional.empty(), longer.finish(), "longer than the longest utterance: not held");
  }
}
