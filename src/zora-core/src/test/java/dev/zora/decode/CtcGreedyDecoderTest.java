package dev.zora.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CtcGreedyDecoderTest {
  private static final int BLANK = 0;

  /** Logits that make {@code path[t]} the clear winner of frame t, over a vocabulary of 4. */
  private static float[] logitsFor(int... path) {
    float[] logits = new float[path.length * 4];
    for (int t = 0; t < path.length; t++) {
      logits[t * 4 + path[t]] = 10f;
    }
    return logits;
  }

  @Test
  void collapsesRepeatsAndDropsBlanks() {
    List<TokenSpan> out = new CtcGreedyDecoder(BLANK).decode(logitsFor(0, 2, 2, 0, 3, 0), 6, 4);
    assertEquals(List.of(2, 3), out.stream().map(TokenSpan::token).toList());
    assertEquals(1, out.get(0).firstFrame());
    assertEquals(3, out.get(0).endFrame());
    assertEquals(4, out.get(1).firstFrame());
    assertEquals(5, out.get(1).endFrame());
  }

  @Test
  void aBlankBetweenTwoEqualTokensKeepsBoth() {
    List<TokenSpan> out = new CtcGreedyDecoder(BLANK).decode(logitsFor(1, 0, 1), 3, 4);
    assertEquals(List.of(1, 1), out.stream().map(TokenSpan::token).toList());
  }

  @Test
  void emitsATokenThatRunsToTheLastFrame() {
    List<TokenSpan> out = new CtcGreedyDecoder(BLANK).decode(logitsFor(0, 3, 3), 3, 4);
    assertEquals(1, out.size());
    assertEquals(3, out.get(0).endFrame());
  }

  @Test
  void confidenceIsTheMeanSoftmaxOfTheWinningToken() {
    // Frame logits [0, 10, 0, 0]: softmax of the winner = e^10 / (e^10 + 3).
    double expected = Math.exp(10) / (Math.exp(10) + 3);
    TokenSpan e = new CtcGreedyDecoder(BLANK).decode(logitsFor(1, 1), 2, 4).get(0);
    assertEquals(expected, e.confidence(), 1e-9);
    assertTrue(e.confidence() < 1);
  }

  @Test
  void allBlankIsNothing() {
    assertTrue(new CtcGreedyDecoder(BLANK).decode(logitsFor(0, 0, 0), 3, 4).isEmpty());
  }
}
