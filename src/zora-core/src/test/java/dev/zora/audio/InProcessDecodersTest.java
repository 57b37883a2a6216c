package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MP3 and Ogg/Opus decode in-process, with no ffmpeg (the decoder here is given a missing one): the
 * fixtures are FSDD's "four" by nicolas (0.29 s at 8 kHz), encoded by ffmpeg as a 16 kHz stereo MP3
 * and as mono and stereo 48 kHz Opus. Each must give that clip back: its length, and its waveform
 * (after resampling to 8 kHz) correlated with the original.
 */
class InProcessDecodersTest {
  private final AudioDecoder decoder =
      new AudioDecoder(new FfmpegDecoder("/nonexistent/ffmpeg", Duration.ofSeconds(5)));

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = InProcessDecodersTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static PcmAudio original() throws IOException {
    return new WavDecoder()
        .decode(Files.readAllBytes(Path.of("models/digits-cnn/golden/fsdd-four-nicolas.wav")));
  }

  @ParameterizedTest(name = "{0} at {1} Hz")
  @CsvSource({
    "four-stereo-16k.mp3, 16000, 8000",
    "four-48k.opus, 8000, 8000",
    "four-stereo.opus, 8000, 8000",
    "four-48k.opus, 12000, 11025",
    "four-stereo.opus, 48000, 44100"
  })
  void decodesToTheOriginalClip(String name, int rate, int asked) throws IOException {
    PcmAudio audio = decoder.decode(fixture(name), 600, asked);
    boolean concentus = name.endsWith(".opus") && !OpusPacketDecoder.usesLibopus();
    assertEquals(concentus ? 48000 : rate, audio.sampleRate());
    assertMatchesTheOriginal(audio);
  }

  /**
   * Concentus, the decoder where libopus is not installed, at its one rate (48 kHz): CI's machines
   * have libopus (ffmpeg brings it), so the fallback is tested here on its own.
   */
  @ParameterizedTest
  @ValueSource(strings = {"four-48k.opus", "four-stereo.opus"})
  void concentusDecodesToTheOriginalClip(String name) throws IOException {
    PcmCollector collector = new PcmCollector();
    new OggOpusDecoder((channels, wantedRate) -> new OpusPacketDecoder.Concentus(channels))
        .decode(fixture(name), 600, 8000, collector);
    PcmAudio audio = collector.audio();
    assertEquals(48000, audio.sampleRate());
    assertMatchesTheOriginal(audio);
  }

  private static void assertMatchesTheOriginal(PcmAudio audio) throws IOException {
    PcmAudio reference = original();
    // Gapless: the MP3's encoder delay and padding and Opus' pre-skip are cut, to the sample.
    assertEquals(
        reference.durationSeconds(), audio.durationSeconds(), 0.5 / reference.sampleRate());
    float[] at8k = new AudioResampler().resample(audio, 8000).samples();
    assertTrue(
        bestCorrelation(reference.samples(), at8k) > 0.9,
        "the decoded clip does not match the original");
  }

  @ParameterizedTest
  @ValueSource(strings = {"four-stereo-16k.mp3", "four-48k.opus"})
  void aTruncatedFileDecodesWhatIsThereOrIsRefusedAsUnusable(String name) throws IOException {
    byte[] whole = fixture(name);
    for (int cut : new int[] {60, whole.length / 3, whole.length / 2, whole.length - 7}) {
      byte[] truncated = Arrays.copyOf(whole, cut);
      try {
        PcmAudio audio = decoder.decode(truncated, 600, 8000);
        assertTrue(audio.sampleCount() > 0);
      } catch (UnusableAudioException refused) {
        assertTrue(!refused.getMessage().isBlank());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"four-stereo-16k.mp3", "four-48k.opus"})
  void stopsJustPastTheLongestAcceptedDuration(String name) throws IOException {
    PcmCollector collector = new PcmCollector();
    decoder.decode(fixture(name), 0.0, 8000, collector);
    PcmAudio audio = collector.audio();
    assertTrue(
        audio.durationSeconds() <= 1.2, audio.durationSeconds() + " s decoded for a 0 s limit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"four-stereo-16k.mp3", "four-48k.opus"})
  void garbageAfterTheHeaderIsRefusedAsUnusable(String name) throws IOException {
    byte[] bytes = fixture(name);
    byte[] damaged = Arrays.copyOf(bytes, bytes.length);
    java.util.Random random = new java.util.Random(3);
    for (int i = 60; i < damaged.length; i++) {
      damaged[i] = (byte) random.nextInt();
    }
    try {
      decoder.decode(damaged, 600, 8000);
    } catch (UnusableAudioException refused) {
      assertTrue(!refused.getMessage().isBlank());
    }
  }

  /** The largest normalised cross-correlation over shifts of up to 0.15 s (the codecs' delays). */
  private static double bestCorrelation(float[] a, float[] b) {
    double best = 0;
    for (int shift = -1200; shift <= 1200; shift++) {
      double ab = 0;
      double aa = 0;
      double bb = 0;
      for (int i = 0; i < a.length; i++) {
        int j = i + shift;
        if (j >= 0 && j < b.length) {
          ab += a[i] * b[j];
          aa += a[i] * a[i];
          bb += b[j] * b[j];
        }
      }
      if (aa > 0 && bb > 0) {
        best = Math.max(best, ab / Math.sqrt(aa * bb));
      }
    }
    return best;
  }
}
