package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioResamplerTest {
  private final AudioResampler resampler = new AudioResampler();

  private static PcmAudio tone(double hz, int rate, double seconds) {
    float[] x = new float[(int) Math.round(rate * seconds)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return new PcmAudio(x, rate);
  }

  /** Zero crossings per second / 2 = frequency of a pure tone. */
  private static double frequency(PcmAudio audio) {
    float[] x = audio.samples();
    int crossings = 0;
    // Skip the filter's edges, where the signal ramps.
    int from = x.length / 10;
    int to = x.length - x.length / 10;
    for (int i = from + 1; i < to; i++) {
      if ((x[i - 1] < 0) != (x[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / ((to - from) / (double) audio.sampleRate());
  }

  private static double rms(PcmAudio audio) {
    float[] x = audio.samples();
    double sum = 0;
    for (int i = x.length / 10; i < x.length - x.length / 10; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / (x.length - 2 * (x.length / 10)));
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({
    "48000, 8000",
    "44100, 8000",
    "22050, 8000",
    "16000, 8000",
    "8000, 16000",
    "11025, 8000"
  })
  void keepsDurationPitchAndLevel(int from, int to) {
    PcmAudio in = tone(440, from, 1.0);
    PcmAudio out = resampler.resample(in, to);
    assertEquals(to, out.sampleRate());
    assertEquals(Math.round(in.sampleCount() * (double) to / from), out.sampleCount());
    assertEquals(440, frequency(out), 5);
    assertEquals(rms(in), rms(out), 0.02);
  }

  @Test
  void removesWhatTheNewRateCannotHold() {
    // 6 kHz is above the 4 kHz Nyquist frequency of 8 kHz audio: it must be filtered out, not
    // aliased.
    PcmAudio out = resampler.resample(tone(6000, 48000, 1.0), 8000);
    assertEquals(0, rms(out), 0.02);
  }

  @Test
  void returnsAudioAlreadyAtTheRateUnchanged() {
    PcmAudio in = tone(440, 8000, 0.1);
    assertSame(in, resampler.resample(in, 8000));
  }
}
