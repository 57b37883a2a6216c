package dev.zora.pipeline;

import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelSpec;
import dev.zora.model.ModelManifest;

/** A loaded bundle: its manifest, its front end and its task's transcriber. */
public final class ServedModel implements AutoCloseable {
  private final ModelManifest manifest;
  private final LogMelExtractor frontEnd;
  private final Transcriber transcriber;

  ServedModel(ModelManifest manifest, LogMelExtractor frontEnd, Transcriber transcriber) {
    this.manifest = manifest;
    this.frontEnd = frontEnd;
    this.transcriber = transcriber;
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

  public Transcriber transcriber() {
    return transcriber;
  }

  @Override
  public void close() {
    transcriber.close();
  }
}
