package dev.zora.api.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every bundle found, in OpenAI's list envelope. */
@Schema(name = "ModelList")
public record ModelList(
    @Schema(examples = "list") String object,
    List<ModelResponse> data,
    @JsonProperty("default_model")
        @Schema(description = "Used when a request names no model", examples = "digits-cnn")
        String defaultModel) {}
