package dev.zora.api.transcription;

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
import java.util.zip.Deflater;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAI's transcription answers: {@code json}, {@code verbose_json} and the streamed events. */
public final class OpenAiTranscription {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiTranscription() {}

  /**
   * One token of {@code include[]=logprobs}: a word of the transcript (the models' tokens are
   * words), after a space from the second word on, so the tokens add up to the text, with the
   * natural log of the model's probability for it.
   */
  record Logprob(String token, double logprob, List<Integer> bytes) {
    static Logprob of(Segment word, boolean first) {
      String token = (first ? "" : " ") + word.text();
      List<Integer> bytes = new ArrayList<>();
      for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
        bytes.add(Byte.toUnsignedInt(b));
      }
      return new Logprob(token, Math.log(word.confidence()), bytes);
    }
  }

  /** The logprobs of a whole transcript: one per word, or per segment where words are not timed. */
  static List<Logprob> logprobs(Transcript transcript) {
    List<Segment> tokens =
        transcript.words().isEmpty() ? transcript.segments() : transcript.words();
    List<Logprob> out = new ArrayList<>();
    for (Segment token : tokens) {
      out.add(Logprob.of(token, out.isEmpty()));
    }
    return out;
  }

  /** A streamed piece of the transcript, as OpenAI's {@code transcript.text.delta} event. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delta(String type, String delta, List<Logprob> logprobs) {}

  /**
   * The whole transcript at the end of a stream, as OpenAI's {@code transcript.text.done} event.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Done(String type, String text, List<Logprob> logprobs) {}

  /**
   * Writes the server-sent events of {@code stream=true}: a {@code transcript.text.delta} per
   * segment with words (its text, after a space from the second on), flushed as each utterance is
   * decoded, then {@code transcript.text.done}; the deltas add up to the done event's text. With
   * logprobs, each delta carries its words' and the done event all of them.
   */
  static final class EventWriter {
    private final OutputStream out;
    private final boolean withLogprobs;
    private boolean first = true;

    EventWriter(OutputStream out, boolean withLogprobs) {
      this.out = out;
      this.withLogprobs = withLogprobs;
    }

    void delta(Transcript utterance) throws IOException {
      for (Segment segment : utterance.segments()) {
        if (!segment.text().isBlank()) {
          List<Logprob> logprobs = withLogprobs ? tokensOf(segment, utterance.words()) : null;
          write(new Delta("transcript.text.delta", (first ? "" : " ") + segment.text(), logprobs));
          first = false;
        }
      }
      out.flush();
    }

    /** The words whose middle lies in the segment; the segment itself where words are not timed. */
    private List<Logprob> tokensOf(Segment segment, List<Segment> words) {
      List<Segment> inside =
          words.stream()
              .filter(
                  w -> {
                    double middle = (w.startSeconds() + w.endSeconds()) / 2;
                    return middle >= segment.startSeconds() && middle <= segment.endSeconds();
                  })
              .toList();
      List<Logprob> out = new ArrayList<>();
      for (Segment token : inside.isEmpty() ? List.of(segment) : inside) {
        out.add(Logprob.of(token, first && out.isEmpty()));
      }
      return out;
    }

    void done(Transcript whole) throws IOException {
      write(new Done("transcript.text.done", whole.text(), withLogprobs ? logprobs(whole) : null));
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
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Simple(
      @Schema(examples = "seven") String text,
      @Schema(description = "With include[]=logprobs: one entry per word")
          List<Logprob> logprobs) {}

  @Schema(name = "OpenAiVerboseTranscription", description = "response_format=verbose_json")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Verbose(
      @Schema(examples = "transcribe") String task,
      @Schema(description = "The language of the models Zora serves today", examples = "english")
          String language,
      @Schema(description = "Seconds", examples = "0.64") double duration,
      String text,
      @Schema(description = "Present unless timestamp_granularities[] asks for words only")
          List<VerboseSegment> segments,
      @Schema(description = "Present when timestamp_granularities[] includes word")
          List<Word> words) {}

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
      @JsonProperty("compression_ratio")
          @Schema(
              description =
                  "The text's length over its zlib-compressed length, as"
                      + " Whisper computes it: high for repetitive text")
          double compressionRatio,
      @JsonProperty("no_speech_prob")
          @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(
              description =
                  "1 - the speech detector's mean speech probability over the segment (vad=silero);"
                      + " null with vad=energy, which only hears loudness")
          Double noSpeechProb,
      @Schema(description = "Zora: the model's probability for this text, 0..1")
          double confidence) {}

  /**
   * Whisper's {@code compression_ratio}: UTF-8 length over zlib-compressed length (level 6, zlib
   * header).
   */
  public static double compressionRatio(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return 0;
    }
    Deflater deflater = new Deflater(6);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[bytes.length + 64];
      int compressed = 0;
      while (!deflater.finished()) {
        compressed += deflater.deflate(buffer);
      }
      return bytes.length / (double) compressed;
    } finally {
      deflater.end();
    }
  }

  @Schema(name = "OpenAiWord")
  record Word(String word, double start, double end) {}

  static Verbose verbose(TranscriptionResult result, boolean segments, boolean words) {
    List<VerboseSegment> out = new ArrayList<>();
    List<Segment> source = result.transcript().segments();
    for (int i = 0; i < source.size(); i++) {
      Segment s = source.get(i);
      out.add(
          new VerboseSegment(
              i,
              0,
              s.startSeconds(),
              s.endSeconds(),
              s.text(),
              List.of(),
              0.0,
              Math.log(s.confidence()),
              compressionRatio(s.text()),
              Double.isNaN(s.noSpeechProbability()) ? null : s.noSpeechProbability(),
              s.confidence()));
    }
    List<Word> wordList =
        result.transcript().words().stream()
            .map(w -> new Word(w.text(), w.startSeconds(), w.endSeconds()))
            .toList();
    return new Verbose(
        "transcribe",
        "english",
        result.durationSeconds(),
        result.transcript().text(),
        segments ? out : null,
        words ? wordList : null);
  }
}
