package dev.zora.server;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.explain.Explainer;
import dev.zora.inference.Batching;
import dev.zora.inference.InferenceOptions;
import dev.zora.pipeline.LiveSettings;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.segmentation.VoiceActivityDetector;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Builds the framework-free pipeline from the {@code zora.*} configuration. */
@ApplicationScoped
public class ZoraProducer {
  private static final Logger LOG = Logger.getLogger(ZoraProducer.class);

  /** Eager, so models load and warm up at start-up rather than on the first request. */
  @Produces
  @Singleton
  @Startup
  Zora zora(ZoraConfig config) {
    ZoraConfig.Inference inference = config.inference();
    Zora zora =
        Zora.open(
            ZoraSettings.builder(Path.of(config.models().dir()))
                .defaultModel(config.models().defaultModel())
                .inference(
                    InferenceOptions.builder()
                        .device(inference.device())
                        .threads(inference.intraOpThreads(), inference.interOpThreads())
                        .maxConcurrentRuns(inference.maxConcurrentRuns())
                        .queue(inference.maxQueuedRuns(), inference.queueTimeout())
                        .batching(
                            new Batching(
                                inference.batching().maxSize(), inference.batching().window()))
                        .build())
                .ffmpeg(config.audio().ffmpegPath(), config.audio().ffmpegTimeout())
                .maxDurationSeconds(config.limits().maxDurationSeconds())
                .beamSearch(
                    new BeamSearchOptions(
                        config.decode().beamWidth(),
                        config.decode().maxTokens(),
                        config.decode().maxTokensPerSecond(),
                        config.decode().lengthNormalization()))
                .segmentation(segmentation(config.segmentation()))
                .vad(config.segmentation().vad())
                .build());
    if (zora.canDecodeCompressedFormats()) {
      LOG.infof(
          "ffmpeg found (%s): FLAC, Ogg/Vorbis, WebM, M4A accepted besides WAV, MP3 and Ogg/Opus",
          config.audio().ffmpegPath());
    } else {
      LOG.warnf(
          "ffmpeg not found (%s): only WAV, MP3 and Ogg/Opus are accepted; other formats get 415",
          config.audio().ffmpegPath());
    }
    LOG.infof(
        "Ogg/Opus decoded by %s",
        zora.decodesOpusWithLibopus()
            ? "the system's libopus"
            : "Concentus (pure Java; install libopus0 for the faster system decoder)");
    LOG.infof("inference on %s", zora.runtime().device());
    return zora;
  }

  /**
   * Live streams are cut by the file rules, with the shorter pause of
   * zora.stream.min-pause-seconds; across a pause shorter than a file's the utterance before is the
   * next one's context.
   */
  @Produces
  @Singleton
  LiveSettings liveSettings(ZoraConfig config) {
    return new LiveSettings(
        segmentation(config.segmentation()).withHangover(config.stream().minPauseSeconds()),
        config.stream().partialIntervalSeconds(),
        config.segmentation().minPauseSeconds());
  }

  private static UtteranceSegmenter.Settings segmentation(ZoraConfig.Segmentation config) {
    return new UtteranceSegmenter.Settings(
        new VoiceActivityDetector.Settings(
            config.thresholdDb(),
            config.minLevelDb(),
            config.onsetSeconds(),
            config.minPauseSeconds()),
        config.paddingSeconds(),
        config.maxUtteranceSeconds());
  }

  @Produces
  @Singleton
  Explainer explainer(Zora zora, ZoraConfig config) {
    return new Explainer(zora, config.explain().maxDurationSeconds());
  }

  void close(@Disposes Explainer explainer) {
    explainer.close();
  }

  void close(@Disposes Zora zora) {
    zora.close();
  }
}
