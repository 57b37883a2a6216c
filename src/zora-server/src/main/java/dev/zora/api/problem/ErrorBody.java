package dev.zora.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The one place that writes an error for a path: problem+json on Zora's own API, and on the
 * OpenAI-compatible surface ({@code /v1/audio/*}, {@code /v1/models} and {@code /v1/models/{id}})
 * the {@code {"error": {...}}} JSON that OpenAI's SDKs read, with the same status and sentence.
 * (The SDKs ignore a problem+json body and show "404 status code (no body)".) Every answer is
 * counted by kind; the registry is Micrometer's global one, which Quarkus' Prometheus registry
 * joins, since this is called from route handlers as well as from JAX-RS.
 */
public final class ErrorBody {
  static final String OPENAI_MEDIA_TYPE = "application/json";

  private ErrorBody() {}

  /**
   * OpenAI's error object: {@code message} is the sentence a problem's {@code detail} would hold.
   */
  record OpenAiError(Detail error) {
    @JsonInclude(JsonInclude.Include.ALWAYS) // OpenAI writes "param": null
    record Detail(String message, String type, String param, String code) {}
  }

  static boolean isOpenAiSurface(String path) {
    if (path.startsWith("/v1/audio/")) {
      return true;
    }
    String models = "/v1/models";
    return path.equals(models)
        || (path.startsWith(models + "/")
            && path.indexOf('/', models.length() + 1) < 0
            && !path.endsWith("/reload"));
  }

  public static String mediaType(String path) {
    return isOpenAiSurface(path) ? OPENAI_MEDIA_TYPE : Problem.MEDIA_TYPE;
  }

  /** The error answer for {@code path}, counted in {@code zora_http_errors_total} by its kind. */
  public static Object of(ProblemKind kind, String detail, String path) {
    Counter.builder("zora.http.errors")
        .description("Error answers, by the problem's kind (its type URI's last part)")
        .tag("code", kind.slug())
        .register(Metrics.globalRegistry)
        .increment();
    if (!isOpenAiSurface(path)) {
      return kind.problem(detail, path);
    }
    return new OpenAiError(
        new OpenAiError.Detail(
            detail,
            openAiType(kind),
            kind == ProblemKind.UNKNOWN_MODEL ? "model" : null,
            kind == ProblemKind.UNKNOWN_MODEL ? "model_not_found" : kind.slug().replace('-', '_')));
  }

  /** OpenAI's error types, by what the status means. */
  private static String openAiType(ProblemKind kind) {
    int status = kind.status();
    if (status == 401) {
      return "authentication_error";
    }
    if (status == 403) {
      return "permission_error";
    }
    if (status == 429) {
      return "rate_limit_error";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  /**
   * Documents the rule in the OpenAPI spec: on the OpenAI surface every error answer is an {@code
   * OpenAiError} as application/json. Run after every other change to the responses.
   */
  public static void document(OpenAPI openAPI) {
    Map<String, Schema> fields =
        new LinkedHashMap<>(); // in OpenAI's order, the same on every build
    fields.put("message", text("What went wrong: the sentence a problem's detail holds"));
    fields.put(
        "type",
        text(
            "invalid_request_error, authentication_error, permission_error, rate_limit_error"
                + " or server_error"));
    fields.put("param", text("The request parameter at fault (model), or null"));
    fields.put("code", text("model_not_found, or the problem's kind (unsupported_audio, ...)"));
    openAPI
        .getComponents()
        .addSchema(
            "OpenAiError",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description(
                    "An error as OpenAI's API writes it, on /v1/audio/*, /v1/models and /v1/models/{id}")
                .properties(
                    Map.of(
                        "error",
                        OASFactory.createSchema()
                            .addType(Schema.SchemaType.OBJECT)
                            .properties(fields))));
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (isOpenAiSurface(path)) {
                item.getOperations()
                    .values()
                    .forEach(
                        operation ->
                            operation
                                .getResponses()
                                .getAPIResponses()
                                .forEach(
                                    (status, response) -> {
                                      if (status.compareTo("400") >= 0
                                          && response.getContent() != null) {
                                        response.setContent(
                                            OASFactory.createContent()
                                                .addMediaType(
                                                    OPENAI_MEDIA_TYPE,
                                                    OASFactory.createMediaType()
                                                        .schema(
                                                            OASFactory.createSchema()
                                                                .ref("OpenAiError"))));
                                      }
                                    }));
              }
            });
  }

  private static Schema text(String description) {
    return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
  }
}
