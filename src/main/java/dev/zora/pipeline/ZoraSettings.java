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
      throw new IllegalArgumentException("maxDurationSeconds must be positive, got " + maxDurationSeconds);
    }
  }
}
