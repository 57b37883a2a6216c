package dev.zora.pipeline;

import dev.zora.segmentation.UtteranceSegmenter;

/**
 * How a live stream is cut and how often it is shown.
 *
 * @param segmentation the utterance rules; the hangover of its VAD is the pause after which a final
 *     result is sent (shorter than a file's, since someone is waiting for it)
 * @param partialIntervalSeconds stream time between two partial results of an utterance in progress
 */
public record LiveSettings(
    UtteranceSegmenter.Settings segmentation, double partialIntervalSeconds) {
  public LiveSettings {
    if (partialIntervalSeconds <= 0) {
      throw new IllegalArgumentException(
          "partialIntervalSeconds must be positive, got " + partialIntervalSeconds);
    }
  }

  /** The server's defaults: the file segmentation with a 0.5 s pause, a partial every 0.5 s. */
  public static final LiveSettings DEFAULTS =
      new LiveSettings(UtteranceSegmenter.Settings.DEFAULTS.withHangover(0.5), 0.5);
}
