package dev.zora.decode;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.LongTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Encoder-decoder models (Speech-Transformer): the encoder runs once, then {@link BeamSearch} runs
 * the decoder over the whole prefix of every live hypothesis, all of them in one batch per step
 * (memory repeated along the batch). The vocabulary is taken as words joined with spaces; tokens
 * written {@code <like-this>} never reach the text.
 *
 * <p>A word's confidence is the probability the decoder gave its token when it chose it; the
 * segment's is the mean over its words. Word times come from the last decoder layer's
 * cross-attention, read in one more decoder run on the chosen hypothesis: {@link #wordTimes}.
 */
public final class Seq2SeqTranscriber implements Transcriber {
  /**
   * The tensor names of the two graphs.
   *
   * @param crossAttention the decoder output {@code [batch, heads, steps, encoderFrames]} that
   *     times words; empty when the graph has none, and then words have no times
   */
  public record Names(
      String features,
      String memoryOut,
      String tokens,
      String memoryIn,
      String logits,
      Optional<String> crossAttention) {}

  /**
   * Joint CTC/attention decoding with the encoder's CTC head.
   *
   * @param ctcLogits the encoder output {@code [1, encoderFrames, vocabulary]}
   * @param blank the CTC blank's index in the vocabulary
   * @param weight the CTC prefix score's weight, in (0, 1)
   */
  public record JointCtc(String ctcLogits, int blank, double weight) {}

  private final OnnxModel encoder;
  private final OnnxModel decoder;
  private final Names names;
  private final List<String> vocabulary;
  private final int sos;
  private final int eos;
  private final int subsampling;
  private final BeamSearchOptions options;
  private final Optional<JointCtc> jointCtc;

  public Seq2SeqTranscriber(
      OnnxModel encoder,
      OnnxModel decoder,
      Names names,
      List<String> vocabulary,
      int sos,
      int eos,
      int subsampling,
      BeamSearchOptions options,
      Optional<JointCtc> jointCtc) {
    this.encoder = encoder;
    this.decoder = decoder;
    this.names = names;
    this.vocabulary = List.copyOf(vocabulary);
    this.sos = sos;
    this.eos = eos;
    this.subsampling = subsampling;
    this.options = options;
    this.jointCtc = jointCtc;
  }

  @Override
  public Transcript transcribe(LogMelFeatures features, double audioSeconds) {
    Set<String> outputs =
        jointCtc
            .map(j -> Set.of(names.memoryOut(), j.ctcLogits()))
            .orElse(Set.of(names.memoryOut()));
    Map<String, FloatTensor> encoded =
        encoder.run(
            Map.of(names.features(), new FloatTensor(features.values(), features.batchShape())),
            outputs);
    FloatTensor memory = encoded.get(names.memoryOut());
    long[] memoryShape = memory.shape();
    if (memoryShape.length != 3 || memoryShape[0] != 1) {
      throw new InferenceException(
          "encoder output "
              + names.memoryOut()
              + " has shape "
              + Arrays.toString(memoryShape)
              + ", expected [1, encoderFrames, dModel]");
    }
    float[] memoryValues = memory.values();
    BeamSearch.Step step = prefixes -> nextLogProbs(memoryValues, memoryShape, prefixes);
    double secondsPerEncoderFrame = subsampling * features.secondsPerFrame();
    BeamSearch search =
        new BeamSearch(options.forUtterance(memoryShape[1] * secondsPerEncoderFrame), sos, eos);
    BeamSearch.Hypothesis best =
        jointCtc
            .map(j -> search.search(step, ctcScorer(encoded.get(j.ctcLogits()), j), j.weight()))
            .orElseGet(() -> search.search(step));

    int[] tokens = best.tokens();
    double[] logProbs = best.logProbs();
    int emitted =
        tokens.length > 0 && tokens[tokens.length - 1] == eos ? tokens.length - 1 : tokens.length;
    Optional<double[]> peakSeconds =
        names
            .crossAttention()
            .map(
                name ->
                    peakSeconds(
                        memoryValues,
                        memoryShape,
                        Arrays.copyOf(tokens, emitted),
                        name,
                        secondsPerEncoderFrame));

    List<Segment> words = new ArrayList<>();
    for (int i = 0; i < emitted; i++) {
      String token = vocabulary.get(tokens[i]);
      if (token.startsWith("<") && token.endsWith(">")) {
        continue;
      }
      int at = i;
      double start = peakSeconds.map(peaks -> peaks[at]).orElse(0.0);
      // A word lasts until the decoder looks further on; when it does not, one encoder frame.
      double end =
          peakSeconds
              .map(
                  peaks ->
                      peaks[at + 1] > peaks[at]
                          ? peaks[at + 1]
                          : peaks[at] + secondsPerEncoderFrame)
              .orElse(audioSeconds);
      words.add(
          new Segment(
              Math.min(audioSeconds, start),
              Math.min(audioSeconds, end),
              token,
              Math.exp(logProbs[i])));
    }
    String text = String.join(" ", words.stream().map(Segment::text).toList());
    List<Segment> segments =
        words.isEmpty()
            ? List.of()
            : List.of(
                new Segment(
                    words.get(0).startSeconds(),
                    words.get(words.size() - 1).endSeconds(),
                    text,
                    words.stream().mapToDouble(Segment::confidence).average().orElseThrow()));
    // Without cross-attention every word would span the whole clip: say "no word times" instead.
    return new Transcript(
        text, segments, peakSeconds.isPresent() ? words : List.of(), Optional.empty());
  }

  private CtcPrefixScorer ctcScorer(FloatTensor ctcLogits, JointCtc joint) {
    long[] shape = ctcLogits.shape();
    if (shape.length != 3 || shape[0] != 1 || shape[2] != vocabulary.size()) {
      throw new InferenceException(
          "encoder output "
              + joint.ctcLogits()
              + " has shape "
              + Arrays.toString(shape)
              + ", expected [1, encoderFrames, "
              + vocabulary.size()
              + "] (the vocabulary size)");
    }
    return new CtcPrefixScorer(
        LogSoftmax.rows(ctcLogits.values(), (int) shape[1], vocabulary.size()), joint.blank(), eos);
  }

  /** One decoder run for every live prefix; the log-softmax of each one's last step. */
  private double[][] nextLogProbs(float[] memory, long[] memoryShape, List<int[]> prefixes) {
    int beams = prefixes.size();
    int steps = prefixes.get(0).length;
    float[] logits = runDecoder(memory, memoryShape, prefixes, names.logits());
    int size = vocabulary.size();
    if (logits.length != (long) beams * steps * size) {
      throw new InferenceException(
          "decoder output "
              + names.logits()
              + " has "
              + logits.length
              + " values, expected ["
              + beams
              + ", "
              + steps
              + ", "
              + size
              + "] (the vocabulary size)");
    }
    double[][] out = new double[beams][];
    for (int b = 0; b < beams; b++) {
      out[b] = LogSoftmax.row(logits, (b * steps + steps - 1) * size, size);
    }
    return out;
  }

  private float[] runDecoder(
      float[] memory, long[] memoryShape, List<int[]> prefixes, String output) {
    int beams = prefixes.size();
    int steps = prefixes.get(0).length;
    long[] tokens = new long[beams * steps];
    float[] repeated = new float[beams * memory.length];
    for (int b = 0; b < beams; b++) {
      for (int s = 0; s < steps; s++) {
        tokens[b * steps + s] = prefixes.get(b)[s];
      }
      System.arraycopy(memory, 0, repeated, b * memory.length, memory.length);
    }
    Map<String, Tensor> inputs =
        Map.of(
            names.tokens(), new LongTensor(tokens, new long[] {beams, steps}),
            names.memoryIn(),
                new FloatTensor(repeated, new long[] {beams, memoryShape[1], memoryShape[2]}));
    return decoder.run(inputs, Set.of(output)).get(output).values();
  }

  /**
   * Teacher-forces the hypothesis once more and reads where the decoder looked: for each of its
   * {@code n} tokens, and for the {@code <eos>} after them, the encoder frame where the head-mean
   * cross-attention peaks, in seconds ({@code frame * subsampling * hop}), made non-decreasing.
   *
   * @return {@code n + 1} times: row {@code i} is where token {@code i} was written from
   */
  private double[] peakSeconds(
      float[] memory,
      long[] memoryShape,
      int[] emitted,
      String output,
      double secondsPerEncoderFrame) {
    int[] prefix = new int[emitted.length + 1];
    prefix[0] = sos;
    System.arraycopy(emitted, 0, prefix, 1, emitted.length);
    float[] attention = runDecoder(memory, memoryShape, List.of(prefix), output);
    int steps = prefix.length;
    int frames = (int) memoryShape[1];
    if (attention.length % (steps * frames) != 0) {
      throw new InferenceException(
          "decoder output "
              + output
              + " has "
              + attention.length
              + " values, expected [1, heads, "
              + steps
              + ", "
              + frames
              + "]");
    }
    int heads = attention.length / (steps * frames);
    double[] seconds = new double[steps];
    for (int s = 0; s < steps; s++) {
      int peak = 0;
      double peakWeight = Double.NEGATIVE_INFINITY;
      for (int f = 0; f < frames; f++) {
        double weight = 0;
        for (int h = 0; h < heads; h++) {
          weight += attention[(h * steps + s) * frames + f];
        }
        if (weight > peakWeight) {
          peakWeight = weight;
          peak = f;
        }
      }
      // Attention may look back at an earlier word; a word never starts before the one before it.
      seconds[s] = Math.max(s == 0 ? 0 : seconds[s - 1], peak * secondsPerEncoderFrame);
    }
    return seconds;
  }

  @Override
  public void close() {
    try {
      decoder.close();
    } finally {
      encoder.close();
    }
  }
}
