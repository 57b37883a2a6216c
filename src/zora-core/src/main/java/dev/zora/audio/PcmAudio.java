package dev.zora.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

  /** A 16-bit PCM mono WAV file of this audio; samples outside [-1, 1] are clipped. */
  public byte[] toWav() {
    int dataBytes = samples.length * 2;
    ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(36 + dataBytes)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(sampleRate)
        .putInt(sampleRate * 2)
        .putShort((short) 2)
        .putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII))
        .putInt(dataBytes);
    for (float sample : samples) {
      wav.putShort((short) Math.round(Math.max(-1.0, Math.min(1.0, sample)) * 32767.0));
    }
    return wav.array();
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
