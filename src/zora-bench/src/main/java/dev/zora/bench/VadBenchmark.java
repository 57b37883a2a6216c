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
import java.util.Arrays;
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
 * What Silero VAD costs a live stream or a file: one second of speech (the benchmarks' clip)
 * through one stream's state, on one intra-op thread. The time per second of audio is the share of
 * one core a stream takes.
 *
 * <p>{@link #oneSecondOfAudio} is what the server runs: the bundle's sequence graph, all 31 chunks
 * of 32 ms in one run. {@link #oneSecondChunkByChunk} is Silero's own graph, one run per chunk
 * (what the server ran before the sequence graph, and still runs for a bundle without one). {@link
 * #oneChunk} is one chunk through the sequence graph: the floor of a stream that pushes 32 ms at a
 * time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class VadBenchmark {
  private VadModel served;
  private VadModel perChunk;
  private float[] second;
  private float[] chunk;

  @Setup
  public void setUp() throws Exception {
    Path bundle = Golden.MODELS.resolve("silero-vad");
    ModelManifest manifest = ModelTask.manifestReader().read(bundle);
    OnnxRuntime runtime =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 4, 64, Duration.ofSeconds(30), Batching.OFF));
    served =
        new VadModel(
            runtime.open(bundle.resolve("model.onnx")),
            runtime.open(bundle.resolve("sequence.onnx")),
            manifest);
    perChunk = new VadModel(runtime.open(bundle.resolve("model.onnx")), null, manifest);
    second = BenchmarkAudio.oneSecond();
    chunk = Arrays.copyOf(second, manifest.waveformSpec().chunkSamples());
  }

  @TearDown
  public void tearDown() {
    served.close();
    perChunk.close();
  }

  @Benchmark
  public float[] oneSecondOfAudio() {
    return served.probabilities(second);
  }

  @Benchmark
  public float[] oneSecondChunkByChunk() {
    return perChunk.probabilities(second);
  }

  @Benchmark
  public float[] oneChunk() {
    return served.probabilities(chunk);
  }
}
