package dev.zora.api.models;

import dev.zora.api.problem.Problem;
import dev.zora.model.ModelStatus;
import dev.zora.model.UnknownModelException;
import dev.zora.pipeline.Zora;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "The model bundles in the models folder")
public class ModelsResource {
  private final Zora zora;

  public ModelsResource(Zora zora) {
    this.zora = zora;
  }

  @GET
  @Operation(
      summary = "List models",
      description = "Every bundle found in the models folder, ready or failed (with the reason).")
  @APIResponse(responseCode = "200", description = "The bundles")
  public ModelList list() {
    return listOf(zora.models());
  }

  @POST
  @Path("/reload")
  @Operation(
      summary = "Reload the models folder",
      description =
          "Scans the models folder again without a restart. Bundles whose manifest and files are unchanged"
              + " keep serving as loaded; new and changed bundles load; a bundle that no longer loads is listed as failed"
              + " with the reason and its requests get 503; removed bundles disappear (404). Requests and streams already"
              + " using a replaced or removed model finish on it. One reload runs at a time.")
  @APIResponse(
      responseCode = "200",
      description = "The bundles after the reload, as GET /v1/models lists them")
  public ModelList reload() {
    return listOf(zora.reload());
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "Describe a model",
      description =
          "State (ready, or failed and why), task, sample rate, labels or vocabulary, inspectable layers.")
  @APIResponse(responseCode = "200", description = "The bundle")
  @APIResponse(
      responseCode = "404",
      description = "No bundle has this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ModelResponse get(@PathParam("id") String id) {
    return zora.model(id)
        .map(ModelResponse::of)
        .orElseThrow(
            () -> new UnknownModelException(id, zora.models().stream().map(s -> s.id()).toList()));
  }

  private ModelList listOf(List<ModelStatus> statuses) {
    return new ModelList(
        "list", statuses.stream().map(ModelResponse::of).toList(), zora.defaultModel());
  }
}
