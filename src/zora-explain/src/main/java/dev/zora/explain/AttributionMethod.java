package dev.zora.explain;

import dev.zora.naming.ExternalNames;
import dev.zora.task.InvalidOptionException;

/**
 * The ways Zora attributes a model's score to the cells of its log-mel input; all gradient-free.
 */
public enum AttributionMethod {
  /**
   * A window slid over time and frequency, each position replaced by the baseline; score drop per
   * cell.
   */
  OCCLUSION("occlusion"),
  /**
   * Random smooth masks; each cell's score is the masks' score weighted by how much they keep it.
   */
  RISE("rise"),
  /**
   * Class activation map: a layer's activations weighted by the linear head's weights
   * (pooled-over-time CNNs).
   */
  CAM("cam"),
  /** A layer's channels, upsampled, used as masks; weighted by the score each mask keeps. */
  SCORE_CAM("score-cam"),
  /**
   * Shapley values of time-frequency groups, estimated by weighted regression on random coalitions.
   */
  KERNEL_SHAP("kernel-shap"),
  /** The target token's cross-attention over encoder frames (encoder-decoder models). */
  ATTENTION("attention"),
  /**
   * The target token's cross-attention carried back through the encoder's self-attention layers.
   */
  ATTENTION_ROLLOUT("attention-rollout");

  private final String apiName;

  AttributionMethod(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static AttributionMethod fromApiName(String name) {
    return ExternalNames.lookup(
        values(), AttributionMethod::apiName, name, "method", InvalidOptionException::new);
  }
}
