package dev.zora.api.transcription;

import dev.zora.api.problem.ProblemResponses;
import dev.zora.api.upload.UploadedAudio;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/transcriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Transcription", description = "Zora's own transcription API")
public class TranscriptionsResource {
  private final TranscriptionService service;
  private final UploadedAudio uploads;

  public TranscriptionsResource(TranscriptionService service, UploadedAudio uploads) {
    this.service = service;
    this.uploads = uploads;
  }

  @POST
  @Consumes({"audio/*", MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary = "Transcribe an audio file sent as the body",
      description =
          "WAV (8/16/24/32-bit integer or 32-bit float PCM, any rate, mono or stereo) natively;"
              + " MP3 and Ogg/Opus in-process; FLAC, Ogg/Vorbis, WebM, M4A and more when ffmpeg is installed.")
  @APIResponse(responseCode = "200", description = "The transcript")
  @ProblemResponses
  public TranscriptionResponse transcribeBody(
      @QueryParam("model") @Parameter(description = "Model id; the default model when absent")
          String model,
      @QueryParam("vad")
          @Parameter(
              description =
                  "The speech detector that cuts the audio into utterances: silero or energy; the server's default (zora.segmentation.vad)"
                      + " when absent")
          String vad,
      byte[] audio) {
    return TranscriptionResponse.of(
        service.transcribe("transcriptions", model, vad, uploads.body(audio)));
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Transcribe an audio file sent as the `file` part of a form")
  @APIResponse(responseCode = "200", description = "The transcript")
  @ProblemResponses
  public TranscriptionResponse transcribeForm(
      @QueryParam("model") @Parameter(description = "Model id; the default model when absent")
          String model,
      @QueryParam("vad")
          @Parameter(
              description =
                  "The speech detector that cuts the audio into utterances: silero or energy; the server's default (zora.segmentation.vad)"
                      + " when absent")
          String vad,
      @RestForm("file") @Parameter(description = "The audio file") List<FileUpload> file) {
    return TranscriptionResponse.of(
        service.transcribe("transcriptions", model, vad, uploads.filePart(file)));
  }
}
