package dev.zora.api;

import dev.zora.audio.UnsupportedAudioException;
import dev.zora.audio.UnusableAudioException;
import dev.zora.explain.InvalidOptionException;
import dev.zora.explain.NotExplainableException;
import dev.zora.inference.OverCapacityException;
import dev.zora.model.ModelNotReadyException;
import dev.zora.model.UnknownModelException;
import dev.zora.model.WrongTaskException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One narrow mapper per failure the pipeline reports, each to its problem+json answer (OpenAI's
 * error JSON on the OpenAI surface, {@link ErrorBody}). Details come
 * from the exception messages, which are written for the client; stack traces stay in the log.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
    return e.kind() == ProblemKind.BUSY ? Response.fromResponse(response).header("Retry-After", "1").build() : response;
  }

  /** JAX-RS's own refusals: unknown path, wrong method, wrong Content-Type, unparsable form. */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri, Request request) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return respond(ProblemKind.INTERNAL_ERROR, "the server failed to handle the request", uri);
    }
    ProblemKind kind = switch (status) {
      case 404 -> ProblemKind.NOT_FOUND;
      case 405 -> ProblemKind.METHOD_NOT_ALLOWED;
      case 406 -> ProblemKind.NOT_ACCEPTABLE;
      case 413 -> ProblemKind.PAYLOAD_TOO_LARGE;
      case 415 -> ProblemKind.UNSUPPORTED_MEDIA_TYPE;
      default -> ProblemKind.BAD_REQUEST;
    };
    String detail = switch (status) {
      case 404 -> "nothing at " + uri.getPath() + "; the API is described at /q/openapi";
      case 405 -> request.getMethod() + " is not allowed on " + uri.getPath() + "; the API is described at /q/openapi";
      case 415 -> "this Content-Type is not accepted here: POST /v1/transcriptions takes the audio as the body"
          + " (audio/*, application/octet-stream) or as the `file` part of multipart/form-data;"
          + " POST /v1/audio/transcriptions takes multipart/form-data";
      default -> e.getMessage();
    };
    return respond(kind, detail, uri);
  }

  /** Anything else is Zora's fault, not the client's: log it, answer without internals. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    LOG.error("unexpected failure", e);
    return respond(ProblemKind.INTERNAL_ERROR,
        "the server failed to handle the request; the log has the details", uri);
  }

  private static Response respond(ProblemKind kind, String detail, UriInfo uri) {
    return Response.status(kind.status())
        .type(ErrorBody.mediaType(uri.getPath()))
        .entity(ErrorBody.of(kind, detail, uri.getPath()))
        .build();
  }
}
