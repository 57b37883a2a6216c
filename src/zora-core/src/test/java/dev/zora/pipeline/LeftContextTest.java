package dev.zora.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zora.decode.Segment;
import dev.zora.decode.Transcript;
import dev.zora.segmentation.Utterance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LeftContextTest {
  private static final int RATE = 100; // one sample per 10 ms keeps the arithmetic readable

  /** An utterance of samples numbered by their position in the stream, so joins can be checked. */
  private static Utterance utterance(long start, long end, long speechStart, long speechEnd) {
    float[] samples = new float[(int) (end - start)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = start + i;
    }
    return new Utterance(start, samples, speechStart, speechEnd, RATE, 0.9);
  }

  /**
   * A model that hears "two zero six" in 1.0-2.0 s and "four six two" in 2.6-3.6 s when it gets
   * both, and misreads the second alone (the failure this context is for).
   */
  private static final class Model implements Function<Utterance, Transcript> {
    final List<Utterance> heard = new ArrayList<>();

    @Override
    public Transcript apply(Utterance u) {
      heard.add(u);
      List<Segment> words = new ArrayList<>();
      if (u.speechStartSeconds() <= 1.0 && u.speechEndSeconds() >= 2.0) {
        words.add(new Segment(1.0, 1.3, "two", 0.9));
        words.add(new Segment(1.3, 1.6, "zero", 0.9));
        words.add(new Segment(1.6, 2.0, "six", 0.9));
      }
      if (u.speechEndSeconds() > 2.5) {
        boolean alone = u.speechStartSeconds() > 2.0;
        words.add(new Segment(2.6, 2.9, "four", 0.9));
        words.add(new Segment(2.9, 3.2, alone ? "four" : "six", 0.9));
        words.add(new Segment(3.2, 3.6, alone ? "seven" : "two", 0.9));
      }
      String text = String.join(" ", words.stream().map(Segment::text).toList());
      return new Transcript(
          text,
          List.of(new Segment(u.speechStartSeconds(), u.speechEndSeconds(), text, 0.8, 0.1)),
          words,
          Optional.empty());
    }
  }

  @Test
  void anUtteranceAfterAShortPauseIsReadWithTheOneBeforeAndKeepsOnlyItsOwnWords() {
    LeftContext context = new LeftContext(0.8, 20, RATE);
    Model model = new Model();
    Utterance first = utterance(50, 250, 100, 200); // speech 1.0-2.0 s, padded, cut after 0.5 s
    Utterance second = utterance(210, 410, 260, 360); // speech 2.6-3.6 s: a 0.6 s pause before

    assertEquals("two zero six", context.transcribe(first, model).text());
    Transcript secondHeard = context.transcribe(second, model);

    assertEquals("four six two", secondHeard.text());
    assertEquals(
        List.of("four", "six", "two"), secondHeard.words().stream().map(Segment::text).toList());
    Segment segment = secondHeard.segments().get(0);
    assertEquals(2.6, segment.startSeconds(), 1e-9, "the segment spans this utterance's speech");
    assertEquals(3.6, segment.endSeconds(), 1e-9);
    assertEquals(0.8, segment.confidence(), 1e-9);
    Utterance joined = model.heard.get(1);
    assertEquals(50, joined.startSample());
    float[] expected = new float[360];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = 50 + i; // the first utterance's samples, then the second's after them
    }
    assertArrayEquals(expected, joined.samples());
    assertEquals(100, joined.speechStartSample());
    assertEquals(360, joined.speechEndSample());
  }

  @Test
  void afterAPauseAFileWouldCutAtTheUtteranceIsReadAlone() {
    LeftContext context = new LeftContext(0.5, 20, RATE);
    Model model = new Model();
    context.transcribe(utterance(50, 250, 100, 200), model);

    assertEquals(
        "four four seven", context.transcribe(utterance(210, 410, 260, 360), model).text());
    assertEquals(210, model.heard.get(1).startSample());
  }

  @Test
  void aSoundWithNoWordsIsNoContext() {
    LeftContext context = new LeftContext(0.8, 20, RATE);
    Model model = new Model();
    assertEquals("", context.transcribe(utterance(0, 76, 15, 26), model).text(), "a cough");

    context.transcribe(utterance(50, 410, 100, 360), model);

    assertEquals(50, model.heard.get(1).startSample(), "the string alone, not after the cough");
    assertEquals(100, model.heard.get(1).speechStartSample());
  }

  @Test
  void aFlushEndsTheContext() {
    LeftContext context = new LeftContext(0.8, 20, RATE);
    Model model = new Model();
    context.transcribe(utterance(50, 250, 100, 200), model);
    context.forget();

    assertEquals(
        "four four seven", context.transcribe(utterance(210, 410, 260, 360), model).text());
  }

  @Test
  void neverPastTheLongestUtteranceNorWhenOff() {
    Model model = new Model();
    LeftContext upToThreeSeconds = new LeftContext(0.8, 3, RATE); // the two together are 3.6 s
    upToThreeSeconds.transcribe(utterance(50, 250, 100, 200), model);
    assertEquals(
        "four four seven",
        upToThreeSeconds.transcribe(utterance(210, 410, 260, 360), model).text());

    LeftContext none = LeftContext.none();
    none.transcribe(utterance(50, 250, 100, 200), model);
    assertEquals("four four seven", none.transcribe(utterance(210, 410, 260, 360), model).text());
  }
}
