package dev.zora.api;

import dev.zora.model.UnknownModelException;
import dev.zora.pipeline.Zora;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
  @Operation(summary = "List models",
      description = "Every bundle found in the models folder, ready or failed (with the reason).")
  @APIResponse(responseCode = "200", description = "The bundles")
  public ModelList list() {
    return new ModelList("list", zora.models().stream().map(ModelResponse::of).toList(), zora.defaultModel());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Describe a model",
      description = "State (ready, or failed and why), task, sample rate, labels or vocabulary, inspectable layers.")
  @APIResponse(responseCode = "200", description = "The bundle")
  @APIResponse(responseCode = "404", description = "No bundle has this id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public ModelResponse get(@PathParam("id") String id) {
    return zora.model(id)
        .map(ModelResponse::of)
        .orElseThrow(() -> new UnknownModelException(id, zora.models().stream().map(s -> s.id()).toList()));
  }
}
