package dev.zora.bench;

import dev.zora.audio.AudioResampler;
import dev.zora.audio.PcmAudio;
import dev.zora.audio.StreamingResampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Resampling one second of audio from a common device rate to the models' 8 kHz: {@link #whole} is
 * what an upload at that rate costs ({@link AudioResampler}); {@link #streamed} feeds the same
 * second to a {@link StreamingResampler} in 20 ms pieces, as a WebSocket stream delivers it, which
 * shows the overhead of many small calls. {@link #construct} is the part of both that comes before
 * the first sample: a new resampler looks up its rate pair's shared filter design (designed once
 * per process; TarsosDSP's resampler, used before, designed its table for every upload and stream,
 * ~3-22 ms).
 *
 * <p>The source second is the benchmarks' 8 kHz speech brought up to the source rate in setup: real
 * speech below 4 kHz and nothing above. The resampler's arithmetic does not depend on the sample
 * values, so this costs what full-band audio would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ResamplingBenchmark {
  /** 20 ms pieces; every rate below is a whole number of samples per piece. */
  private static final int PIECES_PER_SECOND = 50;

  @Param({"16000", "44100", "48000"})
  public int fromRate;

  private final AudioResampler resampler = new AudioResampler();
  private PcmAudio second;
  private float[][] pieces;

  @Setup
  public void setUp() {
    second =
        resampler.resample(new PcmAudio(BenchmarkAudio.seconds(1), BenchmarkAudio.RATE), fromRate);
    float[] samples = second.samples();
    int piece = fromRate / PIECES_PER_SECOND;
    pieces = new float[PIECES_PER_SECOND][piece];
    for (int i = 0; i < PIECES_PER_SECOND; i++) {
      System.arraycopy(samples, i * piece, pieces[i], 0, piece);
    }
  }

  @Benchmark
  public StreamingResampler construct() {
    return new StreamingResampler(fromRate, BenchmarkAudio.RATE);
  }

  @Benchmark
  public PcmAudio whole() {
    return resampler.resample(second, BenchmarkAudio.RATE);
  }

  @Benchmark
  public void streamed(Blackhole out) {
    StreamingResampler stream = new StreamingResampler(fromRate, BenchmarkAudio.RATE);
    for (float[] piece : pieces) {
      out.consume(stream.process(piece));
    }
    out.consume(stream.finish());
  }
}
