package dev.zora.explain;

import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.frontend.LogMelSpec;
import dev.zora.frontend.Normalization;
import dev.zora.frontend.WaveformSpec;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InspectableGraph;
import dev.zora.inference.OnnxGraph;
import dev.zora.task.ServedModel;
import dev.zora.vad.VadModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The explain path of a speech detector on raw samples (task {@code vad}): its graph runs chunk by
 * chunk with its state carried, as in a stream, so each tensor comes back once per chunk, stacked
 * on a new first axis (time). A log-mel spectrogram of the clip (25 ms window, 10 ms hop, 40 mel
 * bins, for display only: the model does not see it) is the picture the tensors and maps are
 * aligned to, as the log-mel input is for the other models; a chunk spans {@code chunkSamples /
 * hop} of its frames.
 */
final class WaveformExplanations {
  private static final int DISPLAY_MELS = 40;
  private static final String INPUT = "Input";

  private WaveformExplanations() {}

  /** The spectrogram shown beside a waveform model's tensors; its frames are 10 ms apart. */
  static LogMelExtractor display(WaveformSpec spec) {
    int rate = spec.sampleRate();
    int window = (int) Math.round(0.025 * rate);
    int fft = Integer.highestOneBit(window - 1) << 1;
    return new LogMelExtractor(
        new LogMelSpec(
            rate,
            fft,
            window,
            (int) Math.round(0.01 * rate),
            DISPLAY_MELS,
            20,
            rate / 2.0,
            1e-6,
            Normalization.NONE));
  }

  /** Display frames per model chunk. */
  static double framesPerChunk(WaveformSpec spec, LogMelExtractor display) {
    return spec.chunkSamples() / (double) display.spec().hopSamples();
  }

  /** Every float tensor of the graph, with its shape for one second of audio: chunks first. */
  static List<LayerInfo> probe(ServedModel model, LogMelExtractor display) {
    VadModel vad = model.vad();
    WaveformSpec spec = vad.spec();
    InspectableGraph graph = model.graphs().get(0);
    Map<String, String> opTypes = new HashMap<>();
    for (OnnxGraph.Node node : graph.graph().nodes()) {
      node.outputs().forEach(o -> opTypes.put(o, node.opType()));
    }
    Map<String, FloatTensor> one =
        vad.open(graph::run).step(new float[spec.chunkSamples()], graph.readableTensors());
    long chunksPerSecond = Math.round(spec.sampleRate() / (double) spec.chunkSamples());
    List<LayerInfo> layers = new ArrayList<>();
    one.forEach(
        (tensor, value) -> {
          long[] shape = prepend(chunksPerSecond, value.shape());
          layers.add(
              new LayerInfo(
                  graph.role(),
                  tensor,
                  opTypes.getOrDefault(tensor, INPUT),
                  shape,
                  0,
                  framesPerChunk(spec, display),
                  null,
                  null,
                  null));
        });
    return List.copyOf(layers);
  }

  /** The tensors asked for, per chunk of {@code samples}, stacked on a first axis of chunks. */
  static Map<String, FloatTensor> run(ServedModel model, float[] samples, Set<String> tensors) {
    VadModel vad = model.vad();
    VadModel.Stream stream = vad.open(model.graphs().get(0)::run);
    int chunk = vad.spec().chunkSamples();
    int chunks = Math.max(1, (samples.length + chunk - 1) / chunk);
    Map<String, List<float[]>> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    for (int c = 0; c < chunks; c++) {
      Map<String, FloatTensor> out =
          stream.step(Arrays.copyOfRange(samples, c * chunk, c * chunk + chunk), tensors);
      for (String tensor : tensors) {
        values.computeIfAbsent(tensor, t -> new ArrayList<>()).add(out.get(tensor).values());
        shapes.putIfAbsent(tensor, out.get(tensor).shape());
      }
    }
    Map<String, FloatTensor> stacked = new LinkedHashMap<>();
    values.forEach(
        (tensor, perChunk) -> {
          int size = perChunk.get(0).length;
          float[] all = new float[size * perChunk.size()];
          for (int c = 0; c < perChunk.size(); c++) {
            System.arraycopy(perChunk.get(c), 0, all, c * size, size);
          }
          stacked.put(tensor, new FloatTensor(all, prepend(perChunk.size(), shapes.get(tensor))));
        });
    return stacked;
  }

  /** Where the detector's probabilities stay above its threshold, as a person reads it. */
  static String prediction(VadModel vad, float[] probabilities) {
    double chunkSeconds = vad.spec().chunkSeconds();
    List<String> spans = new ArrayList<>();
    int start = -1;
    for (int c = 0; c <= probabilities.length; c++) {
      boolean speech =
          c < probabilities.length
              && (start >= 0
                  ? probabilities[c] >= vad.thresholds().negativeThreshold()
                  : probabilities[c] >= vad.thresholds().threshold());
      if (speech && start < 0) {
        start = c;
      } else if (!speech && start >= 0) {
        spans.add(
            String.format(Locale.ROOT, "%.2f-%.2f s", start * chunkSeconds, c * chunkSeconds));
        start = -1;
      }
    }
    return spans.isEmpty() ? "no speech" : "speech at " + String.join(", ", spans);
  }

  /**
   * Occlusion over time: a window of {@code windowFrames} display frames slides along the clip in
   * steps of {@code strideFrames}; at each position its samples are silenced and the detector runs
   * again over the whole clip (its state carries what came before, so silence early can change what
   * it hears later); every frame the window covers is credited with the drop in the log of the mean
   * speech probability, averaged over the positions that cover it. The map has the same value in
   * every mel bin of a frame: the detector hears the waveform, not a spectrogram.
   */
  /**
   * @param probabilities the detector's probabilities on {@code samples}, the map's reference
   */
  static AttributionMap occlusion(
      VadModel vad,
      float[] samples,
      float[] probabilities,
      LogMelFeatures display,
      AttributionOptions options) {
    int frames = display.frames();
    int mels = display.melBins();
    int hop = (int) Math.round(display.secondsPerFrame() * vad.spec().sampleRate());
    int windowFrames = Math.min(options.windowFrames(), frames);
    int[] starts = Occlusion.starts(frames, windowFrames, options.strideFrames());
    double original = logMean(probabilities);
    double[] sum = new double[frames];
    int[] count = new int[frames];
    for (int t0 : starts) {
      float[] occluded = samples.clone();
      Arrays.fill(
          occluded,
          Math.min(samples.length, t0 * hop),
          Math.min(samples.length, (t0 + windowFrames) * hop),
          0);
      double drop = original - logMean(vad.probabilities(occluded));
      for (int t = t0; t < t0 + windowFrames; t++) {
        sum[t] += drop;
        count[t]++;
      }
    }
    float[] map = new float[frames * mels];
    for (int t = 0; t < frames; t++) {
      Arrays.fill(map, t * mels, (t + 1) * mels, (float) (sum[t] / count[t]));
    }
    return new AttributionMap(frames, mels, map);
  }

  static double mean(float[] probabilities) {
    double sum = 0;
    for (float v : probabilities) {
      sum += v;
    }
    return probabilities.length == 0 ? 0 : sum / probabilities.length;
  }

  private static double logMean(float[] probabilities) {
    return Math.log(Math.max(1e-9, mean(probabilities)));
  }

  private static long[] prepend(long first, long[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = first;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
