package dev.zora.task;

/**
 * What a map explains.
 *
 * @param index the class index, or the position of the token in the hypothesis
 * @param label the class label or the token's text
 * @param decoderInput encoder-decoder models: start-of-sentence then the whole hypothesis (the
 *     decoder's teacher-forced input, whose step {@code index} predicts the token); null otherwise
 */
public record Target(int index, String label, int[] decoderInput) {
  public Target {
    decoderInput = decoderInput == null ? null : decoderInput.clone();
  }

  @Override
  public int[] decoderInput() {
    return decoderInput == null ? null : decoderInput.clone();
  }
}
