package dev.zora.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Speech detection from a model's per-chunk speech probabilities (Silero VAD's rules): a chunk at
 * or above {@code threshold} is speech; once in speech, only a chunk below {@code
 * negativeThreshold} counts as a pause, so a probability that wavers around the threshold does not
 * end speech. The endpoint rules are the energy detector's: speech is reported after {@code
 * onsetSeconds} of speech chunks, rounded down to whole chunks but at least one (dated to the first
 * of them) and ends after {@code hangoverSeconds} of pause chunks (dated to the first of those).
 *
 * <p>A start is dated to where the energy detector (same endpoint rules, fed the same samples)
 * heard the sound it lies in begin, when that is at most {@value #LOOK_BACK_SECONDS} s earlier: the
 * model is sure of speech only some way into it, and on soft onsets (FSDD at 8 kHz: a quiet "one
 * nine" heard at probability 0.2) it missed the first words of strings. Where the model is sure
 * first (a clear onset: one 32 ms chunk against the energy detector's 50 ms onset), the start is
 * held for up to {@value #ENERGY_WAIT_CHUNKS} chunks until the energy detector dates it, and only
 * then reported, so on clean audio both detectors cut an utterance at the same sample: the
 * connected models hear a few ms of shift as a different input (a cut 12 ms earlier turned "six
 * seven" into "six six seven"), and the chunk grid made Silero's cuts differ from the energy
 * detector's on most clips. Only a start the model reported is dated, so a sound it hears as no
 * speech never opens an utterance.
 *
 * <p>One instance per stream; not thread-safe. Closing it closes its probability source.
 */
public final class NeuralSpeechDetector implements SpeechDetector {

  /**
   * @param threshold the probability from which a chunk is speech
   * @param negativeThreshold below it, a chunk inside speech counts as a pause; at most {@code
   *     threshold}
   */
  public record Thresholds(double threshold, double negativeThreshold) {
    public Thresholds {
      if (!(threshold > 0 && threshold < 1)
          || !(negativeThreshold >= 0 && negativeThreshold <= threshold)) {
        throw new IllegalArgumentException(
            "speech thresholds out of range: " + threshold + ", " + negativeThreshold);
      }
    }
  }

  static final double LOOK_BACK_SECONDS = 1.5;

  /** How many chunks a start the energy detector has not heard yet is held for it to date. */
  static final int ENERGY_WAIT_CHUNKS = 3;

  /** Chunks whose probabilities are kept for {@link #speechProbability}: 131 s of 32 ms chunks. */
  static final int REMEMBERED_CHUNKS = 4096;

  private final SpeechProbabilities model;
  private final Thresholds thresholds;
  private final int chunkSamples;
  private final int onsetChunks;
  private final int hangoverChunks;
  private final float[] chunk;
  private int chunkFill;
  private long chunksSeen;
  private boolean inSpeech;
  private int run; // consecutive chunks that disagree with the current state
  private final VoiceActivityDetector sounds;
  private final long lookBack;
  private long soundStart =
      -1; // where the energy detector's current sound began; -1 between sounds
  private long lastEnd; // where the last speech ended: a start is never dated back before it
  private long heldStart = -1; // a start waiting for the energy detector to date it; -1 if none
  private int heldChunks; // chunks the held start has waited
  private final float[] remembered =
      new float[REMEMBERED_CHUNKS]; // chunk i's probability at i % length
  private long firstUntaken; // the first chunk takeNewProbabilities has not returned yet

  /**
   * @param rules the endpoint rules (onset, hangover); with its energy thresholds, they find the
   *     sound a start is dated back to
   */
  public NeuralSpeechDetector(
      SpeechProbabilities model,
      Thresholds thresholds,
      int sampleRate,
      VoiceActivityDetector.Settings rules) {
    this.model = model;
    this.thresholds = thresholds;
    this.chunkSamples = model.chunkSamples();
    double chunkSeconds = chunkSamples / (double) sampleRate;
    this.onsetChunks = Math.max(1, (int) Math.floor(rules.onsetSeconds() / chunkSeconds));
    this.hangoverChunks = Math.max(1, (int) Math.round(rules.hangoverSeconds() / chunkSeconds));
    this.chunk = new float[chunkSamples];
    this.sounds = new VoiceActivityDetector(sampleRate, rules);
    this.lookBack = Math.round(LOOK_BACK_SECONDS * sampleRate);
  }

  @Override
  public List<Transition> push(float[] samples) {
    int complete = (chunkFill + samples.length) / chunkSamples;
    float[] chunks = new float[complete * chunkSamples];
    long[] soundStarts = new long[complete]; // where the sound each chunk ends in began
    int made = 0;
    int offset = 0;
    while (offset < samples.length) {
      int n = Math.min(samples.length - offset, chunkSamples - chunkFill);
      // In step with the chunks, so the energy detector has heard exactly what the model has.
      for (Transition t : sounds.push(samples, offset, offset + n)) {
        soundStart = t.speechStarts() ? t.sample() : -1;
      }
      System.arraycopy(samples, offset, chunk, chunkFill, n);
      chunkFill += n;
      offset += n;
      if (chunkFill == chunkSamples) {
        System.arraycopy(chunk, 0, chunks, made * chunkSamples, chunkSamples);
        soundStarts[made++] = soundStart;
        chunkFill = 0;
      }
    }
    List<Transition> transitions = new ArrayList<>(0);
    if (made > 0) {
      float[] probabilities = model.next(chunks); // every chunk this push completed, at once
      for (int i = 0; i < made; i++) {
        classify(probabilities[i], soundStarts[i], transitions);
      }
    }
    return transitions;
  }

  private void classify(float probability, long soundBegan, List<Transition> transitions) {
    long index = chunksSeen++;
    remembered[(int) (index % REMEMBERED_CHUNKS)] = probability;
    if (heldStart >= 0) {
      if (soundBegan >= 0) {
        report(heldStart, soundBegan, transitions);
      } else if (++heldChunks >= ENERGY_WAIT_CHUNKS) {
        report(heldStart, heldStart, transitions);
      }
    }
    boolean speechChunk =
        inSpeech
            ? probability >= thresholds.negativeThreshold()
            : probability >= thresholds.threshold();
    if (speechChunk == inSpeech) {
      run = 0;
      return;
    }
    run++;
    if (run < (inSpeech ? hangoverChunks : onsetChunks)) {
      return;
    }
    inSpeech = !inSpeech;
    long at = (index - run + 1) * chunkSamples;
    run = 0;
    if (!inSpeech) {
      if (heldStart >= 0) { // not dated in time: reported as the model heard it
        report(heldStart, heldStart, transitions);
      }
      lastEnd = at;
      transitions.add(new Transition(false, at));
    } else if (soundBegan >= 0) {
      report(at, soundBegan, transitions);
    } else {
      heldStart = at;
      heldChunks = 0;
    }
  }

  /**
   * Reports the start the model heard at {@code modelStart}, at {@code soundBegan} where the energy
   * detector's sound began within {@link #LOOK_BACK_SECONDS} before it or within the wait after it.
   */
  private void report(long modelStart, long soundBegan, List<Transition> transitions) {
    long at = modelStart;
    if (soundBegan <= modelStart + (long) ENERGY_WAIT_CHUNKS * chunkSamples
        && modelStart - soundBegan <= lookBack) {
      at = Math.max(lastEnd, soundBegan);
    }
    heldStart = -1;
    transitions.add(new Transition(true, at));
  }

  @Override
  public List<Transition> reportHeld() {
    if (heldStart < 0) {
      return List.of();
    }
    List<Transition> transitions = new ArrayList<>(1);
    report(heldStart, heldStart, transitions);
    return transitions;
  }

  @Override
  public double speechProbability(long fromSample, long toSample) {
    long first = Math.max(fromSample / chunkSamples, chunksSeen - REMEMBERED_CHUNKS);
    long last = Math.min(Math.max(first + 1, ceilDiv(toSample, chunkSamples)), chunksSeen);
    if (first >= last) {
      return Double.NaN;
    }
    double sum = 0;
    for (long i = first; i < last; i++) {
      sum += remembered[(int) (i % REMEMBERED_CHUNKS)];
    }
    return sum / (last - first);
  }

  @Override
  public boolean givesProbabilities() {
    return true;
  }

  @Override
  public Optional<ChunkProbabilities> takeNewProbabilities() {
    long first = Math.max(firstUntaken, chunksSeen - REMEMBERED_CHUNKS);
    firstUntaken = chunksSeen;
    if (first >= chunksSeen) {
      return Optional.empty();
    }
    float[] values = new float[(int) (chunksSeen - first)];
    for (int i = 0; i < values.length; i++) {
      values[i] = remembered[(int) ((first + i) % REMEMBERED_CHUNKS)];
    }
    return Optional.of(new ChunkProbabilities(first, chunkSamples, values));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  @Override
  public boolean inSpeech() {
    return inSpeech && heldStart < 0;
  }

  @Override
  public long longestStartDelaySamples() {
    return (long) (onsetChunks + 1 + ENERGY_WAIT_CHUNKS) * chunkSamples + lookBack;
  }

  @Override
  public int frameSamples() {
    return chunkSamples;
  }

  @Override
  public boolean tellsSpeechFromNoise() {
    return true;
  }

  @Override
  public void close() {
    model.close();
  }
}
