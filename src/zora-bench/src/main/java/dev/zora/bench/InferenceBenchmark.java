package dev.zora.bench;

import dev.zora.decode.Transcriber;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.model.Lease;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.task.ServedModel;
import dev.zora.testing.Golden;
import java.util.Map;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference on the features of the benchmarks' one-second clip (one word, then room tone), with the
 * server's defaults (CPU, ONNX Runtime's own thread counts, beam width 4).
 *
 * <p>{@link #transcribe}: one utterance through each bundle's {@link Transcriber}, the ONNX run(s)
 * plus decoding (digits-transformer: the encoder, then the beam search's decoder steps), the part
 * of a request after the front end.
 *
 * <p>{@link #cnnBatch}: one raw {@link OnnxModel#run} of digits-cnn's graph on {@code batch}
 * stacked copies of the clip's features. The score is per run: divide it by the batch size for the
 * cost per clip, which says what batching requests together could save.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InferenceBenchmark {

  /** Every bundle in models/, loaded once per benchmark as the server loads them. */
  @State(Scope.Benchmark)
  public static class Models {
    Zora zora;

    @Setup
    public void open() {
      // The server's defaults (ZoraConfig); ffmpeg is never started, the audio here is decoded
      // already.
      zora = Zora.open(ZoraSettings.builder(Golden.MODELS).build());
    }

    @TearDown
    public void close() {
      zora.close();
    }
  }

  /** One model's transcriber and the clip's features through that model's own front end. */
  @State(Scope.Benchmark)
  public static class Utterance {
    @Param({"digits-cnn", "digits-ctc", "digits-transformer"})
    public String model;

    Lease<ServedModel> lease;
    Transcriber transcriber;
    LogMelFeatures features;

    @Setup
    public void prepare(Models models) {
      lease = models.zora.served(model);
      ServedModel served = lease.get();
      transcriber = served.transcriber();
      features = served.frontEnd().extract(served.paddedToMinimum(BenchmarkAudio.oneSecond()));
    }

    @TearDown
    public void release() {
      lease.close();
    }
  }

  /** digits-cnn's serving session and {@code batch} copies of the clip's features as one input. */
  @State(Scope.Benchmark)
  public static class Batch {
    @Param({"1", "4", "16"})
    public int batch;

    Lease<ServedModel> lease;
    OnnxModel graph;
    Map<String, FloatTensor> inputs;
    Set<String> outputs;

    @Setup
    public void prepare(Models models) {
      lease = models.zora.served("digits-cnn");
      ServedModel served = lease.get();
      graph = served.graph("model").serving();
      LogMelFeatures features = served.frontEnd().extract(BenchmarkAudio.oneSecond());
      float[] one = features.values();
      float[] stacked = new float[batch * one.length];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(one, 0, stacked, i * one.length, one.length);
      }
      inputs =
          Map.of(
              served.manifest().inputName("features"),
              new FloatTensor(stacked, new long[] {batch, features.frames(), features.melBins()}));
      outputs = Set.of(served.manifest().outputName("logits"));
    }

    @TearDown
    public void release() {
      lease.close();
    }
  }

  @Benchmark
  public Transcript transcribe(Utterance utterance) {
    return utterance.transcriber.transcribe(utterance.features, 1.0);
  }

  @Benchmark
  public Map<String, FloatTensor> cnnBatch(Batch batch) {
    return batch.graph.run(batch.inputs, batch.outputs);
  }
}
