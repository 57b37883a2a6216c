package dev.zora.task;

import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelSpec;
import dev.zora.inference.InspectableGraph;
import dev.zora.model.ModelManifest;
import dev.zora.model.WrongTaskException;
import dev.zora.vad.VadModel;
import java.util.Arrays;
import java.util.List;

/**
 * A loaded bundle: its manifest, its graphs opened for inspection (in the order of the task's
 * files: {@code model}, or {@code encoder} then {@code decoder}), and what its task does with them:
 * a log-mel front end and a transcriber, or (task {@code vad}) a speech detector on raw samples.
 */
public final class ServedModel implements AutoCloseable {
  private final ModelManifest manifest;
  private final TranscribingTask task;
  private final LogMelExtractor frontEnd;
  private final Transcriber transcriber;
  private final VadModel vad;
  private final List<InspectableGraph> graphs;

  private ServedModel(
      ModelManifest manifest,
      TranscribingTask task,
      LogMelExtractor frontEnd,
      Transcriber transcriber,
      VadModel vad,
      List<InspectableGraph> graphs) {
    this.manifest = manifest;
    this.task = task;
    this.frontEnd = frontEnd;
    this.transcriber = transcriber;
    this.vad = vad;
    this.graphs = List.copyOf(graphs);
  }

  /** A model that transcribes (classification, ctc, seq2seq). */
  static ServedModel transcribing(
      ModelManifest manifest,
      TranscribingTask task,
      LogMelExtractor frontEnd,
      Transcriber transcriber,
      List<InspectableGraph> graphs) {
    return new ServedModel(manifest, task, frontEnd, transcriber, null, graphs);
  }

  /** A speech detector (vad). */
  static ServedModel detecting(
      ModelManifest manifest, VadModel vad, List<InspectableGraph> graphs) {
    return new ServedModel(manifest, null, null, null, vad, graphs);
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The rate the model's input is at, in Hz. */
  public int sampleRate() {
    return manifest.sampleRate();
  }

  /**
   * The log-mel front end of a transcribing model.
   *
   * @throws WrongTaskException for a speech detector, which takes raw samples
   */
  public LogMelExtractor frontEnd() {
    if (frontEnd == null) {
      throw notATranscriber();
    }
    return frontEnd;
  }

  /**
   * The speech detector of a {@code vad} model.
   *
   * @throws WrongTaskException for a model that transcribes
   */
  public VadModel vad() {
    if (vad == null) {
      throw new WrongTaskException(
          manifest.id()
              + " is a "
              + manifest.task().manifestName()
              + " model, not a speech detector; pick a model whose task is vad");
    }
    return vad;
  }

  private WrongTaskException notATranscriber() {
    return new WrongTaskException(
        manifest.id()
            + " is a speech detector (task vad): it finds speech but does not"
            + " transcribe; pick a transcribing model, and use it as the speech detector with vad=silero");
  }

  /**
   * The fewest samples (at the model's rate) that give the graph its {@code minFrames}; 0 if any.
   */
  public int minSamples() {
    Integer minFrames = manifest.minFrames();
    if (minFrames == null) {
      return 0;
    }
    LogMelSpec spec = frontEnd().spec();
    return spec.windowSamples() + (minFrames - 1) * spec.hopSamples();
  }

  /**
   * The least audio the model must see around an utterance's speech, in samples at its rate (see
   * {@link TranscribingTask#edgeContextSamples}).
   */
  public int edgeContextSamples() {
    return transcribingTask().edgeContextSamples(sampleRate());
  }

  /**
   * The samples, zero-padded at the end to {@link #minSamples()} as the recipe pads short clips.
   */
  public float[] paddedToMinimum(float[] samples) {
    return samples.length < minSamples() ? Arrays.copyOf(samples, minSamples()) : samples;
  }

  /**
   * The task of a transcribing model: its explain targets and graph feeds.
   *
   * @throws WrongTaskException for a speech detector
   */
  public TranscribingTask transcribingTask() {
    if (task == null) {
      throw notATranscriber();
    }
    return task;
  }

  /**
   * @throws WrongTaskException for a speech detector
   */
  public Transcriber transcriber() {
    if (transcriber == null) {
      throw notATranscriber();
    }
    return transcriber;
  }

  public List<InspectableGraph> graphs() {
    return graphs;
  }

  /**
   * The graph that plays {@code role} in the bundle ({@code model}, {@code encoder}, {@code
   * decoder}).
   */
  public InspectableGraph graph(String role) {
    return graphs.stream()
        .filter(g -> g.role().equals(role))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    manifest.id()
                        + " has no graph "
                        + role
                        + "; it has "
                        + graphs.stream().map(InspectableGraph::role).toList()));
  }

  @Override
  public void close() {
    try {
      graphs.forEach(InspectableGraph::close);
    } finally {
      if (transcriber != null) {
        transcriber.close();
      } else {
        vad.close();
      }
    }
  }
}
