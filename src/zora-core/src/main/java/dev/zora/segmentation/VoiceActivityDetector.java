package dev.zora.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Energy-based voice activity detection that adapts to the noise floor, for audio that arrives in
 * pieces (an uploaded file read in chunks, or a live stream).
 *
 * <p>Each 10 ms frame's level (dBFS, mean square over the last 50 ms, which steadies the level of
 * noise so a low threshold does not fire on it) is compared with a running estimate of the noise
 * floor: the floor drops at once to any quieter frame, and rises slowly (fast between utterances,
 * very slowly during speech, so a floor that stepped up, such as a fan switching on, is followed
 * without speech dragging it up). A frame is speech when it is {@code thresholdDb} above the floor
 * and above {@code minLevelDb}. Speech starts after {@code onsetSeconds} of speech frames and ends
 * after {@code hangoverSeconds} of non-speech frames (dated to the first of those), so short gaps
 * inside an utterance do not end it. A start is dated back over the frames just before it that were
 * still 2 dB above the floor, up to 0.3 s: the quiet start of a word (a fricative, a soft onset)
 * belongs to it.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class VoiceActivityDetector implements SpeechDetector {
  private static final double FRAME_SECONDS = 0.01;
  private static final double LOWEST_FLOOR_DB = -100;
  private static final double FLOOR_RISE_DB_PER_SECOND_IN_SILENCE = 5;
  private static final double FLOOR_RISE_DB_PER_SECOND_IN_SPEECH = 0.5;
  private static final int SMOOTHING_FRAMES = 5;
  private static final double LOOK_BACK_DB = 2;
  private static final int LOOK_BACK_FRAMES = 30;

  /**
   * @param thresholdDb how far above the noise floor a frame must be to count as speech
   * @param minLevelDb the quietest level (dBFS) that can be speech, whatever the floor
   * @param onsetSeconds how long speech must last before it is reported
   * @param hangoverSeconds how long a pause must last before speech is reported as ended
   */
  public record Settings(
      double thresholdDb, double minLevelDb, double onsetSeconds, double hangoverSeconds) {
    /**
     * The server's defaults: 5 dB over the noise floor, -55 dBFS at least, 50 ms onset, 0.8 s
     * hangover.
     */
    public static final Settings DEFAULTS = new Settings(5, -55, 0.05, 0.8);

    public Settings {
      if (thresholdDb <= 0 || onsetSeconds < 0 || hangoverSeconds <= 0) {
        throw new IllegalArgumentException(
            "VAD settings out of range: "
                + thresholdDb
                + " dB, onset "
                + onsetSeconds
                + " s, hangover "
                + hangoverSeconds
                + " s");
      }
    }
  }

  private final int frameSamples;
  private final double sampleRate;
  private final double thresholdDb;
  private final double minLevelDb;
  private final int onsetFrames;
  private final int hangoverFrames;
  private final double riseInSilence;
  private final double riseInSpeech;
  private final float[] frame;
  private final double[] recentPower = new double[SMOOTHING_FRAMES];

  /** The smoothed levels of the last frames, to date a speech start back; a ring by frame index. */
  private final double[] recentLevels = new double[LOOK_BACK_FRAMES + 1];

  private int frameFill;
  private long framesSeen;
  private double floorDb = Double.NaN;
  private boolean inSpeech;
  private int run; // consecutive frames that disagree with the current state

  public VoiceActivityDetector(int sampleRate, Settings settings) {
    this.sampleRate = sampleRate;
    this.frameSamples = Math.max(1, (int) Math.round(sampleRate * FRAME_SECONDS));
    this.thresholdDb = settings.thresholdDb();
    this.minLevelDb = settings.minLevelDb();
    this.onsetFrames = Math.max(1, (int) Math.round(settings.onsetSeconds() / FRAME_SECONDS));
    this.hangoverFrames = Math.max(1, (int) Math.round(settings.hangoverSeconds() / FRAME_SECONDS));
    this.riseInSilence = FLOOR_RISE_DB_PER_SECOND_IN_SILENCE * FRAME_SECONDS;
    this.riseInSpeech = FLOOR_RISE_DB_PER_SECOND_IN_SPEECH * FRAME_SECONDS;
    this.frame = new float[frameSamples];
  }

  /**
   * Where sound first begins in {@code samples} (a sample index), as this detector hears it with
   * its default settings at its 10 ms frames; empty where it hears none. Reads a frame at a time
   * and stops at the first start, so a long utterance costs only the frames up to its onset.
   */
  public static OptionalLong firstSound(float[] samples, int sampleRate) {
    VoiceActivityDetector detector = new VoiceActivityDetector(sampleRate, Settings.DEFAULTS);
    for (int from = 0; from < samples.length; from += detector.frameSamples) {
      int to = Math.min(samples.length, from + detector.frameSamples);
      for (Transition t : detector.push(samples, from, to)) {
        if (t.speechStarts()) {
          return OptionalLong.of(t.sample());
        }
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public List<Transition> push(float[] samples) {
    return push(samples, 0, samples.length);
  }

  /** Feeds {@code samples[from, to)}, as {@link #push(float[])} feeds a whole array. */
  List<Transition> push(float[] samples, int from, int to) {
    List<Transition> transitions = new ArrayList<>(0);
    int offset = from;
    while (offset < to) {
      int n = Math.min(to - offset, frameSamples - frameFill);
      System.arraycopy(samples, offset, frame, frameFill, n);
      frameFill += n;
      offset += n;
      if (frameFill == frameSamples) {
        classify(smoothedLevelDb(frame)).ifPresent(transitions::add);
        frameFill = 0;
      }
    }
    return transitions;
  }

  @Override
  public boolean inSpeech() {
    return inSpeech;
  }

  /** The current noise-floor estimate in dBFS; NaN before the first frame. */
  public double noiseFloorDb() {
    return floorDb;
  }

  @Override
  public long longestStartDelaySamples() {
    return (long) (LOOK_BACK_FRAMES + 1) * frameSamples;
  }

  @Override
  public int frameSamples() {
    return frameSamples;
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** Loudness alone: a cough or a chord above the floor is "speech" to it. */
  @Override
  public boolean tellsSpeechFromNoise() {
    return false;
  }

  private Optional<Transition> classify(double level) {
    long index = framesSeen++;
    recentLevels[(int) (index % recentLevels.length)] = level;
    if (Double.isNaN(floorDb) || level < floorDb) {
      floorDb = Math.max(LOWEST_FLOOR_DB, level);
    } else {
      floorDb = Math.min(level, floorDb + (inSpeech ? riseInSpeech : riseInSilence));
    }
    boolean speechFrame = level > floorDb + thresholdDb && level > minLevelDb;
    if (speechFrame == inSpeech) {
      run = 0;
      return Optional.empty();
    }
    run++;
    if (run < (inSpeech ? hangoverFrames : onsetFrames)) {
      return Optional.empty();
    }
    inSpeech = !inSpeech;
    long firstFrame = index - run + 1;
    run = 0;
    if (inSpeech) {
      // Smoothing delays the level's rise by half its window; the look-back makes up for that too.
      long earliest = Math.max(0, index - LOOK_BACK_FRAMES + 1);
      while (firstFrame > earliest
          && recentLevels[(int) ((firstFrame - 1) % recentLevels.length)]
              > floorDb + LOOK_BACK_DB) {
        firstFrame--;
      }
    }
    return Optional.of(new Transition(inSpeech, firstFrame * frameSamples));
  }

  private double smoothedLevelDb(float[] frame) {
    double sum = 0;
    for (float x : frame) {
      sum += (double) x * x;
    }
    recentPower[(int) (framesSeen % SMOOTHING_FRAMES)] = sum / frame.length;
    int filled = (int) Math.min(SMOOTHING_FRAMES, framesSeen + 1);
    double power = 0;
    for (int i = 0; i < filled; i++) {
      power += recentPower[i];
    }
    return 10 * Math.log10(power / filled + 1e-12);
  }
}
