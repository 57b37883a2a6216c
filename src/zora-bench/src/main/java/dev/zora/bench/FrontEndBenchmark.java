package dev.zora.bench;

import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.model.InvalidBundleException;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
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

/**
 * The log-mel front end, {@link LogMelExtractor#extract}, with digits-cnn's spec (8 kHz, 256-point
 * FFT, 25 ms window, 10 ms hop, 40 mels) on 1 s and 10 s of speech: every request and every
 * streamed utterance pays it before any model runs. Two lengths show whether the cost is linear in
 * the audio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FrontEndBenchmark {
  @Param({"1", "10"})
  public int seconds;

  private LogMelExtractor extractor;
  private float[] samples;

  @Setup
  public void setUp() throws InvalidBundleException {
    extractor =
        new LogMelExtractor(ModelTask.manifestReader().read(Golden.DIGITS_CNN).logMelSpec());
    samples = BenchmarkAudio.seconds(seconds);
  }

  @Benchmark
  public LogMelFeatures extract() {
    return extractor.extract(samples);
  }
}
