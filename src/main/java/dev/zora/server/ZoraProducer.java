package dev.zora.server;

import dev.zora.inference.InferenceOptions;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Builds the framework-free pipeline from the {@code zora.*} configuration. */
@ApplicationScoped
public class ZoraProducer {

  /** Eager, so models load and warm up at start-up rather than on the first request. */
  @Produces
  @Singleton
  @Startup
  Zora zora(ZoraConfig config) {
    ZoraConfig.Inference inference = config.inference();
    return Zora.open(new ZoraSettings(
        Path.of(config.models().dir()),
        config.models().defaultModel(),
        new InferenceOptions(
            inference.device(),
            inference.intraOpThreads(),
            inference.interOpThreads(),
            inference.maxConcurrentRuns(),
            inference.maxQueuedRuns(),
            inference.queueTimeout()),
        config.audio().ffmpegPath(),
        config.audio().ffmpegTimeout(),
        config.limits().maxDurationSeconds()));
  }

  void close(@Disposes Zora zora) {
    zora.close();
  }
}
