package dev.zora.api.transcription;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.api.problem.ProblemResponses;
import dev.zora.api.upload.UploadedAudio;
import dev.zora.pipeline.TranscriptionResult;
import dev.zora.server.ZoraConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * OpenAI's {@code POST /v1/audio/transcriptions}, so the official SDKs work with only their base
 * URL changed. Every OpenAI parameter is honoured or refused, none silently dropped: {@code
 * language} must be English (what every served model speaks), {@code temperature} must lie in
 * OpenAI's range 0-1 and is then moot (decoding is a deterministic beam search), {@code prompt} is
 * accepted and documented as unused (the models take no text context), {@code stream=true} answers
 * OpenAI's server-sent events (a {@code transcript.text.delta} per segment, sent as each utterance
 * is decoded, then {@code transcript.text.done}). Model aliases ({@code zora.openai.model-aliases})
 * map names such as {@code whisper-1} to a served model.
 */
@Path("/v1/audio/transcriptions")
@Tag(name = "OpenAI-compatible", description = "Drop-in for OpenAI's audio transcription API")
public class OpenAiTranscriptionsResource {
  private static final String VTT = "text/vtt";
  private static final String EVENT_STREAM = "text/event-stream";

  enum Format {
    JSON,
    TEXT,
    SRT,
    VTT,
    VERBOSE_JSON;

    static Format parse(String value) {
      if (value == null || value.isBlank()) {
        return JSON;
      }
      return Arrays.stream(values())
          .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(value.strip()))
          .findFirst()
          .orElseThrow(
              () ->
                  new ApiException(
                      ProblemKind.BAD_REQUEST,
                      "response_format \""
                          + value
                          + "\" is not supported; use one of "
                          + Arrays.stream(values())
                              .map(f -> f.name().toLowerCase(Locale.ROOT))
                              .collect(Collectors.joining(", "))));
    }
  }

  private static final Set<String> GRANULARITIES = Set.of("segment", "word");

  private final TranscriptionService service;
  private final UploadedAudio uploads;
  private final Map<String, String> aliases;

  public OpenAiTranscriptionsResource(
      TranscriptionService service, UploadedAudio uploads, ZoraConfig config) {
    this.service = service;
    this.uploads = uploads;
    this.aliases = parseAliases(config.openai().modelAliases().orElse(List.of()));
  }

  /** {@code alias=model} entries; a malformed one stops the server at start, naming it. */
  public static Map<String, String> parseAliases(List<String> entries) {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            "zora.openai.model-aliases entry \""
                + entry
                + "\" is not alias=model (for example whisper-1=digits-ctc)");
      }
      aliases.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return Map.copyOf(aliases);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, VTT, EVENT_STREAM})
  @Operation(
      summary = "Transcribe audio (OpenAI-compatible)",
      description =
          "Same form as OpenAI's endpoint. An unknown model is a 404; without `model` the default"
              + " model answers.")
  @APIResponse(
      responseCode = "200",
      description = "The transcript in the requested response_format",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema =
                @Schema(
                    oneOf = {OpenAiTranscription.Simple.class, OpenAiTranscription.Verbose.class})),
        @Content(
            mediaType = MediaType.TEXT_PLAIN,
            schema =
                @Schema(type = SchemaType.STRING, description = "response_format text or srt")),
        @Content(
            mediaType = VTT,
            schema = @Schema(type = SchemaType.STRING, description = "response_format vtt")),
        @Content(
            mediaType = EVENT_STREAM,
            schema =
                @Schema(
                    type = SchemaType.STRING,
                    description =
                        "stream=true: data lines of transcript.text.delta events, then transcript.text.done"))
      })
  @ProblemResponses
  public Response transcribe(
      @RestForm("file") @Parameter(description = "The audio file") List<FileUpload> file,
      @RestForm("model") @Parameter(description = "Model id; the default model when absent")
          String model,
      @RestForm("response_format")
          @Parameter(description = "json (default), text, srt, vtt or verbose_json")
          String responseFormat,
      @RestForm("timestamp_granularities[]")
          @Parameter(description = "segment and/or word; used with verbose_json")
          List<String> timestampGranularities,
      @RestForm("language")
          @Parameter(
              description =
                  "en (or absent): the served models speak English only;"
                      + " any other language is a 400")
          String language,
      @RestForm("prompt")
          @Parameter(description = "Accepted and unused: the models take no text context")
          String prompt,
      @RestForm("temperature")
          @Parameter(
              description =
                  "0 to 1, as OpenAI allows; decoding is a deterministic beam"
                      + " search, so any value in range gives the same answer")
          String temperature,
      @RestForm("vad")
          @Parameter(
              description =
                  "Zora's own: the speech detector that cuts the audio into utterances,"
                      + " silero or energy; the server's default (zora.segmentation.vad) when absent")
          String vad,
      @RestForm("stream")
          @Parameter(
              description =
                  "true: server-sent events (transcript.text.delta per segment,"
                      + " then transcript.text.done), with response_format json or text; each delta is sent as its utterance is decoded")
          String stream,
      @RestForm("include[]")
          @Parameter(
              description =
                  "logprobs: the log probability of each word, with response_format"
                      + " json (streamed or not)")
          List<String> include) {
    Format format = Format.parse(responseFormat);
    boolean streamed = requireBoolean("stream", stream);
    if (streamed && format != Format.JSON && format != Format.TEXT) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "stream=true works with response_format json or text, as"
              + " OpenAI's streaming does; got "
              + format.name().toLowerCase(Locale.ROOT));
    }
    boolean logprobs = includesLogprobs(include, format);
    requireEnglish(language);
    requireTemperatureInRange(temperature);
    List<String> granularities =
        timestampGranularities == null ? List.of() : timestampGranularities;
    for (String g : granularities) {
      if (!GRANULARITIES.contains(g)) {
        throw new ApiException(
            ProblemKind.BAD_REQUEST,
            "timestamp_granularities[] \"" + g + "\" is not supported; use segment or word");
      }
    }
    String served = model == null ? null : aliases.getOrDefault(model.strip(), model);
    byte[] audio = uploads.filePart(file);
    if (streamed) {
      return Response.ok(streamed(served, vad, audio, logprobs), EVENT_STREAM + ";charset=utf-8")
          .header("Cache-Control", "no-cache")
          .build();
    }
    TranscriptionResult result = service.transcribe("audio/transcriptions", served, vad, audio);
    return switch (format) {
      case JSON ->
          Response.ok(
                  new OpenAiTranscription.Simple(
                      result.transcript().text(),
                      logprobs ? OpenAiTranscription.logprobs(result.transcript()) : null),
                  MediaType.APPLICATION_JSON)
              .build();
      case TEXT ->
          Response.ok(result.transcript().text() + "\n", MediaType.TEXT_PLAIN + ";charset=utf-8")
              .build();
      case SRT ->
          Response.ok(
                  Subtitles.srt(result.transcript().segments()),
                  MediaType.TEXT_PLAIN + ";charset=utf-8")
              .build();
      case VTT ->
          Response.ok(Subtitles.vtt(result.transcript().segments()), VTT + ";charset=utf-8")
              .build();
      case VERBOSE_JSON ->
          Response.ok(
                  OpenAiTranscription.verbose(
                      result,
                      granularities.isEmpty() || granularities.contains("segment"),
                      granularities.contains("word")),
                  MediaType.APPLICATION_JSON)
              .build();
    };
  }

  /**
   * The events of {@code stream=true}, written as the file is transcribed: each utterance's delta
   * is sent (and flushed) as soon as it is decoded, the done event at the end. Nothing is written
   * before the first utterance, so a request refused before it (an unknown model, audio that does
   * not decode) still gets its status and OpenAI error JSON.
   */
  private StreamingOutput streamed(String model, String vad, byte[] audio, boolean logprobs) {
    return out -> {
      OpenAiTranscription.EventWriter events = new OpenAiTranscription.EventWriter(out, logprobs);
      TranscriptionResult result =
          service.transcribe(
              "audio/transcriptions",
              model,
              vad,
              audio,
              part -> {
                try {
                  events.delta(part);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      events.done(result.transcript());
    };
  }

  /**
   * include[]: logprobs, which OpenAI gives with response_format json only; anything else is a 400.
   */
  private static boolean includesLogprobs(List<String> include, Format format) {
    boolean logprobs = false;
    for (String item : include == null ? List.<String>of() : include) {
      if (!item.strip().equals("logprobs")) {
        throw new ApiException(
            ProblemKind.BAD_REQUEST,
            "include[] \"" + item.strip() + "\" is not supported; use logprobs");
      }
      logprobs = true;
    }
    if (logprobs && format != Format.JSON) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "include[]=logprobs works with response_format json, as in"
              + " OpenAI's API; got "
              + format.name().toLowerCase(Locale.ROOT));
    }
    return logprobs;
  }

  private static boolean requireBoolean(String name, String value) {
    if (value == null || value.isBlank() || value.strip().equals("false")) {
      return false;
    }
    if (value.strip().equals("true")) {
      return true;
    }
    throw new ApiException(
        ProblemKind.BAD_REQUEST, name + " must be true or false, got \"" + value.strip() + "\"");
  }

  private static void requireEnglish(String language) {
    if (language == null || language.isBlank()) {
      return;
    }
    String code = language.strip().toLowerCase(Locale.ROOT);
    if (!code.equals("en") && !code.startsWith("en-") && !code.equals("english")) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "language \""
              + language.strip()
              + "\" is not spoken by Zora's models: they transcribe English (en) only");
    }
  }

  private static void requireTemperatureInRange(String temperature) {
    if (temperature == null || temperature.isBlank()) {
      return;
    }
    double value;
    try {
      value = Double.parseDouble(temperature.strip());
    } catch (NumberFormatException e) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST, "temperature \"" + temperature.strip() + "\" is not a number");
    }
    if (!(value >= 0 && value <= 1)) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "temperature " + temperature.strip() + " is out of range: OpenAI's API takes 0 to 1");
    }
  }
}
