package dev.zora.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The neural detector's endpoint rules, on a scripted model: probabilities given per chunk. */
class NeuralSpeechDetectorTest {
  private static final int RATE = 8000;
  private static final int CHUNK = 256;
  private static final VoiceActivityDetector.Settings RULES =
      new VoiceActivityDetector.Settings(5, -55, 0.05, 0.3);
  private static final NeuralSpeechDetector.Thresholds THRESHOLDS =
      new NeuralSpeechDetector.Thresholds(0.5, 0.35);

  /** Says, for each chunk in turn, the probability it was given; counts what it was closed. */
  private static final class Scripted implements SpeechProbabilities {
    private final float[] script;
    private int next;
    int closed;

    Scripted(float... script) {
      this.script = script;
    }

    @Override
    public int chunkSamples() {
      return CHUNK;
    }

    @Override
    public float[] next(float[] chunks) {
      assertTrue(chunks.length > 0 && chunks.length % CHUNK == 0, "whole chunks");
      float[] p = new float[chunks.length / CHUNK];
      for (int i = 0; i < p.length; i++) {
        p[i] = next < script.length ? script[next++] : 0;
      }
      return p;
    }

    @Override
    public void close() {
      closed++;
    }
  }

  private static float[] probabilities(int silent, int speech, int between, int speechAgain) {
    float[] p = new float[silent + speech + between + speechAgain + 20];
    for (int i = silent; i < silent + speech; i++) {
      p[i] = 0.9f;
    }
    for (int i = silent + speech + between; i < silent + speech + between + speechAgain; i++) {
      p[i] = 0.9f;
    }
    return p;
  }

  /** Silence, then two speech chunks that end the audio: too soon for the energy detector. */
  private static float[] speechInTheLastTwoOf(int chunks) {
    float[] p = new float[chunks];
    p[chunks - 2] = 0.9f;
    p[chunks - 1] = 0.9f;
    return p;
  }

  private static List<SpeechDetector.Transition> run(
      SpeechProbabilities model, float[] audio, int piece) {
    NeuralSpeechDetector detector = new NeuralSpeechDetector(model, THRESHOLDS, RATE, RULES);
    List<SpeechDetector.Transition> all = new ArrayList<>();
    for (int at = 0; at < audio.length; at += piece) {
      all.addAll(
          detector.push(
              java.util.Arrays.copyOfRange(audio, at, Math.min(audio.length, at + piece))));
    }
    detector.close();
    return all;
  }

  @Test
  void speechStartsAtItsFirstChunkAndEndsAfterTheHangoverDatedToThePause() {
    float[] p = probabilities(10, 20, 0, 0);
    Scripted model = new Scripted(p);
    List<SpeechDetector.Transition> transitions = run(model, new float[p.length * CHUNK], 333);
    assertEquals(
        List.of(
            new SpeechDetector.Transition(true, 10L * CHUNK),
            new SpeechDetector.Transition(false, 30L * CHUNK)),
        transitions);
    assertEquals(1, model.closed, "closing the detector closes its model (and with it a lease)");
  }

  @Test
  void aDipAboveTheNegativeThresholdOrShorterThanTheHangoverDoesNotEndSpeech() {
    float[] p = probabilities(5, 20, 0, 0);
    p[12] = 0.4f; // below the threshold, above the negative one: still speech
    p[16] = 0.1f; // one quiet chunk, shorter than the 0.3 s hangover
    List<SpeechDetector.Transition> transitions =
        run(new Scripted(p), new float[p.length * CHUNK], CHUNK);
    assertEquals(2, transitions.size(), transitions.toString());
  }

  @Test
  void chunksOverTheThresholdShorterThanTheOnsetAreNotSpeech() {
    float[] p = new float[40];
    p[10] = 0.9f;
    p[11] = 0.9f;
    VoiceActivityDetector.Settings slowOnset =
        new VoiceActivityDetector.Settings(5, -55, 0.1, 0.3); // 3 chunks
    NeuralSpeechDetector detector =
        new NeuralSpeechDetector(new Scripted(p), THRESHOLDS, RATE, slowOnset);
    assertTrue(detector.push(new float[p.length * CHUNK]).isEmpty());
    p[12] = 0.9f;
    assertEquals(
        new SpeechDetector.Transition(true, 10L * CHUNK),
        new NeuralSpeechDetector(new Scripted(p), THRESHOLDS, RATE, slowOnset)
            .push(new float[p.length * CHUNK])
            .get(0));
  }

  @Test
  void aStartIsDatedBackToTheSoundItLiesInButNoFurtherThanTheLookBack() {
    // A tone from chunk 10 that the model hears as speech only from chunk 30 (a soft onset).
    float[] p = probabilities(30, 20, 0, 0);
    float[] audio = new float[p.length * CHUNK];
    for (int i = 10 * CHUNK; i < 50 * CHUNK; i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    List<SpeechDetector.Transition> transitions = run(new Scripted(p), audio, 512);
    long start = transitions.get(0).sample();
    assertTrue(
        Math.abs(start - 10 * CHUNK) < 0.06 * RATE, "dated back to the tone's start: " + start);

    // A sound that began more than 1.5 s before the model's start is not followed back.
    float[] late = probabilities(100, 20, 0, 0);
    float[] hum = new float[late.length * CHUNK];
    for (int i = 20 * CHUNK; i < 120 * CHUNK; i++) {
      hum[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    assertEquals(100L * CHUNK, run(new Scripted(late), hum, 512).get(0).sample());
  }

  @Test
  void aStartTheModelHearsFirstWaitsForTheEnergyDetectorToDateIt() {
    // A tone from 100 samples into chunk 10, which the model hears as speech at once: the start is
    // the tone's, as the energy detector dates it at its 10 ms frames, not the chunk's first
    // sample.
    float[] p = probabilities(10, 20, 0, 0);
    float[] audio = new float[p.length * CHUNK];
    int toneStart = 10 * CHUNK + 100;
    for (int i = toneStart; i < 30 * CHUNK; i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    long start = run(new Scripted(p), audio, 160).get(0).sample();
    assertTrue(Math.abs(start - toneStart) <= 0.01 * RATE, "the tone's start: " + start);
  }

  @Test
  void aStartStillHeldWhenTheAudioEndsIsReportedThen() {
    float[] p = speechInTheLastTwoOf(12);
    NeuralSpeechDetector detector =
        new NeuralSpeechDetector(new Scripted(p), THRESHOLDS, RATE, RULES);
    assertTrue(
        detector.push(new float[p.length * CHUNK]).isEmpty(), "held for the energy detector");
    assertEquals(false, detector.inSpeech());
    assertEquals(List.of(new SpeechDetector.Transition(true, 10L * CHUNK)), detector.reportHeld());
    assertTrue(detector.inSpeech());
    assertTrue(detector.reportHeld().isEmpty(), "reported once");
  }

  @Test
  void pushToTalkReleasedRightAfterAClearOnsetStillHandsTheSpeechOver() {
    float[] p = speechInTheLastTwoOf(64);
    LiveSegmenter segmenter =
        new LiveSegmenter(
            RATE,
            new UtteranceSegmenter.Settings(RULES, 0.5, 20),
            new NeuralSpeechDetector(new Scripted(p), THRESHOLDS, RATE, RULES));
    segmenter.push(new float[p.length * CHUNK]);
    assertEquals(62L * CHUNK, segmenter.flush().orElseThrow().speechStartSample());
  }
}
