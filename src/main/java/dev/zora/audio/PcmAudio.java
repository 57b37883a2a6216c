package dev.zora.audio;

import java.util.Arrays;

/**
 * Mono audio as float samples in [-1, 1] at a known rate. Immutable: the samples are copied in and
 * out, so a caller can never change audio another stage holds.
 */
public final class PcmAudio {
  private final float[] samples;
  private final int sampleRate;

  public PcmAudio(float[] samples, int sampleRate) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
    }
    this.samples = samples.clone();
    this.sampleRate = sampleRate;
  }

  public float[] samples() {
    return samples.clone();
  }

  public int sampleCount() {
    return samples.length;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PcmAudio other
        && sampleRate == other.sampleRate
        && Arrays.equals(samples, other.samples);
  }

  @Override
  public int hashCode() {
    return 31 * sampleRate + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "PcmAudio[" + samples.length + " samples at " + sampleRate + " Hz]";
  }
}
