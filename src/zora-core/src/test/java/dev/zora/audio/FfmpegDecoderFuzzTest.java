package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes that are not a PCM WAV file go to ffmpeg: they come back as finite samples at the asked
 * rate, no longer than the limit allows, or as one of the two audio exceptions, and a stuck ffmpeg
 * is killed by the decoder's own timeout. Each input runs an ffmpeg process, so the committed
 * inputs are few; skipped where ffmpeg is not installed.
 */
class FfmpegDecoderFuzzTest {
  private static final int RATE = 16_000;
  private static final double MAX_SECONDS = 3;
  private static final FfmpegDecoder FFMPEG = new FfmpegDecoder("ffmpeg", Duration.ofSeconds(5));

  private final AudioDecoder decoder = new AudioDecoder(FFMPEG);

  @FuzzTest(maxDuration = "3s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decodesOrRefuses(byte[] bytes) {
    assumeTrue(FFMPEG.isAvailable(), "ffmpeg is not installed");
    try {
      PcmAudio audio = decoder.decode(bytes, MAX_SECONDS, RATE);
      boolean inProcess =
          new WavDecoder().looksLikeWav(bytes)
              || new Mp3Decoder().recognises(bytes)
              || new OggOpusDecoder().recognises(bytes);
      if (inProcess && audio.sampleRate() != RATE) {
        return; // WAV, MP3 or Opus, decoded in-process at its own rate: their own fuzz tests'
        // inputs
      }
      assertEquals(RATE, audio.sampleRate());
      assertTrue(audio.durationSeconds() <= MAX_SECONDS + 1.1, audio.durationSeconds() + " s");
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
