package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes that start like an MP3 or Ogg/Opus file either decode to finite mono samples at a
 * positive rate or are refused with one of the two audio exceptions the API maps to 415 and 422;
 * nothing else escapes the JLayer and Concentus decoders and no input hangs. In the normal build
 * this replays the inputs under {@code InProcessDecodersFuzzTestInputs/decodesOrRefuses} (the test
 * fixtures, truncated and damaged); {@code bench/fuzz.sh} fuzzes it for longer.
 */
class InProcessDecodersFuzzTest {
  private final AudioDecoder decoder =
      new AudioDecoder(new FfmpegDecoder("/nonexistent/ffmpeg", Duration.ofSeconds(5)));

  @FuzzTest(maxDuration = "3s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decodesOrRefuses(byte[] bytes) {
    if (!new Mp3Decoder().recognises(bytes) && !new OggOpusDecoder().recognises(bytes)) {
      return; // WAV and ffmpeg have fuzz tests of their own
    }
    try {
      PcmAudio audio = decoder.decode(bytes, 600, 8000);
      assertTrue(audio.sampleRate() > 0, "sample rate " + audio.sampleRate());
      for (float sample : audio.samples()) {
        assertTrue(Float.isFinite(sample), "a decoded sample is " + sample);
      }
    } catch (UnsupportedAudioException | UnusableAudioException refused) {
      assertTrue(
          refused.getMessage() != null && !refused.getMessage().isBlank(),
          "a refusal without a reason");
    }
  }
}
