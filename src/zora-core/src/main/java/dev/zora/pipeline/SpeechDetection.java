package dev.zora.pipeline;

import dev.zora.naming.ExternalNames;

/** Which detector finds the speech that recordings and streams are cut into utterances at. */
public enum SpeechDetection {
  /**
   * The energy VAD that follows the noise floor: cheap, but any sound louder than the floor is
   * "speech".
   */
  ENERGY("energy"),
  /**
   * Silero VAD (the {@code silero-vad} bundle): tells speech from noise, music and other sounds.
   */
  SILERO("silero");

  /** The bundle the {@code silero} detector runs. */
  public static final String SILERO_MODEL = "silero-vad";

  private final String wireName;

  SpeechDetection(String wireName) {
    this.wireName = wireName;
  }

  /** The name in requests, stream start messages and configuration. */
  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException naming the detectors there are
   */
  public static SpeechDetection fromWireName(String name) {
    return ExternalNames.lookup(
        values(), SpeechDetection::wireName, name, "vad", IllegalArgumentException::new);
  }
}
