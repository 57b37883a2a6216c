package dev.zora.vad;

import dev.zora.frontend.WaveformSpec;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.LongTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.Tensor;
import dev.zora.model.ModelManifest;
import dev.zora.segmentation.NeuralSpeechDetector;
import dev.zora.segmentation.SpeechProbabilities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A speech detector graph on raw waveform chunks (task {@code vad}, such as Silero VAD): one shared
 * session, and a {@link Stream} per audio stream that carries the graph's recurrent state and the
 * context samples from one chunk to the next. Thread-safe; each stream is not.
 *
 * <p>A bundle may add a sequence graph ({@code files.sequence}): the same network over many
 * consecutive chunks of one stream in one run ({@code audio [chunks, context + chunk]}, the state
 * before the first chunk in and after the last out, one probability per chunk). Streams on the
 * serving session use it for every push of one chunk or more; the per-chunk graph stays for {@link
 * Stream#step}, whose tensors the explain path reads.
 */
public final class VadModel implements AutoCloseable {
  /**
   * The most chunks one run of a sequence graph takes (16 s of Silero's 32 ms chunks): a long file
   * goes in runs of this many, so its intermediate tensors stay a few MB.
   */
  static final int SEQUENCE_CHUNKS = 512;

  private final OnnxModel session;
  private final OnnxModel sequence; // null when the bundle has none
  private final WaveformSpec spec;
  private final String audioInput;
  private final String probabilityOutput;
  private final List<ModelManifest.State> states;
  private final Map<String, Tensor> constants = new HashMap<>();
  private final Set<String> outputs = new LinkedHashSet<>();
  private final NeuralSpeechDetector.Thresholds thresholds;

  /**
   * @param session the bundle's per-chunk graph, whose names ManifestReader and the loader have
   *     checked
   * @param sequence the bundle's sequence graph, checked the same way; null when it has none
   */
  public VadModel(OnnxModel session, OnnxModel sequence, ModelManifest manifest) {
    this.session = session;
    this.sequence = sequence;
    this.spec = manifest.waveformSpec();
    this.audioInput = manifest.inputName("audio");
    this.probabilityOutput = manifest.outputName("speechProbability");
    this.states = manifest.state();
    manifest
        .constants()
        .forEach(
            (name, value) -> constants.put(name, new LongTensor(new long[] {value}, new long[0])));
    outputs.add(probabilityOutput);
    states.forEach(s -> outputs.add(s.output()));
    this.thresholds =
        new NeuralSpeechDetector.Thresholds(
            manifest.vad().threshold(), manifest.vad().negativeThreshold());
  }

  public WaveformSpec spec() {
    return spec;
  }

  public NeuralSpeechDetector.Thresholds thresholds() {
    return thresholds;
  }

  /** Whether runs over many chunks go through one run of a sequence graph. */
  public boolean runsSequences() {
    return sequence != null;
  }

  /** Runs the graph once: the serving session, or one that exposes more of its tensors. */
  @FunctionalInterface
  public interface Runner {
    Map<String, FloatTensor> run(Map<String, ? extends Tensor> feeds, Set<String> outputs);
  }

  /** A new stream on the serving sessions: zero state, zero context. */
  public Stream open() {
    return new Stream(session::run, sequence);
  }

  /**
   * A new stream whose runs go through {@code runner} (the explain path's session that exposes
   * every tensor), one chunk per run.
   */
  public Stream open(Runner runner) {
    return new Stream(runner, null);
  }

  /**
   * The speech probability of every chunk of a clip, in order, on one fresh stream; a last partial
   * chunk is zero-padded.
   */
  public float[] probabilities(float[] samples) {
    int chunk = spec.chunkSamples();
    int chunks = (samples.length + chunk - 1) / chunk;
    if (chunks == 0) {
      return new float[0];
    }
    return open().next(Arrays.copyOf(samples, chunks * chunk));
  }

  @Override
  public void close() {
    session.close();
    if (sequence != null) {
      sequence.close();
    }
  }

  /** One audio stream's view of the model: its state and context. Not thread-safe. */
  public final class Stream implements SpeechProbabilities {
    private final Runner runner;
    private final OnnxModel sequenceRunner; // null: one run per chunk through runner
    private final float[] context = new float[spec.contextSamples()];
    private List<float[]> state = new ArrayList<>();

    private Stream(Runner runner, OnnxModel sequenceRunner) {
      this.runner = runner;
      this.sequenceRunner = sequenceRunner;
      for (ModelManifest.State s : states) {
        state.add(
            new float
                [(int)
                    s.shape().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact)]);
      }
    }

    @Override
    public int chunkSamples() {
      return spec.chunkSamples();
    }

    @Override
    public float[] next(float[] chunks) {
      int chunk = spec.chunkSamples();
      if (chunks.length == 0 || chunks.length % chunk != 0) {
        throw new IllegalArgumentException(
            "chunks are a whole number of " + chunk + " samples, got " + chunks.length);
      }
      int count = chunks.length / chunk;
      float[] probabilities = new float[count];
      if (sequenceRunner != null) {
        for (int first = 0; first < count; first += SEQUENCE_CHUNKS) {
          int n = Math.min(SEQUENCE_CHUNKS, count - first);
          float[] run = sequence(Arrays.copyOfRange(chunks, first * chunk, (first + n) * chunk), n);
          System.arraycopy(run, 0, probabilities, first, n);
        }
        return probabilities;
      }
      for (int i = 0; i < count; i++) {
        probabilities[i] =
            step(Arrays.copyOfRange(chunks, i * chunk, (i + 1) * chunk), Set.of())
                .get(probabilityOutput)
                .values()[0];
      }
      return probabilities;
    }

    /**
     * Runs the next chunk ({@link #chunkSamples()} samples) after the context of the ones before,
     * carries the state on, and returns the speech probability, the state and {@code tensors}.
     */
    public Map<String, FloatTensor> step(float[] chunk, Set<String> tensors) {
      if (chunk.length != spec.chunkSamples()) {
        throw new IllegalArgumentException(
            "a chunk is " + spec.chunkSamples() + " samples, got " + chunk.length);
      }
      float[] window = Arrays.copyOf(context, context.length + chunk.length);
      System.arraycopy(chunk, 0, window, context.length, chunk.length);
      Set<String> read = new LinkedHashSet<>(outputs);
      read.addAll(tensors);
      Map<String, FloatTensor> out = runner.run(feeds(window, 1, constants), read);
      carryOn(out, chunk);
      return out;
    }

    /** All {@code count} chunks in one run of the sequence graph. */
    private float[] sequence(float[] chunks, int count) {
      int chunk = spec.chunkSamples();
      int width = context.length + chunk;
      float[] windows = new float[count * width];
      for (int i = 0; i < count; i++) {
        int from = i * chunk - context.length; // the window's first sample, in chunks
        for (int j = 0; j < width; j++) {
          int at = from + j;
          windows[i * width + j] = at >= 0 ? chunks[at] : context[context.length + at];
        }
      }
      Map<String, Tensor> constantsItTakes = new HashMap<>(constants);
      constantsItTakes.keySet().retainAll(sequenceRunner.inputNames());
      Map<String, FloatTensor> out =
          sequenceRunner.run(feeds(windows, count, constantsItTakes), outputs);
      float[] probabilities = out.get(probabilityOutput).values();
      if (probabilities.length != count) {
        throw new InferenceException(
            "the sequence graph gave "
                + probabilities.length
                + " speech probabilities for "
                + count
                + " chunks");
      }
      carryOn(out, chunks);
      return probabilities;
    }

    /** Takes the state a run left and the context the samples just run leave for the next. */
    private void carryOn(Map<String, FloatTensor> out, float[] samples) {
      List<float[]> next = new ArrayList<>(states.size());
      for (ModelManifest.State s : states) {
        next.add(out.get(s.output()).values());
      }
      state = next;
      int fromSamples = Math.min(context.length, samples.length);
      int kept = context.length - fromSamples;
      System.arraycopy(context, context.length - kept, context, 0, kept);
      System.arraycopy(samples, samples.length - fromSamples, context, kept, fromSamples);
    }

    /** The feeds of one run: the windows of context and chunk, the state, the constants. */
    private Map<String, Tensor> feeds(float[] windows, int count, Map<String, Tensor> fed) {
      Map<String, Tensor> feeds = new HashMap<>(fed);
      feeds.put(audioInput, new FloatTensor(windows, new long[] {count, windows.length / count}));
      for (int i = 0; i < states.size(); i++) {
        feeds.put(
            states.get(i).input(),
            new FloatTensor(
                state.get(i), states.get(i).shape().stream().mapToLong(Long::longValue).toArray()));
      }
      return feeds;
    }
  }
}
