package dev.zora.explain;

import dev.zora.task.InvalidOptionException;

/**
 * The parameters of every attribution method in one place, with their defaults ({@link #DEFAULTS}).
 * Each method reads the ones it needs; sizes are in log-mel frames and mel bins.
 *
 * @param baseline what removed cells are replaced with
 * @param windowFrames occlusion: the occluding window's length
 * @param windowMels occlusion: the occluding window's height
 * @param strideFrames occlusion: the window's step along time
 * @param strideMels occlusion: the window's step along frequency
 * @param masks RISE: how many random masks
 * @param cellFrames RISE: the length of a mask grid cell; KernelSHAP: of a group
 * @param cellMels RISE: the height of a mask grid cell; KernelSHAP: of a group
 * @param keepProbability RISE: the chance each grid cell is kept
 * @param samples KernelSHAP: how many random coalitions
 * @param layer CAM, Score-CAM, attention: the tensor to use; null for the method's default
 * @param seed the random masks, coalitions and the random ordering of the faithfulness check
 */
public record AttributionOptions(
    Baseline baseline,
    int windowFrames,
    int windowMels,
    int strideFrames,
    int strideMels,
    int masks,
    int cellFrames,
    int cellMels,
    double keepProbability,
    int samples,
    String layer,
    long seed) {

  public static final AttributionOptions DEFAULTS =
      new AttributionOptions(Baseline.MEAN, 10, 8, 5, 4, 500, 10, 8, 0.5, 300, null, 0);

  /** The most perturbed inputs one request may ask a model to score (masks, coalitions). */
  public static final int MAX_PERTURBATIONS = 5000;

  public AttributionOptions {
    if (baseline == null) {
      throw new InvalidOptionException("baseline must be given");
    }
    positive("windowFrames", windowFrames);
    positive("windowMels", windowMels);
    positive("strideFrames", strideFrames);
    positive("strideMels", strideMels);
    positive("cellFrames", cellFrames);
    positive("cellMels", cellMels);
    if (strideFrames > windowFrames || strideMels > windowMels) {
      throw new InvalidOptionException(
          "the stride ("
              + strideFrames
              + " x "
              + strideMels
              + ") must not exceed the window ("
              + windowFrames
              + " x "
              + windowMels
              + "): cells between windows would never be occluded");
    }
    withinBudget("masks", masks);
    withinBudget("samples", samples);
    if (!(keepProbability > 0 && keepProbability < 1)) {
      throw new InvalidOptionException(
          "keepProbability must be between 0 and 1 (exclusive), got " + keepProbability);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new InvalidOptionException(name + " must be at least 1, got " + value);
    }
  }

  private static void withinBudget(String name, int value) {
    if (value < 1 || value > MAX_PERTURBATIONS) {
      throw new InvalidOptionException(
          name + " must be between 1 and " + MAX_PERTURBATIONS + ", got " + value);
    }
  }
}
