package dev.zora.task;

import dev.zora.decode.LogSoftmax;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.LongTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * An encoder-decoder model's teacher-forced log-probability of one token of its hypothesis: the
 * encoder runs on every input of a batch, the decoder on the hypothesis' prefix before the token
 * (the same prefix for every row), and the score is the log-softmax of its last step at the token.
 */
final class TokenScorer implements TargetScorer {
  /** The tensor names of the two graphs. */
  record Names(String features, String memoryOut, String tokens, String memoryIn, String logits) {}

  private final OnnxModel encoder;
  private final OnnxModel decoder;
  private final Names names;
  private final long[] prefix;
  private final int token;
  private final int frames;
  private final int melBins;

  /**
   * @param prefix the decoder input before the token: start-of-sentence and the tokens before it
   * @param token the vocabulary id whose probability is the score
   */
  TokenScorer(
      OnnxModel encoder,
      OnnxModel decoder,
      Names names,
      int[] prefix,
      int token,
      int frames,
      int melBins) {
    this.encoder = encoder;
    this.decoder = decoder;
    this.names = names;
    this.prefix = Arrays.stream(prefix).asLongStream().toArray();
    this.token = token;
    this.frames = frames;
    this.melBins = melBins;
  }

  @Override
  public double[] scoreBatch(float[] batch, int count) {
    int steps = prefix.length;
    FloatTensor features = new FloatTensor(batch, new long[] {count, frames, melBins});
    FloatTensor memory =
        encoder
            .run(Map.of(names.features(), features), Set.of(names.memoryOut()))
            .get(names.memoryOut());
    long[] tokens = new long[count * steps];
    for (int i = 0; i < count; i++) {
      System.arraycopy(prefix, 0, tokens, i * steps, steps);
    }
    Map<String, Tensor> decoderInputs =
        Map.of(
            names.tokens(),
            new LongTensor(tokens, new long[] {count, steps}),
            names.memoryIn(),
            memory);
    float[] logits =
        decoder.run(decoderInputs, Set.of(names.logits())).get(names.logits()).values();
    double[][] logProbs = LogSoftmax.rows(logits, count * steps, logits.length / (count * steps));
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = logProbs[i * steps + steps - 1][token];
    }
    return out;
  }
}
