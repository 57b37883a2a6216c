package dev.zora.testing;

import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.segmentation.VoiceActivityDetector;

/** Pipeline settings for tests that build a {@code Zora} without the server: the server's defaults. */
public final class TestSettings {
  private TestSettings() {}

  /** The defaults of zora.segmentation.* (ZoraConfig). */
  public static UtteranceSegmenter.Settings segmentation() {
    return new UtteranceSegmenter.Settings(new VoiceActivityDetector.Settings(5, -55, 0.05, 0.8), 0.5, 20);
  }
}
