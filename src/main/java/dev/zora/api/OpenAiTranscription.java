package dev.zora.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.decode.Segment;
import dev.zora.decode.Transcript;
import dev.zora.pipeline.TranscriptionResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAI's transcription answers: {@code json}, {@code verbose_json} and the streamed events. */
final class OpenAiTranscription {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiTranscription() {}

  /** A streamed piece of the transcript, as OpenAI's {@code transcript.text.delta} event. */
  record Delta(String type, String delta) {}

  /** The whole transcript at the end of a stream, as OpenAI's {@code transcript.text.done} event. */
  record Done(String type, String text) {}

  /**
   * Writes the server-sent events of {@code stream=true}: a {@code transcript.text.delta} per segment
   * with words (its text, after a space from the second on), flushed as each utterance is decoded,
   * then {@code transcript.text.done}; the deltas add up to the done event's text.
   */
  static final class EventWriter {
    private final OutputStream out;
    private boolean first = true;

    EventWriter(OutputStream out) {
      this.out = out;
    }

    void delta(Transcript utterance) throws IOException {
      for (Segment segment : utterance.segments()) {
        if (!segment.text().isBlank()) {
          write(new Delta("transcript.text.delta", (first ? "" : " ") + segment.text()));
          first = false;
        }
      }
      out.flush();
    }

    void done(Transcript whole) throws IOException {
      write(new Done("transcript.text.done", whole.text()));
      out.flush();
    }

    private void write(Object data) throws IOException {
      out.write(event(data).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String event(Object data) {
    try {
      return "data: " + JSON.writeValueAsString(data) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a transcript event could not be written as JSON", e);
    }
  }

  @Schema(name = "OpenAiTranscription", description = "response_format=json")
  record Simple(@Schema(examples = "seven") String text) {}

  @Schema(name = "OpenAiVerboseTranscription", description = "response_format=verbose_json")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Verbose(
      @Schema(examples = "transcribe") String task,
      @Schema(description = "The language of the models Zora serves today", examples = "english") String language,
      @Schema(description = "Seconds", examples = "0.64") double duration,
      String text,
      @Schema(description = "Present unless timestamp_granularities[] asks for words only")
      List<VerboseSegment> segments,
      @Schema(description = "Present when timestamp_granularities[] includes word") List<Word> words) {}

  @Schema(name = "OpenAiSegment")
  record VerboseSegment(
      int id,
      int seek,
      double start,
      double end,
      String text,
      List<Integer> tokens,
      double temperature,
      @JsonProperty("avg_logprob") @Schema(description = "Natural log of the segment's confidence")
      double avgLogprob,
      @Schema(description = "Zora: the model's probability for this text, 0..1") double confidence) {}

  @Schema(name = "OpenAiWord")
  record Word(String word, double start, double end) {}

  static Verbose verbose(TranscriptionResult result, boolean segments, boolean words) {
    List<VerboseSegment> out = new ArrayList<>();
    List<Segment> source = result.transcript().segments();
    for (int i = 0; i < source.size(); i++) {
      Segment s = source.get(i);
      out.add(new VerboseSegment(i, 0, s.startSeconds(), s.endSeconds(), s.text(), List.of(), 0.0,
          Math.log(s.confidence()), s.confidence()));
    }
    List<Word> wordList = result.transcript().words().stream()
        .map(w -> new Word(w.text(), w.startSeconds(), w.endSeconds()))
        .toList();
    return new Verbose("transcribe", "english", result.durationSeconds(), result.transcript().text(),
        segments ? out : null, words ? wordList : null);
  }
}
