package dev.zora.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zora.model.ModelManifest;
import dev.zora.model.ModelStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One bundle as the models API shows it. {@code object} and {@code owned_by} make the list readable
 * by OpenAI clients' {@code models.list()} too.
 */
@Schema(name = "Model")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelResponse(
    @Schema(examples = "digits-cnn") String id,
    @Schema(examples = "model") String object,
    @Schema(
            description =
                "When this server loaded the serving version, Unix seconds (OpenAI: when the model was"
                    + " created); absent for a failed bundle",
            examples = "1764720000")
        Long created,
    @JsonProperty("owned_by") @Schema(examples = "zora") String ownedBy,
    @Schema(examples = "1.0.0") String version,
    @Schema(description = "classification, ctc or seq2seq", examples = "classification")
        String task,
    String description,
    @Schema(
            description =
                "ready: serving; stale: serving its last good version, the folder's new version"
                    + " failed to load (see reason); failed: not serving, see reason",
            enumeration = {"ready", "stale", "failed"})
        String state,
    @Schema(description = "Why the bundle (or, when stale, its new version) failed to load")
        String reason,
    @JsonProperty("failed_at")
        @Schema(description = "Stale: when the new version first failed to load (ISO-8601)")
        String failedAt,
    @Schema(description = "The rate audio is resampled to, Hz", examples = "8000")
        Integer sampleRate,
    @Schema(description = "Classifiers: the output classes") List<String> labels,
    @Schema(description = "CTC and seq2seq: the output tokens") List<String> vocabulary,
    @Schema(description = "Intermediate tensors with friendly names")
        List<ModelManifest.Layer> layers,
    @Schema(description = "Metrics the training recipe measured") Map<String, Object> metrics,
    String license) {

  static ModelResponse of(ModelStatus status) {
    ModelManifest m = status.manifest();
    String state = status.state().name().toLowerCase(Locale.ROOT);
    String failedAt = status.failedAt() == null ? null : status.failedAt().toString();
    Long created = status.loadedAt() == null ? null : status.loadedAt().getEpochSecond();
    if (m == null) {
      return new ModelResponse(
          status.id(),
          "model",
          created,
          "zora",
          null,
          null,
          null,
          state,
          status.reason(),
          failedAt,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    return new ModelResponse(
        status.id(),
        "model",
        created,
        "zora",
        m.version(),
        m.task() == null ? null : m.task().manifestName(),
        m.description(),
        state,
        status.reason(),
        failedAt,
        m.sampleRate(),
        m.labels(),
        m.vocabulary(),
        m.layers(),
        m.metrics(),
        m.license());
  }
}
