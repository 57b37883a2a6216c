package dev.zora.pipeline;

import dev.zora.decode.Segment;
import dev.zora.decode.Transcript;
import dev.zora.inference.OverCapacityException;
import dev.zora.model.Lease;
import dev.zora.model.Task;
import dev.zora.segmentation.LiveSegmenter;
import dev.zora.segmentation.SpeechDetector;
import dev.zora.segmentation.Utterance;
import dev.zora.task.ServedModel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One live stream's way through the pipeline, the live sibling of a file's transcription: mono
 * audio at the stream's rate goes in piece by piece, is resampled to the model's rate, and cut into
 * utterances by the {@link LiveSegmenter}; each utterance is transcribed as soon as the pause after
 * it has lasted the hangover. Times count from the first sample of the stream. Only the utterance
 * in progress is held.
 *
 * <p>Model runs happen on the calling thread and pass the runtime's gate, so call from a worker
 * thread, never from an event loop. One instance per stream; not thread-safe.
 *
 * <p>It holds a lease on its model for the stream's whole life, so a reload that replaces the model
 * meanwhile leaves this stream on the one it started with; {@link #close()} releases it, and
 * nothing may be called after.
 */
public final class LiveTranscription implements AutoCloseable {

  /** What the audio so far has shown, in stream order. */
  public sealed interface Event permits SpeechStarted, Final {}

  /** Speech began at {@code seconds}. */
  public record SpeechStarted(double seconds) implements Event {}

  /**
   * An utterance's transcript.
   *
   * @param transcript with absolute times
   * @param startSeconds where the speech the VAD found begins
   * @param endSeconds where it ends
   */
  public record Final(Transcript transcript, double startSeconds, double endSeconds)
      implements Event {
    /** The mean confidence of its segments; 0 when the model heard no words. */
    public double confidence() {
      return transcript.segments().stream().mapToDouble(Segment::confidence).average().orElse(0);
    }
  }

  /**
   * What the utterance in progress says so far: the words its last two decodes agree on.
   *
   * @param startSeconds where its speech begins
   */
  public record Partial(String text, double startSeconds) {}

  /**
   * What the speech detector heard: the speech probability of consecutive chunks.
   *
   * @param startSeconds where the first chunk begins, in stream time
   * @param chunkSeconds the length of each chunk
   */
  public record SpeechProbabilities(double startSeconds, double chunkSeconds, float[] values) {
    public SpeechProbabilities {
      values = values.clone();
    }

    @Override
    public float[] values() {
      return values.clone();
    }
  }

  private final Lease<ServedModel> model;
  private final SpeechDetector detector;
  private final LiveSegmenter segmenter;
  private final SegmentedTranscription transcription;
  private final AgreedPrefix agreed = new AgreedPrefix();
  private final long partialInterval;
  private long lastPartialEnd; // where the audio of the last partial ended, in model samples

  /**
   * @param detector a fresh detector at the model's rate; closed with the transcription
   */
  LiveTranscription(
      Lease<ServedModel> model, SpeechDetector detector, int sampleRate, LiveSettings settings) {
    int modelRate = model.get().sampleRate();
    this.model = model;
    this.detector = detector;
    this.segmenter = new LiveSegmenter(modelRate, settings.segmentation(), detector);
    this.transcription =
        new SegmentedTranscription(
            model.get(),
            sampleRate,
            SegmentedTranscription.Segmentation.of(segmenter),
            model.get().manifest().task() == Task.CLASSIFICATION // one word: nothing to keep apart
                ? LeftContext.none()
                : new LeftContext(
                    settings.contextPauseSeconds(),
                    settings.segmentation().maxUtteranceSeconds(),
                    modelRate));
    this.partialInterval = Math.round(settings.partialIntervalSeconds() * modelRate);
  }

  /**
   * Feeds the next samples (mono, at the stream's rate); returns the speech starts and the finals
   * they completed.
   *
   * @throws OverCapacityException when no inference slot frees up for a final
   */
  public List<Event> accept(float[] samples) {
    return newUtterance(transcription.accept(samples));
  }

  /**
   * A partial result, when an utterance is in progress and has grown by the partial interval since
   * the last decode; nothing otherwise, when its decodes agree on no word yet, or when every
   * inference slot is busy (a partial is worth less than the finals other streams wait for).
   */
  public Optional<Partial> partial() {
    OptionalLong speechStart = segmenter.speechInProgressSince();
    long end = segmenter.samplesPushed();
    if (speechStart.isEmpty()
        || end - Math.max(lastPartialEnd, speechStart.getAsLong()) < partialInterval) {
      return Optional
          .empty(); // checked before the utterance's audio is copied: this runs after every frame
    }
    lastPartialEnd = end;
    Utterance utterance = segmenter.inProgress().orElseThrow();
    String heard;
    try {
      heard = transcription.heard(utterance);
    } catch (OverCapacityException busy) {
      return Optional.empty();
    }
    String shown = agreed.next(heard);
    return shown.isEmpty()
        ? Optional.empty()
        : Optional.of(new Partial(shown, utterance.speechStartSeconds()));
  }

  /**
   * Whether the stream's speech detector has probabilities to give ({@link
   * #newSpeechProbabilities}).
   */
  public boolean givesSpeechProbabilities() {
    return detector.givesProbabilities();
  }

  /**
   * The speech probabilities of the chunks the detector decided since the last call; nothing with a
   * detector that only hears loudness (the energy detector), or when no chunk was decided since.
   */
  public Optional<SpeechProbabilities> newSpeechProbabilities() {
    double rate = transcription.modelRate();
    return detector
        .takeNewProbabilities()
        .map(
            p ->
                new SpeechProbabilities(
                    p.firstChunk() * p.chunkSamples() / rate, p.chunkSamples() / rate, p.values()));
  }

  /**
   * Ends the utterance in progress now, without waiting for a pause; returns its final, if any. The
   * next utterance is decoded without this one as context: the client said it was over.
   */
  public List<Event> flush() {
    List<Event> events =
        segmenter
            .flush()
            .<List<Event>>map(u -> List.of(transcription.toFinal(u)))
            .orElse(List.of());
    transcription.forgetContext();
    return newUtterance(events);
  }

  /** Ends the stream: everything received is transcribed; returns the last events. */
  public List<Event> finish() {
    return newUtterance(transcription.finish());
  }

  /**
   * Releases the model and the detector: call it when the stream is over, finished or abandoned;
   * twice is harmless.
   */
  @Override
  public void close() {
    try {
      detector.close();
    } finally {
      model.close();
    }
  }

  /** After a final, the next utterance's partials start from nothing agreed. */
  private List<Event> newUtterance(List<Event> events) {
    if (events.stream().anyMatch(e -> e instanceof Final)) {
      agreed.reset();
    }
    return events;
  }
}
