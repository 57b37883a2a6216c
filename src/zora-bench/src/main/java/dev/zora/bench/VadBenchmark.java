package dev.zora.bench;

import dev.zora.frontend.WaveformSpec;
import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceOptions;
import dev.zora.inference.OnnxGraph;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import dev.zora.vad.VadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>{@link #statelessEncoderBatched} is the floor of another design: Silero's STFT and
 * convolutions (everything before its LSTM, which alone carries state) run once over all 31 chunks
 * as one batch. It answers whether splitting the graph there would pay (docs/benchmarks.md,
 * "Silero's floor"); the server does not do it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class VadBenchmark {
  /** Silero v5's last tensor before its LSTM, inside the 8 kHz branch once that is inlined. */
  private static final String ENCODER_OUTPUT =
      "If_0_else_branch__Inline_0__/encoder/3/activation/Relu_output_0";

  private VadModel vad;
  private OnnxModel encoder;
  private String audioInput;
  private FloatTensor chunksWithContext;
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
    encoder =
        runtime.open(
            OnnxGraph.read(bundle.resolve("model.onnx"))
                .withConstantBranchesInlined(manifest.constants())
                .between(manifest.inputName("audio"), ENCODER_OUTPUT));
    audioInput = manifest.inputName("audio");
    chunksWithContext = chunksWithContext(second, manifest.waveformSpec());
  }

  /** [chunks, context + chunk]: each chunk after the samples before it, as a stream feeds them. */
  private static FloatTensor chunksWithContext(float[] samples, WaveformSpec spec) {
    int chunk = spec.chunkSamples();
    int context = spec.contextSamples();
    int chunks = (samples.length + chunk - 1) / chunk;
    float[] batch = new float[chunks * (context + chunk)];
    for (int i = 0; i < chunks; i++) {
      for (int j = 0; j < context + chunk; j++) {
        int at = i * chunk - context + j;
        batch[i * (context + chunk) + j] = at >= 0 && at < samples.length ? samples[at] : 0f;
      }
    }
    return new FloatTensor(batch, new long[] {chunks, context + chunk});
  }

  @TearDown
  public void tearDown() {
    vad.close();
    encoder.close();
  }

  @Benchmark
  public float[] oneSecondOfAudio() {
    return vad.probabilities(second);
  }

  @Benchmark
  public Map<String, FloatTensor> statelessEncoderBatched() {
    return encoder.run(Map.of(audioInput, chunksWithContext), Set.of(ENCODER_OUTPUT));
  }
}
