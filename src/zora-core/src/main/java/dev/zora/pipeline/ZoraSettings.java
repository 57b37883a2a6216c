package dev.zora.pipeline;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.inference.InferenceOptions;
import dev.zora.segmentation.UtteranceSegmenter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the pipeline needs to start, with no framework attached.
 *
 * @param modelsDir the folder whose sub-folders are model bundles
 * @param defaultModel the id used when a request names no model; readiness depends on it
 * @param ffmpegExecutable the ffmpeg command for non-WAV audio (a name on PATH or a path)
 * @param ffmpegTimeout the longest one ffmpeg decode may take
 * @param maxDurationSeconds longer audio is refused
 * @param beamSearch how sequence-to-sequence and CTC models search for their transcript
 * @param segmentation how recordings are cut into utterances at their pauses
 * @param vad the speech detector requests and streams use when they name none
 */
public record ZoraSettings(
    Path modelsDir,
    String defaultModel,
    InferenceOptions inference,
    String ffmpegExecutable,
    Duration ffmpegTimeout,
    double maxDurationSeconds,
    BeamSearchOptions beamSearch,
    UtteranceSegmenter.Settings segmentation,
    SpeechDetection vad) {

  public ZoraSettings {
    if (maxDurationSeconds <= 0) {
      throw new IllegalArgumentException(
          "maxDurationSeconds must be positive, got " + maxDurationSeconds);
    }
  }

  /**
   * Settings for the bundles in {@code modelsDir}, every other field at the server's default:
   * default model {@code digits-transformer}, {@link InferenceOptions#DEFAULTS}, {@code ffmpeg}
   * from PATH with 60 s per decode, audio up to 600 s, {@link BeamSearchOptions#DEFAULTS}, {@link
   * UtteranceSegmenter.Settings#DEFAULTS} and the Silero speech detector.
   */
  public static Builder builder(Path modelsDir) {
    return new Builder(modelsDir);
  }

  /** Settings built field by field, each starting at its default. */
  public static final class Builder {
    private final Path modelsDir;
    private String defaultModel = "digits-transformer";
    private InferenceOptions inference = InferenceOptions.DEFAULTS;
    private String ffmpegExecutable = "ffmpeg";
    private Duration ffmpegTimeout = Duration.ofSeconds(60);
    private double maxDurationSeconds = 600;
    private BeamSearchOptions beamSearch = BeamSearchOptions.DEFAULTS;
    private UtteranceSegmenter.Settings segmentation = UtteranceSegmenter.Settings.DEFAULTS;
    private SpeechDetection vad = SpeechDetection.SILERO;

    private Builder(Path modelsDir) {
      this.modelsDir = modelsDir;
    }

    public Builder defaultModel(String id) {
      this.defaultModel = id;
      return this;
    }

    public Builder inference(InferenceOptions options) {
      this.inference = options;
      return this;
    }

    /**
     * The ffmpeg command for formats decoded outside the JVM, and the longest one decode may take.
     */
    public Builder ffmpeg(String executable, Duration timeout) {
      this.ffmpegExecutable = executable;
      this.ffmpegTimeout = timeout;
      return this;
    }

    public Builder maxDurationSeconds(double seconds) {
      this.maxDurationSeconds = seconds;
      return this;
    }

    public Builder beamSearch(BeamSearchOptions options) {
      this.beamSearch = options;
      return this;
    }

    public Builder segmentation(UtteranceSegmenter.Settings settings) {
      this.segmentation = settings;
      return this;
    }

    /** The speech detector used when a call names none. */
    public Builder vad(SpeechDetection vad) {
      this.vad = vad;
      return this;
    }

    public ZoraSettings build() {
      return new ZoraSettings(
          modelsDir,
          defaultModel,
          inference,
          ffmpegExecutable,
          ffmpegTimeout,
          maxDurationSeconds,
          beamSearch,
          segmentation,
          vad);
    }
  }
}
