package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecondBlocksTest {

  /** Remembers the pieces it is given. */
  private static final class Pieces implements PcmSink {
    int rate;
    final List<float[]> pieces = new ArrayList<>();

    @Override
    public void start(int sampleRate) {
      rate = sampleRate;
    }

    @Override
    public void accept(float[] samples) {
      pieces.add(samples);
    }

    float[] all() {
      PcmCollector collector = new PcmCollector();
      collector.start(rate);
      pieces.forEach(collector::accept);
      return collector.audio().samples();
    }
  }

  @Test
  void mp3FramesComeOutASecondAtATimeWithEverySampleInOrder() {
    Pieces out = new Pieces();
    SecondBlocks blocks = new SecondBlocks(out);
    blocks.start(8000);
    PcmCollector sent = new PcmCollector();
    sent.start(8000);
    float next = 0;
    for (int frame = 0; frame < 40; frame++) { // 40 MP3 frames of 576 samples: 2.88 s
      float[] piece = new float[576];
      for (int i = 0; i < piece.length; i++) {
        piece[i] = next++;
      }
      blocks.accept(piece);
      sent.accept(piece.clone());
    }
    assertEquals(2, out.pieces.size()); // two whole seconds so far; the rest waits for flush
    blocks.flush();
    assertEquals(List.of(8000, 8000, 7040), out.pieces.stream().map(p -> p.length).toList());
    assertEquals(8000, out.rate);
    assertArrayEquals(sent.audio().samples(), out.all());
  }

  @Test
  void aPieceLongerThanASecondIsSplitAndNothingIsLeftToFlushAfterWholeSeconds() {
    Pieces out = new Pieces();
    SecondBlocks blocks = new SecondBlocks(out);
    blocks.start(100);
    blocks.accept(new float[250]);
    blocks.accept(new float[50]);
    blocks.flush();
    blocks.flush();
    assertEquals(List.of(100, 100, 100), out.pieces.stream().map(p -> p.length).toList());
  }
}
