package dev.zora.testing;

import dev.zora.pipeline.SpeechDetection;
import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.segmentation.VoiceActivityDetector;

/** Pipeline settings for tests that build a {@code Zora} without the server: the server's defaults. */
public final class TestSettings {
  /** The default of zora.segmentation.vad. */
  public static final SpeechDetection VAD = SpeechDetection.SILERO;

  private TestSettings() {}

  /** The defaults of zora.segmentation.* (ZoraConfig). */
  public static UtteranceSegmenter.Settings segmentation() {
    return new UtteranceSegmenter.Settings(new VoiceActivityDetector.Settings(5, -55, 0.05, 0.8), 0.5, 20);
  }
}
