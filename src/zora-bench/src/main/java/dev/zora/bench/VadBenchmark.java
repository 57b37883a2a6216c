package dev.zora.bench;

import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.InferenceOptions;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import dev.zora.vad.VadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Silero VAD costs a live stream: one second of speech (the benchmarks' clip) through one
 * stream's state, chunk by chunk as the segmenter feeds it (31 runs of 32 ms at 8 kHz), on one
 * intra-op thread. The time per second of audio is the share of one core a stream takes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class VadBenchmark {
  private VadModel vad;
  private float[] second;

  @Setup
  public void setUp() throws Exception {
    Path bundle = Golden.MODELS.resolve("silero-vad");
    ModelManifest manifest = ModelTask.manifestReader().read(bundle);
    OnnxRuntime runtime =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 4, 64, Duration.ofSeconds(30), Batching.OFF));
    vad = new VadModel(runtime.open(bundle.resolve("model.onnx")), manifest);
    second = BenchmarkAudio.oneSecond();
  }

  @TearDown
  public void tearDown() {
    vad.close();
  }

  @Benchmark
  public float[] oneSecondOfAudio() {
    return vad.probabilities(second);
  }
}
