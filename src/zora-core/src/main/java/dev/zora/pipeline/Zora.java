package dev.zora.pipeline;

import dev.zora.audio.AudioDecoder;
import dev.zora.audio.AudioResampler;
import dev.zora.audio.FfmpegDecoder;
import dev.zora.audio.PcmAudio;
import dev.zora.audio.PcmSink;
import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.Transcript;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.Lease;
import dev.zora.model.ModelRegistry;
import dev.zora.model.ModelStatus;
import dev.zora.segmentation.SpeechDetector;
import dev.zora.segmentation.Utterance;
import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.task.ModelTask;
import dev.zora.task.ServedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The whole pipeline behind one object, usable without the server: bytes of an audio file in, a
 * transcript with timings out.
 *
 * <pre>{@code
 * try (Zora zora = Zora.open(settings)) {
 *   TranscriptionResult result = zora.transcribe("digits-cnn", Files.readAllBytes(wav));
 * }
 * }</pre>
 */
public final class Zora implements AutoCloseable {
  private final ZoraSettings settings;
  private final OnnxRuntime runtime;
  private final ModelRegistry<ServedModel> registry;
  private final AudioDecoder decoder;
  private final AudioResampler resampler = new AudioResampler();
  private final SpeechDetectors detectors;

  private Zora(
      ZoraSettings settings,
      OnnxRuntime runtime,
      ModelRegistry<ServedModel> registry,
      AudioDecoder decoder) {
    this.settings = settings;
    this.runtime = runtime;
    this.registry = registry;
    this.decoder = decoder;
    this.detectors = new SpeechDetectors(registry);
  }

  /** Loads every bundle of the models folder (a broken one is reported, not fatal). */
  public static Zora open(ZoraSettings settings) {
    OnnxRuntime runtime = new OnnxRuntime(settings.inference());
    ModelRegistry<ServedModel> registry =
        ModelRegistry.open(
            settings.modelsDir(),
            ModelTask.manifestReader(),
            ModelTask.loader(runtime, settings.beamSearch()));
    AudioDecoder decoder =
        new AudioDecoder(new FfmpegDecoder(settings.ffmpegExecutable(), settings.ffmpegTimeout()));
    return new Zora(settings, runtime, registry, decoder);
  }

  public List<ModelStatus> models() {
    return registry.statuses();
  }

  public Optional<ModelStatus> model(String id) {
    return registry.status(id);
  }

  /**
   * Scans the models folder again: unchanged bundles keep serving as loaded, new and changed ones
   * load, broken ones are listed as failed, removed ones disappear. Requests and streams that use a
   * replaced or removed model finish on it; it closes after them. One reload runs at a time.
   *
   * @return every bundle's status after the reload
   */
  public List<ModelStatus> reload() {
    return registry.reload();
  }

  public Path modelsDirectory() {
    return registry.directory();
  }

  public String defaultModel() {
    return settings.defaultModel();
  }

  /** True when the default model is serving (ready, or stale on its last good version). */
  public boolean isReady() {
    return registry.status(settings.defaultModel()).map(ModelStatus::isServing).orElse(false);
  }

  public OnnxRuntime runtime() {
    return runtime;
  }

  public boolean canDecodeCompressedFormats() {
    return decoder.canDecodeCompressedFormats();
  }

  /** True when Ogg/Opus is decoded by the system's libopus, false when by Concentus. */
  public boolean decodesOpusWithLibopus() {
    return decoder.decodesOpusWithLibopus();
  }

  /**
   * Transcribes one audio file with one model, its utterances found by the default speech detector.
   */
  public TranscriptionResult transcribe(String modelId, byte[] audio) {
    return transcribe(modelId, audio, defaultVad());
  }

  /**
   * The speech detector requests and streams use when they name none: the configured one, or the
   * energy VAD while the Silero bundle is not serving (removed, or failed to load), so that a
   * missing detector never stops transcription. A request that names Silero gets the error instead.
   */
  public SpeechDetection defaultVad() {
    if (settings.vad() == SpeechDetection.SILERO
        && !registry
            .status(SpeechDetection.SILERO_MODEL)
            .map(ModelStatus::isServing)
            .orElse(false)) {
      return SpeechDetection.ENERGY;
    }
    return settings.vad();
  }

  /**
   * Transcribes one audio file with one model.
   *
   * @param vad the detector that finds the utterances the file is cut into
   * @throws dev.zora.model.UnknownModelException no such model (checked before any audio work)
   * @throws dev.zora.model.ModelNotReadyException the model failed to load
   * @throws dev.zora.audio.UnsupportedAudioException the bytes are not audio Zora can decode
   * @throws dev.zora.audio.UnusableAudioException the audio is empty, broken or too long
   * @throws dev.zora.inference.OverCapacityException no inference slot is free
   * @throws dev.zora.model.WrongTaskException the model does not transcribe, or the detector cannot
   *     serve it
   */
  public TranscriptionResult transcribe(String modelId, byte[] audio, SpeechDetection vad) {
    return transcribe(modelId, audio, vad, part -> {});
  }

  /**
   * Transcribes one audio file with one model, telling {@code onUtterance} each utterance's
   * transcript (times in the file) as soon as it is decoded, in order: what streaming answers send
   * while the rest of the file is still being decoded. The exceptions are those above.
   */
  public TranscriptionResult transcribe(
      String modelId, byte[] audio, SpeechDetection vad, Consumer<Transcript> onUtterance) {
    return transcribe(
        modelId,
        vad,
        onUtterance,
        (model, recording) ->
            decoder.decode(audio, settings.maxDurationSeconds(), model.sampleRate(), recording));
  }

  /**
   * Transcribes one audio file read from disk, with the default speech detector; the exceptions are
   * those of {@link #transcribe(String, byte[], SpeechDetection)}.
   *
   * @throws IOException the file cannot be read
   */
  public TranscriptionResult transcribe(String modelId, Path file) throws IOException {
    return transcribe(modelId, Files.readAllBytes(file));
  }

  /**
   * Transcribes mono samples already decoded, in [-1, 1] at {@code sampleRate} (resampled to the
   * model's rate here), with the default speech detector; the exceptions are those of {@link
   * #transcribe(String, byte[], SpeechDetection)}.
   */
  public TranscriptionResult transcribe(String modelId, float[] samples, int sampleRate) {
    if (sampleRate < 1) {
      throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
    }
    float[] copy = samples.clone();
    return transcribe(
        modelId,
        defaultVad(),
        part -> {},
        (model, recording) -> {
          recording.start(sampleRate);
          recording.accept(copy);
        });
  }

  /** One recording through one model: the audio source feeds it to the recording's sink. */
  private TranscriptionResult transcribe(
      String modelId,
      SpeechDetection vad,
      Consumer<Transcript> onUtterance,
      BiConsumer<ServedModel, PcmSink> source) {
    long start = System.nanoTime();
    try (Lease<ServedModel> model = registry.acquire(modelId);
        SpeechDetector detector =
            detectors.open(
                vad, model.get().frontEnd().spec().sampleRate(), settings.segmentation().vad())) {
      RecordingTranscription recording =
          new RecordingTranscription(
              model.get(),
              settings.segmentation(),
              detector,
              settings.maxDurationSeconds(),
              onUtterance);
      source.accept(model.get(), recording);
      Transcript transcript = recording.finish();
      long total = System.nanoTime() - start;
      long modelWork = recording.frontendNanos() + recording.inferenceNanos();
      Timings timings =
          new Timings(
              millis(total - modelWork),
              millis(recording.frontendNanos()),
              millis(recording.inferenceNanos()),
              millis(total));
      return new TranscriptionResult(modelId, transcript, recording.durationSeconds(), timings);
    }
  }

  /**
   * Decodes one audio file whole and computes a model's features from it, as one utterance (no
   * cutting at pauses): what the explain path starts from. Keep the model's lease open while the
   * result is in use.
   *
   * @param model a model from {@link #served}
   * @throws dev.zora.audio.UnsupportedAudioException the bytes are not audio Zora can decode
   * @throws dev.zora.audio.UnusableAudioException the audio is empty, broken or too long
   */
  public PreparedAudio prepare(ServedModel model, byte[] audio) {
    PcmAudio decoded = decodeAt(audio, model.frontEnd().spec().sampleRate());
    float[] samples = model.paddedToMinimum(decoded.samples());
    return new PreparedAudio(
        model, samples, 0, decoded.durationSeconds(), model.frontEnd().extract(samples));
  }

  /**
   * Decodes one audio file and cuts it into the utterances {@code vad} finds, each made ready for
   * the model exactly as {@link #transcribe(String, byte[], SpeechDetection)} feeds it (the same
   * segmenter, edge context and front end), in file order: what explaining one utterance of a
   * transcription starts from. Keep the model's lease open while the result is in use.
   *
   * @param model a model from {@link #served}
   * @throws dev.zora.audio.UnsupportedAudioException the bytes are not audio Zora can decode
   * @throws dev.zora.audio.UnusableAudioException the audio is empty, broken or too long
   * @throws dev.zora.model.WrongTaskException the model does not transcribe, or the detector cannot
   *     serve it
   */
  public List<PreparedAudio> prepareUtterances(
      ServedModel model, byte[] audio, SpeechDetection vad) {
    int rate = model.frontEnd().spec().sampleRate();
    PcmAudio decoded = decodeAt(audio, rate);
    try (SpeechDetector detector = detectors.open(vad, rate, settings.segmentation().vad())) {
      UtteranceSegmenter segmenter =
          new UtteranceSegmenter(rate, settings.segmentation(), detector);
      List<Utterance> utterances = new ArrayList<>(segmenter.push(decoded.samples()));
      utterances.addAll(segmenter.finish());
      UtteranceTranscriber transcriber = new UtteranceTranscriber(model);
      return utterances.stream().map(transcriber::prepare).toList();
    }
  }

  /**
   * Decodes one audio file whole, mono at {@code sampleRate}: what a waveform model's explain path
   * starts from.
   *
   * @throws dev.zora.audio.UnsupportedAudioException the bytes are not audio Zora can decode
   * @throws dev.zora.audio.UnusableAudioException the audio is empty, broken or too long
   */
  public PcmAudio decodeAt(byte[] audio, int sampleRate) {
    PcmAudio decoded = decoder.decode(audio, settings.maxDurationSeconds(), sampleRate);
    if (decoded.durationSeconds() > settings.maxDurationSeconds()) {
      throw UnusableAudioException.longerThan(settings.maxDurationSeconds());
    }
    return resampler.resample(decoded, sampleRate);
  }

  /**
   * A lease on a loaded model: it stays open (a reload may replace it meanwhile, not close it)
   * until the lease is closed.
   *
   * @throws dev.zora.model.UnknownModelException no such model
   * @throws dev.zora.model.ModelNotReadyException the model failed to load
   */
  public Lease<ServedModel> served(String modelId) {
    return registry.acquire(modelId);
  }

  /**
   * Starts transcribing a live stream with one model, the server's live defaults ({@link
   * LiveSettings#DEFAULTS}) and the default speech detector; close the transcription when the
   * stream ends.
   *
   * @param sampleRate the stream's rate, in Hz
   * @throws dev.zora.model.UnknownModelException no such model
   * @throws dev.zora.model.ModelNotReadyException the model failed to load
   */
  public LiveTranscription live(String modelId, int sampleRate) {
    return live(modelId, sampleRate, LiveSettings.DEFAULTS);
  }

  /**
   * Starts transcribing a live stream with one model and the default speech detector; close the
   * transcription when the stream ends.
   *
   * @param sampleRate the stream's rate, in Hz
   * @throws dev.zora.model.UnknownModelException no such model
   * @throws dev.zora.model.ModelNotReadyException the model failed to load
   */
  public LiveTranscription live(String modelId, int sampleRate, LiveSettings settings) {
    return live(modelId, sampleRate, settings, defaultVad());
  }

  /**
   * Starts transcribing a live stream with one model and speech detector; close the transcription
   * when the stream ends.
   *
   * @param sampleRate the stream's rate, in Hz
   * @throws dev.zora.model.UnknownModelException no such model (or no Silero bundle, when asked
   *     for)
   * @throws dev.zora.model.ModelNotReadyException the model (or the Silero bundle) failed to load
   * @throws dev.zora.model.WrongTaskException the model does not transcribe, or the detector cannot
   *     serve it
   */
  public LiveTranscription live(
      String modelId, int sampleRate, LiveSettings settings, SpeechDetection vad) {
    Lease<ServedModel> model = registry.acquire(modelId);
    SpeechDetector detector = null;
    try {
      detector =
          detectors.open(
              vad, model.get().frontEnd().spec().sampleRate(), settings.segmentation().vad());
      return new LiveTranscription(model, detector, sampleRate, settings);
    } catch (RuntimeException e) {
      if (detector != null) {
        detector.close();
      }
      model.close();
      throw e;
    }
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /**
   * Closes every model; one still leased by a request or stream closes when that lease is released.
   */
  @Override
  public void close() {
    registry.close();
  }
}
