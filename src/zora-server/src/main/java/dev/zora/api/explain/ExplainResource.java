package dev.zora.api.explain;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.Problem;
import dev.zora.api.problem.ProblemKind;
import dev.zora.api.problem.ProblemResponses;
import dev.zora.api.upload.UploadedAudio;
import dev.zora.explain.AttributionRequest;
import dev.zora.explain.Explainer;
import dev.zora.explain.Layers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The explain endpoints: a model's tensors, their values on audio, and attribution maps. */
@Path("/v1/models/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Explain",
    description = "Look into a model: its layers, their activations, attribution maps")
public class ExplainResource {
  private final Explainer explainer;
  private final UploadedAudio uploads;
  private final MeterRegistry meters;

  public ExplainResource(Explainer explainer, UploadedAudio uploads, MeterRegistry meters) {
    this.explainer = explainer;
    this.uploads = uploads;
    this.meters = meters;
  }

  @GET
  @Path("/layers")
  @Operation(
      summary = "List a model's tensors",
      description =
          "Every float tensor of the model's graphs (inputs, intermediates, outputs), with the operator that"
              + " writes it, its shape for one second of audio, its time axis and the manifest's friendly names. Any of"
              + " them can be asked of the activations endpoint, named in the manifest or not.")
  @APIResponse(responseCode = "200", description = "The tensors")
  @APIResponse(
      responseCode = "404",
      description = "No model has this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description = "The model failed to load",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public LayersResponse layers(@PathParam("id") String id) {
    Layers layers = explainer.layers(id);
    return new LayersResponse(
        id,
        layers.secondsPerFrame(),
        layers.layers().stream().map(l -> LayerResponse.of(l, layers.secondsPerFrame())).toList());
  }

  @POST
  @Path("/activations")
  @Consumes({"audio/*", MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary = "Activations of chosen tensors on an audio file sent as the body",
      description =
          "Each tensor's values (base64), aligned to the log-mel input's time, with per-channel summaries,"
              + " and the log-mel input itself. A decoder's tensors are read with the decoder teacher-forced on the"
              + " model's own transcript.")
  @APIResponse(responseCode = "200", description = "The tensors")
  @ProblemResponses
  public ActivationsResponse activations(
      @PathParam("id") String id,
      @QueryParam("layers")
          @Parameter(
              description = "Tensor names, comma-separated (GET .../layers lists them)",
              required = true)
          String layers,
      @QueryParam("encoding") @Parameter(description = "float32 (default) or float16")
          String encoding,
      @BeanParam SegmentQuery segment,
      byte[] audio) {
    count("activations");
    return ActivationsResponse.of(
        explainer.activations(id, uploads.body(audio), names(layers), segment.toSelection()),
        TensorEncoding.fromApiName(encoding));
  }

  @POST
  @Path("/activations")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Activations of chosen tensors on an audio file sent as the `file` part of a form")
  @APIResponse(responseCode = "200", description = "The tensors")
  @ProblemResponses
  public ActivationsResponse activationsForm(
      @PathParam("id") String id,
      @QueryParam("layers")
          @Parameter(description = "Tensor names, comma-separated", required = true)
          String layers,
      @QueryParam("encoding") @Parameter(description = "float32 (default) or float16")
          String encoding,
      @BeanParam SegmentQuery segment,
      @RestForm("file") @Parameter(description = "The audio file") List<FileUpload> file) {
    count("activations");
    return ActivationsResponse.of(
        explainer.activations(id, uploads.filePart(file), names(layers), segment.toSelection()),
        TensorEncoding.fromApiName(encoding));
  }

  @POST
  @Path("/attributions")
  @Consumes({"audio/*", MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary = "An attribution map over the log-mel input of an audio file sent as the body",
      description =
          "One method, one target (a class, or a token of the transcript), the method's parameters; the map"
              + " has one value per log-mel cell. Optionally its faithfulness (deletion and insertion curves against a"
              + " random ordering) and the evidence as audio (top cells kept, and removed), each scored again.")
  @APIResponse(responseCode = "200", description = "The map")
  @ProblemResponses
  public AttributionResponse attributions(
      @PathParam("id") String id,
      @BeanParam AttributionQuery query,
      @BeanParam SegmentQuery segment,
      byte[] audio) {
    AttributionRequest request = query.toRequest();
    count(request.method().apiName());
    return AttributionResponse.of(
        explainer.attribute(id, uploads.body(audio), request, segment.toSelection()),
        TensorEncoding.fromApiName(query.encoding()));
  }

  @POST
  @Path("/attributions")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "An attribution map for an audio file sent as the `file` part of a form")
  @APIResponse(responseCode = "200", description = "The map")
  @ProblemResponses
  public AttributionResponse attributionsForm(
      @PathParam("id") String id,
      @BeanParam AttributionQuery query,
      @BeanParam SegmentQuery segment,
      @RestForm("file") @Parameter(description = "The audio file") List<FileUpload> file) {
    AttributionRequest request = query.toRequest();
    count(request.method().apiName());
    return AttributionResponse.of(
        explainer.attribute(id, uploads.filePart(file), request, segment.toSelection()),
        TensorEncoding.fromApiName(query.encoding()));
  }

  /**
   * Counts an explain request in zora_explain_requests_total by what it asks for (a closed set).
   */
  private void count(String method) {
    Counter.builder("zora.explain.requests")
        .description("Explain requests, by method (activations or an attribution method)")
        .tag("method", method)
        .register(meters)
        .increment();
  }

  private static List<String> names(String layers) {
    if (layers == null || layers.isBlank()) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "the layers query parameter is required: tensor names, comma-separated (GET .../layers lists them)");
    }
    return Arrays.stream(layers.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
