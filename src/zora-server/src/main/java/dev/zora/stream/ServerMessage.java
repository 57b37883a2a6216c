package dev.zora.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.zora.decode.Segment;
import dev.zora.pipeline.LiveTranscription;
import java.util.List;

/** A text frame the server sends; every time is in seconds from the stream's first sample. */
@JsonPropertyOrder({"type"})
sealed interface ServerMessage {

  enum Type {
    READY,
    SPEECH_START,
    PARTIAL,
    FINAL,
    SPEECH_PROBABILITY,
    ERROR;

    @JsonValue
    String wireName() {
      return name().toLowerCase();
    }
  }

  @JsonProperty("type")
  Type type();

  /** The start message was accepted; audio may follow. */
  record Ready(
      String model,
      int sampleRate,
      String encoding,
      int channels,
      boolean interimResults,
      int maxFrameBytes,
      String vad,
      boolean speechProbabilities)
      implements ServerMessage {
    @Override
    public Type type() {
      return Type.READY;
    }
  }

  /** The voice activity detector heard speech begin at {@code start}. */
  record SpeechStart(double start) implements ServerMessage {
    @Override
    public Type type() {
      return Type.SPEECH_START;
    }
  }

  /** What the utterance in progress (its speech began at {@code start}) says so far. */
  record Partial(String text, double start) implements ServerMessage {
    @Override
    public Type type() {
      return Type.PARTIAL;
    }

    static Partial of(LiveTranscription.Partial partial) {
      return new Partial(partial.text(), partial.startSeconds());
    }
  }

  /**
   * What the speech detector heard since its last such message: the speech probability of
   * consecutive chunks of {@code step} seconds, the first beginning at {@code start}.
   */
  record SpeechProbability(double start, double step, float[] values) implements ServerMessage {
    @Override
    public Type type() {
      return Type.SPEECH_PROBABILITY;
    }

    static SpeechProbability of(LiveTranscription.SpeechProbabilities heard) {
      return new SpeechProbability(heard.startSeconds(), heard.chunkSeconds(), heard.values());
    }
  }

  /** An utterance's transcript: its speech spans {@code start} to {@code end}. */
  record Final(
      String text,
      double start,
      double end,
      List<TimedText> segments,
      List<TimedText> words,
      double confidence)
      implements ServerMessage {
    @Override
    public Type type() {
      return Type.FINAL;
    }

    static Final of(LiveTranscription.Final utterance) {
      return new Final(
          utterance.transcript().text(),
          utterance.startSeconds(),
          utterance.endSeconds(),
          utterance.transcript().segments().stream().map(TimedText::of).toList(),
          utterance.transcript().words().stream().map(TimedText::of).toList(),
          utterance.confidence());
    }
  }

  /** A segment or a word, with the model's probability for it. */
  record TimedText(String text, double start, double end, double confidence) {
    static TimedText of(Segment segment) {
      return new TimedText(
          segment.text(), segment.startSeconds(), segment.endSeconds(), segment.confidence());
    }
  }

  /** Why the server is about to close the connection. */
  record Error(String code, String message) implements ServerMessage {
    @Override
    public Type type() {
      return Type.ERROR;
    }

    static Error of(StreamError error, String message) {
      return new Error(error.code(), message);
    }
  }
}
