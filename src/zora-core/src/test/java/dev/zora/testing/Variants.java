package dev.zora.testing;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.WavWriter.Encoding;
import java.util.ArrayList;
import java.util.List;

/** WAV renderings of one clip in every form a user may upload. */
public final class Variants {
  public record Variant(String name, byte[] wav) {}

  private Variants() {}

  public static List<Variant> of(byte[] wav8k16bit) {
    PcmAudio clip = new WavDecoder().decode(wav8k16bit);
    float[] x = clip.samples();
    int rate = clip.sampleRate();
    List<Variant> variants = new ArrayList<>();
    // 8-bit audio keeps 256 levels: a quiet clip (FSDD peaks can be at 0.05) would keep three bits,
    // so the 8-bit file is written at a normal level. The level itself does not matter to the
    // model:
    // per-utterance mean removal of the log-mel cancels any gain.
    variants.add(
        new Variant(
            "PCM_U8 mono " + rate + " Hz, peak 0.9",
            WavWriter.write(rate, Encoding.PCM_U8, false, scaled(x, 0.9f / peak(x)))));
    for (Encoding encoding :
        List.of(Encoding.PCM_16, Encoding.PCM_24, Encoding.PCM_32, Encoding.FLOAT_32)) {
      variants.add(
          new Variant(
              encoding + " mono " + rate + " Hz", WavWriter.write(rate, encoding, false, x)));
    }
    variants.add(new Variant("PCM_24 extensible", WavWriter.write(rate, Encoding.PCM_24, true, x)));
    variants.add(
        new Variant(
            "PCM_16 stereo", WavWriter.write(rate, Encoding.PCM_16, false, x, scaled(x, 0.5f))));
    for (int target : new int[] {11025, 16000, 22050, 44100, 48000}) {
      variants.add(
          new Variant(
              "PCM_16 mono " + target + " Hz",
              WavWriter.write(target, Encoding.PCM_16, false, upsampleLinear(x, rate, target))));
    }
    variants.add(
        new Variant(
            "FLOAT_32 stereo 44100 Hz",
            WavWriter.write(
                44100,
                Encoding.FLOAT_32,
                false,
                upsampleLinear(x, rate, 44100),
                upsampleLinear(scaled(x, 0.7f), rate, 44100))));
    return variants;
  }

  private static float peak(float[] x) {
    float peak = 1e-6f;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }

  private static float[] scaled(float[] x, float gain) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * gain;
    }
    return y;
  }

  /**
   * Linear interpolation: deliberately not the server's resampler, so the test does not check the
   * resampler against itself. Its images above the old Nyquist frequency are what a real upsampled
   * file may carry too; the server's anti-alias filter must remove them.
   */
  public static float[] upsampleLinear(float[] x, int from, int to) {
    int n = (int) Math.round(x.length * (double) to / from);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i * (double) from / to;
      int j = (int) t;
      double frac = t - j;
      float a = x[Math.min(j, x.length - 1)];
      float b = x[Math.min(j + 1, x.length - 1)];
      y[i] = (float) (a + (b - a) * frac);
    }
    return y;
  }
}
