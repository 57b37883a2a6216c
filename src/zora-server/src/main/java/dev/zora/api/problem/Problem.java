package dev.zora.api.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every error response. */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
    @Schema(
            description = "URI identifying the kind of problem",
            examples = "urn:zora:problem:unknown-model")
        String type,
    @Schema(description = "Short summary of the kind of problem", examples = "Unknown model")
        String title,
    @Schema(description = "HTTP status code", examples = "404") int status,
    @Schema(
            description = "What went wrong with this request, and what to change",
            examples = "no model with id \"digits\"; available models: digits-cnn")
        String detail,
    @Schema(description = "The request path", examples = "/v1/transcriptions") String instance) {

  public static final String MEDIA_TYPE = "application/problem+json";
}
