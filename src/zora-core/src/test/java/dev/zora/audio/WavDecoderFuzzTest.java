package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes that start like a WAV file either decode to finite mono samples at a positive rate or
 * are refused with one of the two audio exceptions the API maps to 415 and 422; nothing else
 * escapes and no input hangs. In the normal build this replays the inputs under {@code
 * WavDecoderFuzzTestInputs/decodesOrRefuses}; {@code bench/fuzz.sh} fuzzes it for longer.
 */
class WavDecoderFuzzTest {
  private final WavDecoder wav = new WavDecoder();

  @FuzzTest(maxDuration = "3s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decodesOrRefuses(byte[] bytes) {
    if (!wav.looksLikeWav(bytes)) {
      return; // AudioDecoder hands these to ffmpeg: FfmpegDecoderFuzzTest's inputs
    }
    try {
      PcmAudio audio = wav.decode(bytes);
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
