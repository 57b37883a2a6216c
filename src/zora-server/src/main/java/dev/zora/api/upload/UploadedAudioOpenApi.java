package dev.zora.api.upload;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents a form's {@code file} part as what the API takes: one binary file. The resources read
 * every part of that name ({@code List<FileUpload>}) only so that {@link UploadedAudio} can refuse
 * a second one, and the scanner would describe that as an array.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class UploadedAudioOpenApi implements OASFilter {
  private static final String FORM = "multipart/form-data";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    openAPI
        .getPaths()
        .getPathItems()
        .values()
        .forEach(
            item ->
                item.getOperations()
                    .values()
                    .forEach(
                        operation -> {
                          if (operation.getRequestBody() == null
                              || operation.getRequestBody().getContent() == null) {
                            return;
                          }
                          MediaType form =
                              operation.getRequestBody().getContent().getMediaType(FORM);
                          if (form != null
                              && form.getSchema() != null
                              && form.getSchema().getProperties() != null
                              && form.getSchema().getProperties().containsKey("file")) {
                            form.getSchema()
                                .addProperty(
                                    "file",
                                    OASFactory.createSchema()
                                        .addType(Schema.SchemaType.STRING)
                                        .format("binary"));
                          }
                        }));
  }
}
