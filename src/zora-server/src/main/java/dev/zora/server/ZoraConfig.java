package dev.zora.server;

import dev.zora.inference.Device;
import dev.zora.pipeline.SpeechDetection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code zora.*} setting, with its default. docs/configuration.md lists them for users. */
@ConfigMapping(prefix = "zora")
public interface ZoraConfig {

  Models models();

  Inference inference();

  Limits limits();

  Audio audio();

  Decode decode();

  Segmentation segmentation();

  /**
   * The keys a client must present (Authorization: Bearer or X-API-Key) on everything but health
   * and metrics; none configured leaves the server open, as a LAN box on its own usually is.
   */
  Optional<List<String>> apiKeys();

  /**
   * Keys for operator actions (reloading the models), separate from client keys: when set, only an
   * admin key may reload, and an admin key is accepted wherever a client key is. Unset, any client
   * key (or anyone, on a server without keys) may reload.
   */
  Optional<List<String>> adminKeys();

  RateLimit rateLimit();

  Explain explain();

  Stream stream();

  OpenAi openai();

  interface OpenAi {
    /**
     * Model names OpenAI clients send, each mapped to a served model ({@code
     * whisper-1=digits-ctc}), so a client with a model name hard-coded works unchanged; none by
     * default.
     */
    Optional<List<String>> modelAliases();
  }

  Shutdown shutdown();

  interface Models {
    /** The folder whose sub-folders are model bundles. */
    @WithDefault("models")
    String dir();

    /** The model used when a request names none; readiness waits for it. */
    @WithDefault("digits-transformer")
    String defaultModel();
  }

  interface Inference {
    /** cpu or cuda; cuda falls back to cpu with a warning when it is not usable. */
    @WithDefault("cpu")
    Device device();

    /**
     * Threads inside one operator; 0 lets ONNX Runtime use one per core. 1 by default: ONNX
     * Runtime's pool spins between operators and doubled the CPU per request (docs/benchmarks.md).
     */
    @WithDefault("1")
    int intraOpThreads();

    /** Threads across independent operators; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int interOpThreads();

    /** Model runs executing at once, over all models. */
    @WithDefault("4")
    int maxConcurrentRuns();

    /** Runs that may wait for a slot; beyond that requests get 429 at once. */
    @WithDefault("64")
    int maxQueuedRuns();

    /** The longest a run waits for a slot before the request gets 429. */
    @WithDefault("30s")
    Duration queueTimeout();

    InferenceBatching batching();
  }

  /** Cross-request micro-batching of single-input graphs (classifier, CTC, encoder). */
  interface InferenceBatching {
    /**
     * The most requests stacked into one model run; 1 (the default) turns batching off: on a CPU a
     * run of 8 stacked clips costs about what 8 runs cost, and 4 runs in parallel did better.
     */
    @WithDefault("1")
    int maxSize();

    /**
     * How long a run that could take more requests waits for them; 0 batches only what queued up.
     */
    @WithDefault("0ms")
    Duration window();
  }

  interface Limits {
    /** The largest request body accepted, raw audio or the whole multipart form (bytes). */
    @WithDefault("26214400")
    long maxUploadBytes();

    /** Longer audio is refused with 422. */
    @WithDefault("600")
    double maxDurationSeconds();

    /**
     * The audio (uploaded bytes and decoded samples) that transcriptions in flight may hold at
     * once; over it a request gets 503 with Retry-After. Default: a quarter of the maximum heap.
     */
    Optional<Long> audioMemoryBytes();

    /**
     * The longest a request may take to send its body after its headers; then 408 and a closed
     * connection.
     */
    @WithDefault("60s")
    Duration bodyDeadline();

    /**
     * Connections one client address may hold open at once; the request on one more gets 503. 0: no
     * cap.
     */
    @WithDefault("256")
    int maxConnectionsPerAddress();
  }

  interface Audio {
    /**
     * The ffmpeg command used for FLAC, Ogg/Vorbis, WebM, M4A and other audio not decoded
     * in-process.
     */
    @WithDefault("ffmpeg")
    String ffmpegPath();

    /** The longest one ffmpeg decode may take before it is killed. */
    @WithDefault("60s")
    Duration ffmpegTimeout();
  }

  interface Decode {
    /** Hypotheses a sequence-to-sequence model keeps each step; 1 is greedy decoding. */
    @WithDefault("4")
    int beamWidth();

    /**
     * The most tokens a sequence-to-sequence hypothesis of a short utterance may have,
     * end-of-sentence included.
     */
    @WithDefault("12")
    int maxTokens();

    /**
     * A longer utterance's hypotheses may have this many tokens per second, plus end-of-sentence.
     */
    @WithDefault("4")
    double maxTokensPerSecond();

    /** Exponent a of the final ranking score / length^a: 1 as the training recipe, 0 for none. */
    @WithDefault("1.0")
    double lengthNormalization();
  }

  interface Segmentation {
    /**
     * The speech detector requests and streams use when they name none: {@code silero} (the
     * silero-vad bundle) or {@code energy}.
     */
    @WithDefault("silero")
    SpeechDetection vad();

    /** How far (dB) above the tracked noise floor the level must be to count as speech. */
    @WithDefault("5")
    double thresholdDb();

    /** The quietest level (dBFS) that can be speech, whatever the noise floor. */
    @WithDefault("-55")
    double minLevelDb();

    /** How long speech must last before an utterance starts (s). */
    @WithDefault("0.05")
    double onsetSeconds();

    /** The shortest pause that ends an utterance (s); shorter pauses stay inside it. */
    @WithDefault("0.8")
    double minPauseSeconds();

    /** Audio kept before and after each utterance's speech (s). */
    @WithDefault("0.5")
    double paddingSeconds();

    /** The longest utterance (s); longer speech is cut at its quietest point. */
    @WithDefault("20")
    double maxUtteranceSeconds();
  }

  interface RateLimit {
    /**
     * Requests one client (API key, or address when no keys are set) may make per minute; 0 is no
     * limit.
     */
    @WithDefault("0")
    int requestsPerMinute();

    /** Requests a client may make at once before the per-minute rate applies. */
    @WithDefault("10")
    int burst();
  }

  interface Explain {
    /** Longer audio is refused by the activations and attributions endpoints (422). */
    @WithDefault("30")
    double maxDurationSeconds();
  }

  interface Stream {
    /** WebSocket connections to /v1/stream open at once; the next one is refused. */
    @WithDefault("64")
    int maxConnections();

    /** The largest binary frame of audio (bytes). */
    @WithDefault("262144")
    int maxFrameBytes();

    /** A connection that sends nothing for this long is ended. */
    @WithDefault("30s")
    Duration idleTimeout();

    /** The longest a connection may stay open. */
    @WithDefault("1h")
    Duration maxSession();

    /**
     * Audio received but not yet processed, per connection (bytes); beyond it the connection is
     * ended.
     */
    @WithDefault("4194304")
    int maxBufferedBytes();

    /** The pause after which an utterance's final result is sent (s). */
    @WithDefault("0.5")
    double minPauseSeconds();

    /** Stream time between two partial results of an utterance in progress (s). */
    @WithDefault("0.5")
    double partialIntervalSeconds();

    /**
     * Threads that work on streams (audio, voice activity, model runs); more streams take turns.
     */
    @WithDefault("4")
    int workers();
  }

  interface Shutdown {
    /**
     * After SIGTERM or SIGINT, how long open streams may take to get their finals and requests in
     * flight their answers before the server exits anyway.
     */
    @WithDefault("30s")
    Duration grace();
  }
}
