package dev.zora.explain;

/**
 * The explained audio resynthesised twice from its own STFT (original phase): keeping only the most
 * attributed log-mel cells, and with exactly those removed, each scored by the model again.
 *
 * @param fraction the share of log-mel cells counted as evidence
 */
public record Evidence(double fraction, Listening kept, Listening removed) {

  /**
   * One resynthesised version.
   *
   * @param wav 16-bit PCM mono WAV at the model's rate
   * @param prediction what the model answers on it (a label, or a transcript)
   * @param keepsPrediction whether that is the answer on the original audio
   * @param targetProbability the explained target's probability on it
   */
  public record Listening(
      byte[] wav, String prediction, boolean keepsPrediction, double targetProbability) {
    public Listening {
      wav = wav.clone();
    }

    @Override
    public byte[] wav() {
      return wav.clone();
    }
  }
}
