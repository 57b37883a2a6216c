package dev.zora.pipeline;

import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelSpec;
import dev.zora.inference.OnnxModel;
import dev.zora.model.ModelManifest;
import java.util.List;
import java.util.Optional;

/**
 * A loaded bundle: its manifest, its front end and, when Zora can decode its task, its
 * transcriber. Sessions of a task without a transcriber are held open anyway, so loading proves
 * the graph is usable.
 */
public final class ServedModel implements AutoCloseable {
  private final ModelManifest manifest;
  private final LogMelExtractor frontEnd;
  private final Transcriber transcriber;
  private final List<OnnxModel> sessionsWithoutTranscriber;

  ServedModel(ModelManifest manifest, LogMelExtractor frontEnd, Transcriber transcriber) {
    this.manifest = manifest;
    this.frontEnd = frontEnd;
    this.transcriber = transcriber;
    this.sessionsWithoutTranscriber = List.of();
  }

  ServedModel(ModelManifest manifest, LogMelExtractor frontEnd, List<OnnxModel> sessions) {
    this.manifest = manifest;
    this.frontEnd = frontEnd;
    this.transcriber = null;
    this.sessionsWithoutTranscriber = List.copyOf(sessions);
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

  public Optional<Transcriber> transcriber() {
    return Optional.ofNullable(transcriber);
  }

  @Override
  public void close() {
    if (transcriber != null) {
      transcriber.close();
    }
    sessionsWithoutTranscriber.forEach(OnnxModel::close);
  }
}
