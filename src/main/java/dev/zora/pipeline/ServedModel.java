package dev.zora.pipeline;

import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelSpec;
import dev.zora.inference.InspectableGraph;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import java.util.Arrays;
import java.util.List;

/**
 * A loaded bundle: its manifest, its front end, its task's transcriber, and its graphs opened for
 * inspection (in the order of the task's files: {@code model}, or {@code encoder} then
 * {@code decoder}).
 */
public final class ServedModel implements AutoCloseable {
  private static final double EDGE_CONTEXT_SECONDS = 0.25;
  private final ModelManifest manifest;
  private final LogMelExtractor frontEnd;
  private final Transcriber transcriber;
  private final List<InspectableGraph> graphs;

  ServedModel(ModelManifest manifest, LogMelExtractor frontEnd, Transcriber transcriber,
      List<InspectableGraph> graphs) {
    this.manifest = manifest;
    this.frontEnd = frontEnd;
    this.transcriber = transcriber;
    this.graphs = List.copyOf(graphs);
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public LogMelExtractor frontEnd() {
    return frontEnd;
  }

  /** The fewest samples (at the model's rate) that give the graph its {@code minFrames}; 0 if any. */
  public int minSamples() {
    Integer minFrames = manifest.minFrames();
    LogMelSpec spec = frontEnd.spec();
    return minFrames == null ? 0 : spec.windowSamples() + (minFrames - 1) * spec.hopSamples();
  }

  /**
   * The least audio a sequence model must see around an utterance's speech, in samples at its rate:
   * the connected models were trained on strings with 0-0.5 s of silence on each side, and a
   * tightly cut clip with none lost a quarter of its digits (71.7% against 98.3% padded with
   * 0.25 s). Classifiers, trained on clips as FSDD cuts them, get none.
   */
  public int edgeContextSamples() {
    return manifest.task() == Task.CLASSIFICATION ? 0
        : (int) Math.round(EDGE_CONTEXT_SECONDS * frontEnd.spec().sampleRate());
  }

  /** The samples, zero-padded at the end to {@link #minSamples()} as the recipe pads short clips. */
  public float[] paddedToMinimum(float[] samples) {
    return samples.length < minSamples() ? Arrays.copyOf(samples, minSamples()) : samples;
  }

  public Transcriber transcriber() {
    return transcriber;
  }

  public List<InspectableGraph> graphs() {
    return graphs;
  }

  /** The graph that plays {@code role} in the bundle ({@code model}, {@code encoder}, {@code decoder}). */
  public InspectableGraph graph(String role) {
    return graphs.stream().filter(g -> g.role().equals(role)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(manifest.id() + " has no graph " + role
            + "; it has " + graphs.stream().map(InspectableGraph::role).toList()));
  }

  @Override
  public void close() {
    try {
      graphs.forEach(InspectableGraph::close);
    } finally {
      transcriber.close();
    }
  }
}
