package dev.zora.api.problem;

import dev.zora.audio.UnsupportedAudioException;
import dev.zora.audio.UnusableAudioException;
import dev.zora.inference.OverCapacityException;
import dev.zora.model.ModelNotReadyException;
import dev.zora.model.UnknownModelException;
import dev.zora.model.WrongTaskException;
import dev.zora.task.InvalidOptionException;
import dev.zora.task.NotExplainableException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One narrow mapper per failure the pipeline reports, each to its problem+json answer (OpenAI's
 * error JSON on the OpenAI surface, {@link ErrorBody}). Details come from the exception messages,
 * which are written for the client; stack traces stay in the log.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size", defaultValue = "2048")
  MemorySize maxFormFieldBytes;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize maxBodyBytes;

  @ServerExceptionMapper
  public Response unknownModel(UnknownModelException e, UriInfo uri) {
    return respond(ProblemKind.UNKNOWN_MODEL, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response modelNotReady(ModelNotReadyException e, UriInfo uri) {
    return respond(ProblemKind.MODEL_NOT_READY, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response wrongTask(WrongTaskException e, UriInfo uri) {
    return respond(ProblemKind.WRONG_TASK, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response unsupportedAudio(UnsupportedAudioException e, UriInfo uri) {
    return respond(ProblemKind.UNSUPPORTED_AUDIO, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response unusableAudio(UnusableAudioException e, UriInfo uri) {
    return respond(ProblemKind.UNUSABLE_AUDIO, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response invalidOption(InvalidOptionException e, UriInfo uri) {
    return respond(ProblemKind.BAD_REQUEST, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response notExplainable(NotExplainableException e, UriInfo uri) {
    return respond(ProblemKind.NOT_EXPLAINABLE, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response overCapacity(OverCapacityException e, UriInfo uri) {
    return Response.fromResponse(respond(ProblemKind.OVER_CAPACITY, e.getMessage(), uri))
        .header("Retry-After", "1")
        .build();
  }

  @ServerExceptionMapper
  public Response refused(ApiException e, UriInfo uri) {
    Response response = respond(e.kind(), e.getMessage(), uri);
    return e.kind() == ProblemKind.BUSY
        ? Response.fromResponse(response).header("Retry-After", "1").build()
        : response;
  }

  /** JAX-RS's own refusals: unknown path, wrong method, wrong Content-Type, unparsable form. */
  @ServerExceptionMapper
  public Response webApplication(
      WebApplicationException e, UriInfo uri, Request request, HttpServerRequest vertxRequest) {
    int status = e.getResponse().getStatus();
    if (status == 413) {
      return formTooLarge(vertxRequest, uri);
    }
    if (status >= 500) {
      LOG.error("request failed", e);
      return respond(ProblemKind.INTERNAL_ERROR, "the server failed to handle the request", uri);
    }
    ProblemKind kind =
        switch (status) {
          case 404 -> ProblemKind.NOT_FOUND;
          case 405 -> ProblemKind.METHOD_NOT_ALLOWED;
          case 406 -> ProblemKind.NOT_ACCEPTABLE;
          case 415 -> ProblemKind.UNSUPPORTED_MEDIA_TYPE;
          default -> ProblemKind.BAD_REQUEST;
        };
    String detail =
        switch (status) {
          case 404 -> "nothing at " + uri.getPath() + "; the API is described at /q/openapi";
          case 405 ->
              request.getMethod()
                  + " is not allowed on "
                  + uri.getPath()
                  + "; the API is described at /q/openapi";
          case 415 ->
              "this Content-Type is not accepted here: POST /v1/transcriptions takes the audio as the body"
                  + " (audio/*, application/octet-stream) or as the `file` part of multipart/form-data;"
                  + " POST /v1/audio/transcriptions takes multipart/form-data";
          default -> e.getMessage();
        };
    return respond(kind, detail, uri);
  }

  /**
   * RESTEasy's form parser refuses a form it cannot hold with a bare 413: a text field over
   * Quarkus' field limit, or a whole form over Quarkus' body limit (a form whose Content-Length is
   * over zora.limits.max-upload-bytes never gets this far, UploadLimit refuses it first).
   */
  private Response formTooLarge(HttpServerRequest request, UriInfo uri) {
    if (request.bytesRead() <= maxBodyBytes.asLongValue()) {
      return respond(
          ProblemKind.BAD_REQUEST,
          "a text field of the form is longer than the "
              + maxFormFieldBytes.asLongValue()
              + " bytes this server reads (quarkus.http.limits.max-form-attribute-size);"
              + " only the audio goes in a file part",
          uri);
    }
    return respond(
        ProblemKind.PAYLOAD_TOO_LARGE,
        "the form passed the "
            + maxBodyBytes.asLongValue()
            + " bytes this server reads (quarkus.http.limits.max-body-size); send at most zora.limits.max-upload-bytes",
        uri);
  }

  /** Anything else is Zora's fault, not the client's: log it, answer without internals. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    LOG.error("unexpected failure", e);
    return respond(
        ProblemKind.INTERNAL_ERROR,
        "the server failed to handle the request; the log has the details",
        uri);
  }

  private static Response respond(ProblemKind kind, String detail, UriInfo uri) {
    return Response.status(kind.status())
        .type(ErrorBody.mediaType(uri.getPath()))
        .entity(ErrorBody.of(kind, detail, uri.getPath()))
        .build();
  }
}
