package dev.zora.api;

import dev.zora.pipeline.TranscriptionResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * OpenAI's {@code POST /v1/audio/transcriptions}, so the official SDKs work with only their base URL
 * changed. {@code language}, {@code prompt} and {@code temperature} are accepted and ignored: the
 * served models take neither prompts nor sampling settings.
 */
@Path("/v1/audio/transcriptions")
@Tag(name = "OpenAI-compatible", description = "Drop-in for OpenAI's audio transcription API")
public class OpenAiTranscriptionsResource {
  private static final String VTT = "text/vtt";

  enum Format {
    JSON, TEXT, SRT, VTT, VERBOSE_JSON;

    static Format parse(String value) {
      if (value == null || value.isBlank()) {
        return JSON;
      }
      return Arrays.stream(values())
          .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(value.strip()))
          .findFirst()
          .orElseThrow(() -> new ApiException(ProblemKind.BAD_REQUEST, "response_format \"" + value
              + "\" is not supported; use one of " + Arrays.stream(values())
                  .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
    }
  }

  private static final Set<String> GRANULARITIES = Set.of("segment", "word");

  private final TranscriptionService service;

  public OpenAiTranscriptionsResource(TranscriptionService service) {
    this.service = service;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, VTT})
  @Operation(summary = "Transcribe audio (OpenAI-compatible)",
      description = "Same form as OpenAI's endpoint. An unknown model is a 404; without `model` the default"
          + " model answers.")
  @APIResponse(responseCode = "200", description = "The transcript in the requested response_format",
      content = {
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
              OpenAiTranscription.Simple.class, OpenAiTranscription.Verbose.class})),
          @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING,
              description = "response_format text or srt")),
          @Content(mediaType = VTT, schema = @Schema(type = SchemaType.STRING,
              description = "response_format vtt"))})
  @ProblemResponses
  public Response transcribe(
      @RestForm("file") @Parameter(description = "The audio file") FileUpload file,
      @RestForm("model") @Parameter(description = "Model id; the default model when absent") String model,
      @RestForm("response_format") @Parameter(description = "json (default), text, srt, vtt or verbose_json")
      String responseFormat,
      @RestForm("timestamp_granularities[]")
      @Parameter(description = "segment and/or word; used with verbose_json") List<String> timestampGranularities,
      @RestForm("language") @Parameter(description = "Accepted and ignored") String language,
      @RestForm("prompt") @Parameter(description = "Accepted and ignored") String prompt,
      @RestForm("temperature") @Parameter(description = "Accepted and ignored") String temperature) {
    Format format = Format.parse(responseFormat);
    List<String> granularities = timestampGranularities == null ? List.of() : timestampGranularities;
    for (String g : granularities) {
      if (!GRANULARITIES.contains(g)) {
        throw new ApiException(ProblemKind.BAD_REQUEST,
            "timestamp_granularities[] \"" + g + "\" is not supported; use segment or word");
      }
    }
    TranscriptionResult result = service.transcribe("audio/transcriptions", model, service.read(file));
    return switch (format) {
      case JSON -> Response.ok(new OpenAiTranscription.Simple(result.transcript().text()), MediaType.APPLICATION_JSON)
          .build();
      case TEXT -> Response.ok(result.transcript().text() + "\n", MediaType.TEXT_PLAIN + ";charset=utf-8").build();
      case SRT -> Response.ok(Subtitles.srt(result.transcript().segments()), MediaType.TEXT_PLAIN + ";charset=utf-8")
          .build();
      case VTT -> Response.ok(Subtitles.vtt(result.transcript().segments()), VTT + ";charset=utf-8").build();
      case VERBOSE_JSON -> Response.ok(OpenAiTranscription.verbose(result,
              granularities.isEmpty() || granularities.contains("segment"), granularities.contains("word")),
          MediaType.APPLICATION_JSON).build();
    };
  }
}
