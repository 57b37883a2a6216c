package dev.zora.api.filter;

import dev.zora.access.PublicPaths;
import dev.zora.api.problem.ErrorBody;
import dev.zora.api.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Documents {@link AccessControl} in the OpenAPI spec by the rule it enforces: every operation
 * outside {@link PublicPaths} takes an optional API key and may answer 401 and 429, so an endpoint
 * added later is documented without a second list to keep in step.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class AccessControlOpenApi implements OASFilter {
  private static final String BEARER = "bearer";
  private static final String API_KEY = "apiKey";
  private static final String WHEN_ENABLED =
      "Only when the server has API keys configured (zora.api-keys).";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    openAPI
        .getComponents()
        .addSecurityScheme(
            BEARER,
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("An API key sent as `Authorization: Bearer <key>`. " + WHEN_ENABLED))
        .addSecurityScheme(
            API_KEY,
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name("X-API-Key")
                .description("An API key sent as `X-API-Key: <key>`. " + WHEN_ENABLED));
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (!PublicPaths.isPublic(path)) {
                item.getOperations().values().forEach(AccessControlOpenApi::protect);
              }
            });
    ErrorBody.document(openAPI); // last: it rewrites the error answers added above too
  }

  private static void protect(Operation operation) {
    // The empty requirement first: a server without keys takes requests without any.
    operation.setSecurity(
        List.of(
            OASFactory.createSecurityRequirement(),
            OASFactory.createSecurityRequirement().addScheme(BEARER),
            OASFactory.createSecurityRequirement().addScheme(API_KEY)));
    APIResponses responses = operation.getResponses();
    responses.addAPIResponse(
        "401", problem("No API key, or not one the server accepts. " + WHEN_ENABLED));
    if (responses.getAPIResponse("429") == null) {
      responses.addAPIResponse(
          "429", problem("This client is over its rate limit (zora.rate-limit.*)"));
    }
    responses
        .getAPIResponse("429")
        .addHeader(
            "Retry-After",
            OASFactory.createHeader()
                .description("Seconds to wait before the next request")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
    responses.setAPIResponses(
        new TreeMap<>(responses.getAPIResponses())); // in status order, as written
  }

  private static APIResponse problem(String description) {
    return OASFactory.createAPIResponse()
        .description(description)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
  }
}
