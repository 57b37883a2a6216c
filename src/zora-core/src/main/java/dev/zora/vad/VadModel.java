package dev.zora.vad;

import dev.zora.frontend.WaveformSpec;
import dev.zora.inference.FloatTensor;
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
 */
public final class VadModel implements AutoCloseable {
  private final OnnxModel session;
  private final WaveformSpec spec;
  private final String audioInput;
  private final String probabilityOutput;
  private final List<ModelManifest.State> states;
  private final Map<String, Tensor> constants = new HashMap<>();
  private final Set<String> outputs = new LinkedHashSet<>();
  private final NeuralSpeechDetector.Thresholds thresholds;

  /**
   * @param session the bundle's graph, whose names ManifestReader and the loader have checked
   */
  public VadModel(OnnxModel session, ModelManifest manifest) {
    this.session = session;
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

  /** Runs the graph once: the serving session, or one that exposes more of its tensors. */
  @FunctionalInterface
  public interface Runner {
    Map<String, FloatTensor> run(Map<String, ? extends Tensor> feeds, Set<String> outputs);
  }

  /** A new stream on the serving session: zero state, zero context. */
  public Stream open() {
    return new Stream(session::run);
  }

  /**
   * A new stream whose runs go through {@code runner} (the explain path's session that exposes
   * every tensor).
   */
  public Stream open(Runner runner) {
    return new Stream(runner);
  }

  /**
   * The speech probability of every chunk of a clip, in order, on one fresh stream; a last partial
   * chunk is zero-padded.
   */
  public float[] probabilities(float[] samples) {
    int chunk = spec.chunkSamples();
    int chunks = (samples.length + chunk - 1) / chunk;
    float[] out = new float[chunks];
    Stream stream = open();
    for (int i = 0; i < chunks; i++) {
      out[i] = stream.next(Arrays.copyOfRange(samples, i * chunk, i * chunk + chunk));
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
  }

  /** One audio stream's view of the model: its state and context. Not thread-safe. */
  public final class Stream implements SpeechProbabilities {
    private final Runner runner;
    private final float[] window = new float[spec.contextSamples() + spec.chunkSamples()];
    private List<float[]> state = new ArrayList<>();

    private Stream(Runner runner) {
      this.runner = runner;
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
    public float next(float[] chunk) {
      return step(chunk, Set.of()).get(probabilityOutput).values()[0];
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
      int context = spec.contextSamples();
      System.arraycopy(chunk, 0, window, context, chunk.length);
      Set<String> read = new LinkedHashSet<>(outputs);
      read.addAll(tensors);
      Map<String, FloatTensor> out = runner.run(feeds(), read);
      List<float[]> next = new ArrayList<>(states.size());
      for (ModelManifest.State s : states) {
        next.add(out.get(s.output()).values());
      }
      state = next;
      System.arraycopy(window, window.length - context, window, 0, context);
      return out;
    }

    /** The feeds of one run: the context and chunk, the state, the constants. */
    private Map<String, Tensor> feeds() {
      Map<String, Tensor> feeds = new HashMap<>(constants);
      feeds.put(audioInput, new FloatTensor(window, new long[] {1, window.length}));
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
