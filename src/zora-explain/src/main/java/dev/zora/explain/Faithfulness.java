package dev.zora.explain;

/**
 * How faithful a map is to the model (Petsiuk et al., 2018): the target's probability as the most
 * attributed cells are removed (put at the baseline) in {@code steps} equal steps, and as they are
 * inserted into the all-baseline input; the same for one random ordering of the cells. A faithful
 * map's deletion curve falls faster (smaller area) and its insertion curve rises faster (larger
 * area) than the random ordering's.
 *
 * @param fractions the fraction of cells removed or inserted at each point, 0 to 1
 */
public record Faithfulness(
    double[] fractions,
    Curve deletion,
    Curve insertion,
    Curve randomDeletion,
    Curve randomInsertion) {

  public Faithfulness {
    fractions = fractions.clone();
  }

  @Override
  public double[] fractions() {
    return fractions.clone();
  }

  /**
   * @param probabilities the target's probability at each fraction
   * @param auc the area under the curve over fractions 0 to 1 (trapezoids)
   */
  public record Curve(double[] probabilities, double auc) {
    public Curve {
      probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
      return probabilities.clone();
    }
  }
}
