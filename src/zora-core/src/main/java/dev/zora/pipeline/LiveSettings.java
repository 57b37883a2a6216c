package dev.zora.pipeline;

import dev.zora.segmentation.UtteranceSegmenter;

/**
 * How a live stream is cut and how often it is shown.
 *
 * @param segmentation the utterance rules; the hangover of its VAD is the pause after which a final
 *     result is sent (shorter than a file's, since someone is waiting for it)
 * @param partialIntervalSeconds stream time between two partial results of an utterance in progress
 * @param contextPauseSeconds an utterance that starts less than this after the one before is
 *     decoded with it as context and keeps its own words (a file's pause, which keeps both in one
 *     utterance; 0 for never): so the stream hears the words a file of the same audio hears
 */
public record LiveSettings(
    UtteranceSegmenter.Settings segmentation,
    double partialIntervalSeconds,
    double contextPauseSeconds) {
  public LiveSettings {
    if (partialIntervalSeconds <= 0) {
      throw new IllegalArgumentException(
          "partialIntervalSeconds must be positive, got " + partialIntervalSeconds);
    }
    if (contextPauseSeconds < 0) {
      throw new IllegalArgumentException(
          "contextPauseSeconds must be >= 0, got " + contextPauseSeconds);
    }
  }

  /**
   * The server's defaults: the file segmentation with a 0.5 s pause, a partial every 0.5 s, the
   * utterance before as context across pauses shorter than a file's.
   */
  public static final LiveSettings DEFAULTS =
      new LiveSettings(
          UtteranceSegmenter.Settings.DEFAULTS.withHangover(0.5),
          0.5,
          UtteranceSegmenter.Settings.DEFAULTS.vad().hangoverSeconds());
}
