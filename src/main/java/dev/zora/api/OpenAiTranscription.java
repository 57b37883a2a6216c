package dev.zora.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zora.decode.Segment;
import dev.zora.pipeline.TranscriptionResult;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAI's transcription answers: {@code json} and {@code verbose_json}. */
final class OpenAiTranscription {
  private OpenAiTranscription() {}

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
