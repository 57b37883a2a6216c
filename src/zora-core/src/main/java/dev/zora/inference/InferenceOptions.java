package dev.zora.inference;

import java.time.Duration;

/**
 * How ONNX Runtime runs: the device, its thread pools, and how many runs may execute and wait at
 * once before callers are turned away.
 *
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per core). The
 *     default is 1: the models are small and requests already run in parallel, and ONNX Runtime's
 *     own pool spins between operators, which doubled the CPU each request took
 *     (docs/benchmarks.md, "One intra-op thread")
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 * @param maxConcurrentRuns session runs executing at the same time, over all models
 * @param maxQueuedRuns runs that may wait for a free slot; one more is refused at once
 * @param queueTimeout the longest a run waits for a slot before it is refused
 * @param batching whether and how concurrent single-item runs of one graph share a session run
 */
public record InferenceOptions(
    Device device,
    int intraOpThreads,
    int interOpThreads,
    int maxConcurrentRuns,
    int maxQueuedRuns,
    Duration queueTimeout,
    Batching batching) {

  public InferenceOptions {
    if (device == null) {
      throw new IllegalArgumentException("device must be given");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0 (0 = ONNX Runtime's choice), got intra="
              + intraOpThreads
              + " inter="
              + interOpThreads);
    }
    if (maxConcurrentRuns < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRuns must be >= 1, got " + maxConcurrentRuns);
    }
    if (maxQueuedRuns < 0) {
      throw new IllegalArgumentException("maxQueuedRuns must be >= 0, got " + maxQueuedRuns);
    }
    if (queueTimeout == null || queueTimeout.isNegative()) {
      throw new IllegalArgumentException("queueTimeout must be >= 0, got " + queueTimeout);
    }
    if (batching == null) {
      throw new IllegalArgumentException("batching must be given (Batching.OFF for none)");
    }
  }

  /**
   * The server's defaults: CPU, ONNX Runtime's thread counts, 4 runs at once, 64 waiting up to 30
   * s, no batching.
   */
  public static final InferenceOptions DEFAULTS = builder().build();

  /** Starts from {@link #DEFAULTS}; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options built field by field, each starting at its default. */
  public static final class Builder {
    private Device device = Device.CPU;
    private int intraOpThreads = 1;
    private int interOpThreads;
    private int maxConcurrentRuns = 4;
    private int maxQueuedRuns = 64;
    private Duration queueTimeout = Duration.ofSeconds(30);
    private Batching batching = Batching.OFF;

    private Builder() {}

    public Builder device(Device device) {
      this.device = device;
      return this;
    }

    /**
     * Threads inside one operator (default 1) and across operators (default 0); 0 lets ONNX Runtime
     * choose.
     */
    public Builder threads(int intraOp, int interOp) {
      this.intraOpThreads = intraOp;
      this.interOpThreads = interOp;
      return this;
    }

    public Builder maxConcurrentRuns(int runs) {
      this.maxConcurrentRuns = runs;
      return this;
    }

    /** How many runs may wait for a slot, and for how long, before one is refused. */
    public Builder queue(int maxQueuedRuns, Duration timeout) {
      this.maxQueuedRuns = maxQueuedRuns;
      this.queueTimeout = timeout;
      return this;
    }

    public Builder batching(Batching batching) {
      this.batching = batching;
      return this;
    }

    public InferenceOptions build() {
      return new InferenceOptions(
          device,
          intraOpThreads,
          interOpThreads,
          maxConcurrentRuns,
          maxQueuedRuns,
          queueTimeout,
          batching);
    }
  }
}
